"""Odd HTTP requests, sent as raw bytes to two servers, and what each answered.

``python -m tests.server.odd_requests`` serves the offline API and its FastAPI twin
(``tests/server/fastapi_twin.py``) on loopback, sends every request below to both, and prints
the answers side by side; ``tests/server/test_fastapi_parity.py`` pins the comparison.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

ORG = 123
RUN = f"/v1/organizations/{ORG}/agent/run"
TIMEOUT = 5.0


def _request(method: str, target: str, headers: dict[str, str], body: bytes = b"") -> bytes:
    lines = [
        f"{method} {target} HTTP/1.1",
        "Host: 127.0.0.1",
        *(f"{k}: {v}" for k, v in headers.items()),
    ]
    if body and not any(k.lower() in {"content-length", "transfer-encoding"} for k in headers):
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def odd_requests(key: str, run_id: int) -> dict[str, bytes]:
    """Each odd request by name, as the bytes sent on a new connection.

    Args:
        key: The bearer token both servers accept.
        run_id: An agent run of organization 123 (for its logs).

    Returns:
        Name to request bytes; about fifty of them.

    """
    auth = {"Authorization": f"Bearer {key}"}
    js = {**auth, "Content-Type": "application/json"}
    prompt = b'{"prompt": "Fix the tests"}'

    def post(body: bytes, headers: dict[str, str] | None = None, target: str = RUN) -> bytes:
        return _request("POST", target, js if headers is None else headers, body)

    def get(target: str, headers: dict[str, str] | None = None) -> bytes:
        return _request("GET", target, auth if headers is None else headers)

    logs = f"/v1/alpha/organizations/{ORG}/agent/run/{run_id}/logs"
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(prompt), prompt)
    return {
        # Plain ones, for reference.
        "GET users/me": get("/v1/users/me"),
        "POST a run": post(prompt),
        # Targets.
        "trailing slash": get("/v1/users/me/"),
        "trailing slash on a POST": post(prompt, target=RUN + "/"),
        "two trailing slashes with a query": get(f"/v1/organizations/{ORG}/repos//?limit=1"),
        "trailing slash on an unknown path": get("/v1/nowhere/"),
        "double slash after /v1": get("/v1//users/me"),
        "double slash at the start": get("//v1/users/me"),
        "double slash inside": get(f"/v1/organizations//{ORG}/repos"),
        "empty path parameter": get("/v1/organizations//repos"),
        "percent-encoded slash": get("/v1/users%2Fme"),
        "percent-encoded letters": get("/v1/%75sers/me"),
        "bad percent-escape": get("/v1/users/%zz"),
        "dot segment": get("/v1/organizations/../users/me"),
        "upper-case path": get("/v1/USERS/ME"),
        "no /v1": get("/users/me"),
        "only /v1": get("/v1"),
        "unknown path": get("/v1/nowhere"),
        "path parameter not a number": get("/v1/organizations/abc/repos"),
        "path parameter negative": get("/v1/organizations/-1/repos"),
        "path parameter with plus": get("/v1/organizations/+123/repos"),
        "path parameter past 64 bits": get("/v1/organizations/" + "9" * 30 + "/repos"),
        "query limit 0": get(f"/v1/organizations/{ORG}/repos?limit=0"),
        "query limit not a number": get(f"/v1/organizations/{ORG}/repos?limit=ten"),
        "query limit twice": get(f"/v1/organizations/{ORG}/repos?limit=1&limit=500"),
        "query with no value": get(f"/v1/organizations/{ORG}/repos?limit="),
        "query bool yes": get(f"{logs}?reverse=yes"),
        "query bool maybe": get(
            f"/v1/alpha/organizations/{ORG}/agent/run/{run_id}/logs?reverse=maybe"
        ),
        "required query missing": get(f"/v1/organizations/{ORG}/repos/check-suite-settings"),
        # Methods.
        "lower-case method": _request("get", "/v1/users/me", auth),
        "mixed-case method": _request("Get", "/v1/users/me", auth),
        "HEAD": _request("HEAD", "/v1/users/me", auth),
        "OPTIONS": _request("OPTIONS", "/v1/users/me", auth),
        "TRACE": _request("TRACE", "/v1/users/me", auth),
        "DELETE on a GET route": _request("DELETE", "/v1/users/me", auth),
        "PATCH on a route with three methods": _request(
            "PATCH", f"/v1/organizations/{ORG}/webhooks/agent-run", auth
        ),
        "unknown method": _request("FETCH", "/v1/users/me", auth),
        "lower-case method on an unknown path": _request("get", "/v1/nowhere", auth),
        # Authentication.
        "no Authorization": get("/v1/users/me", {}),
        "unknown key": get("/v1/users/me", {"Authorization": "Bearer sk-unknown"}),
        "Basic scheme": get("/v1/users/me", {"Authorization": f"Basic {key}"}),
        "lower-case bearer": get("/v1/users/me", {"Authorization": f"bearer {key}"}),
        "Bearer and nothing": get("/v1/users/me", {"Authorization": "Bearer"}),
        "no key on an unknown path": get("/v1/nowhere", {}),
        "no key and invalid JSON": post(b"{bad", {"Content-Type": "application/json"}),
        # Bodies.
        "invalid JSON": post(b"{bad"),
        "empty body": post(b""),
        "JSON null": post(b"null"),
        "JSON array": post(b"[]"),
        "JSON string": post(b'"Fix it"'),
        "prompt missing": post(b"{}"),
        "prompt a number": post(b'{"prompt": 5}'),
        "no Content-Type": post(prompt, auth),
        "text/plain Content-Type": post(prompt, {**auth, "Content-Type": "text/plain"}),
        "form Content-Type": post(
            prompt, {**auth, "Content-Type": "application/x-www-form-urlencoded"}
        ),
        "JSON with charset": post(
            prompt, {**js, "Content-Type": "application/json; charset=utf-8"}
        ),
        "vendor +json Content-Type": post(
            prompt, {**auth, "Content-Type": "application/vnd.codegen+json"}
        ),
        "UTF-8 BOM": post(b"\xef\xbb\xbf" + prompt),
        "UTF-16 body": post('{"prompt": "Fix"}'.encode("utf-16")),
        "invalid UTF-8": post(b'{"prompt": "\xed\xa0\x80"}'),
        "lone surrogate": post(b'{"prompt": "\\ud800 fix it"}'),
        "surrogate pair": post(b'{"prompt": "\\ud83d\\ude00 fix it"}'),
        "NaN in JSON": post(b'{"prompt": "x", "metadata": {"a": NaN}}'),
        "duplicate keys": post(b'{"prompt": 5, "prompt": "Fix it"}'),
        "JSON nested 300 deep in a field": post(
            b'{"prompt": "x", "metadata": {"a": ' + b"[" * 300 + b"]" * 300 + b"}}"
        ),
        "JSON nested 100,000 deep": post(b"[" * 100_000 + b"]" * 100_000),
        "trailing garbage after JSON": post(prompt + b" x"),
        "whitespace body": post(b"   "),
        "a byte that is not UTF-8": post(b'{"prompt": "\xff"}'),
        "JSON body on a route without one": _request(
            "POST", f"/v1/oauth/tokens/revoke?provider=linear&org_id={ORG}", js, b"{bad"
        ),
        "body on a GET": _request("GET", "/v1/users/me", js, b"{}"),
        # Framing and sizes.
        "bad Content-Length": _request("POST", RUN, {**js, "Content-Length": "abc"}),
        "two Content-Lengths": _request(
            "POST", RUN, {**js, "Content-Length": "1", "content-length": "2"}, b"ab"
        ),
        "chunked body": _request("POST", RUN, {**js, "Transfer-Encoding": "chunked"}, chunked),
        "target past 8 KiB": get("/v1/" + "a" * 9000),
        "headers past 16 KiB": get(
            "/v1/users/me", {**auth, **{f"X-H{i}": "v" * 1000 for i in range(20)}}
        ),
        "non-ASCII header value": get("/v1/users/me", {**auth, "X-Name": "caf\xe9"}),
    }


@dataclass(frozen=True)
class Observed:
    """What a server answered: status, the detail's kind, and the headers that matter."""

    status: int
    detail: str
    allow: str | None
    location: str | None
    dates: int

    def row(self) -> str:
        """Return a short text for a table."""
        extra = "".join(
            f" {name}={value}"
            for name, value in (("Allow", self.allow), ("Location", self.location))
            if value
        )
        return f"{self.status} {self.detail}{extra}"


def _detail(body: bytes) -> str:
    """``detail`` text, or the first 422 error's type, or ``-`` for other bodies."""
    try:
        data: Any = json.loads(body)
    except ValueError:
        return "-"
    if not isinstance(data, dict) or "detail" not in data:
        return "-"
    detail = data["detail"]
    if isinstance(detail, list) and detail and isinstance(detail[0], dict):
        return "[" + ",".join(str(d.get("type")) for d in detail) + "]"
    return json.dumps(detail)


def probe(port: int, data: bytes) -> Observed:
    """Send ``data`` on a new connection to 127.0.0.1:port and read one answer.

    Args:
        port: The server's port.
        data: The raw request.

    Returns:
        What came back (status 0: the connection closed without an answer).

    """
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as sock:
        sock.sendall(data)
        buffer = b""
        while b"\r\n\r\n" not in buffer:
            chunk = sock.recv(65536)
            if not chunk:
                return Observed(0, "-", None, None, 0)
            buffer += chunk
        head, _, rest = buffer.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ")[1])
        headers = [
            (k.strip().lower(), v.strip()) for k, _, v in (x.partition(":") for x in lines[1:])
        ]
        named = dict(headers)
        length = int(named.get("content-length", "0"))
        head_request = data.split(b" ", 1)[0] == b"HEAD"
        while not head_request and len(rest) < length:
            chunk = sock.recv(65536)
            if not chunk:
                break
            rest += chunk
    return Observed(
        status,
        _detail(rest[:length]) if not head_request else "-",
        named.get("allow"),
        named.get("location"),
        sum(1 for k, _ in headers if k == "date"),
    )


@contextmanager
def serve_app(app: Any) -> Iterator[int]:
    """Serve an ASGI app on uvicorn (h11, as the offline API's server) on a loopback port.

    Args:
        app: The ASGI application.

    Yields:
        The port.

    """
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    config = uvicorn.Config(
        app, http="h11", ws="none", lifespan="off", log_config=None, access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[sock])), daemon=True)
    thread.start()
    try:
        while not server.started:
            threading.Event().wait(0.01)
        yield sock.getsockname()[1]
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@contextmanager
def both_servers() -> Iterator[tuple[str, int, int, int]]:
    """Serve the offline API and its FastAPI twin; yield the key, a run id and the two ports."""
    from codegen_client.testing import FakeCodegenAPI, ManualClock
    from codegen_client.testing.server import FakeServer
    from tests.server.fastapi_twin import build_twin

    fake = FakeCodegenAPI(clock=ManualClock(), org_id=ORG, rate_limits=False)
    run = fake.add_agent_run(ORG, "A run with logs")
    with (
        FakeServer(fake, port=0, body_timeout=1.0) as server,
        serve_app(build_twin(fake.api_key, ORG)) as twin_port,
    ):
        yield fake.api_key, run.id, server.port, twin_port


def compare() -> dict[str, tuple[Observed, Observed]]:
    """Send every odd request to both servers; return name to (offline API, FastAPI)."""
    with both_servers() as (key, run_id, fake_port, twin_port):
        return {
            name: (probe(fake_port, data), probe(twin_port, data))
            for name, data in odd_requests(key, run_id).items()
        }


def main() -> None:
    """Print the comparison as a table, differences marked."""
    for name, (fake, twin) in compare().items():
        mark = "  " if fake == twin else "!="
        print(f"{mark} {name:38} {fake.row():60} {twin.row()}")


if __name__ == "__main__":
    main()
