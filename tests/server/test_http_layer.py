"""The served fake's HTTP layer answers odd and malformed requests like a FastAPI service."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from codegen_client.testing import FakeCodegenAPI, Fault
from codegen_client.testing.server import FakeServer

from .conftest import ANSWER_TIMEOUT, LOOPBACK, Reader, connect, request_bytes, send_raw

pytestmark = LOOPBACK
RUN = "/v1/organizations/123/agent/run"


def auth(fake: FakeCodegenAPI) -> dict[str, str]:
    return {"Authorization": f"Bearer {fake.api_key}"}


def json_auth(fake: FakeCodegenAPI) -> dict[str, str]:
    return {**auth(fake), "Content-Type": "application/json"}


def json_post(fake: FakeCodegenAPI, body: bytes) -> bytes:
    headers = json_auth(fake)
    return request_bytes("POST", RUN, headers, body)


def malformed_requests(fake: FakeCodegenAPI) -> dict[str, tuple[bytes, int]]:
    """Each odd request and the status it must get."""
    key = f"Authorization: Bearer {fake.api_key}\r\n".encode()
    get_me = b"GET /v1/users/me HTTP/1.1\r\nHost: x\r\n"
    return {
        "bad content-length": (
            b"POST /v1/users/me HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
            400,
        ),
        "negative content-length": (
            b"POST /v1/users/me HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
            400,
        ),
        "two content-lengths": (
            b"POST /v1/users/me HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n"
            b"Content-Length: 2\r\n\r\nab",
            400,
        ),
        "absolute-form target": (
            b"GET http://127.0.0.1/v1/users/me HTTP/1.1\r\nHost: x\r\n" + key + b"\r\n",
            400,
        ),
        "asterisk-form target": (b"OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        "non-ascii header value": (get_me + "X-Name: café\r\n".encode() + key + b"\r\n", 400),
        "non-ascii token": (get_me + b"Authorization: Bearer \xff\xfe\r\n\r\n", 400),
        "header name with a space": (get_me + b"Bad Name: v\r\n\r\n", 400),
        "no host header": (b"GET /v1/users/me HTTP/1.1\r\n" + key + b"\r\n", 400),
        "space in target": (b"GET /v1/users me HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        "nul in target": (b"GET /v1/users/me\x00 HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        "not http at all": (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(40), 400),
        "http/2 preface": (b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 400),
        "bad chunk size": (
            request_bytes("POST", RUN, {**auth(fake), "Transfer-Encoding": "chunked"})
            + b"zz\r\nabc\r\n0\r\n\r\n",
            400,
        ),
        "unknown path": (b"GET /v1/nowhere HTTP/1.1\r\nHost: x\r\n" + key + b"\r\n", 404),
        "outside /v1": (b"GET /users/me HTTP/1.1\r\nHost: x\r\n" + key + b"\r\n", 404),
        "bad percent-escape": (b"GET /v1/users/%zz HTTP/1.1\r\nHost: x\r\n\r\n", 404),
        "OPTIONS": (b"OPTIONS /v1/users/me HTTP/1.1\r\nHost: x\r\n\r\n", 405),
        "TRACE": (b"TRACE /v1/users/me HTTP/1.1\r\nHost: x\r\n\r\n", 405),
        "DELETE on a GET route": (b"DELETE /v1/users/me HTTP/1.1\r\nHost: x\r\n\r\n", 405),
        "body too large": (
            b"POST "
            + RUN.encode()
            + b" HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999999\r\n\r\n",
            413,
        ),
        "target past 8 KiB": (b"GET /v1/" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        "headers past 16 KiB": (
            get_me + b"".join(b"X-H%d: %s\r\n" % (i, b"v" * 1000) for i in range(20)) + b"\r\n",
            431,
        ),
        "invalid json": (json_post(fake, b"{bad"), 422),
        # FastAPI's json.loads hits the recursion limit: "There was an error parsing the body".
        "json nested 100,000 deep": (json_post(fake, b"[" * 100_000 + b"]" * 100_000), 400),
        "json nested 300 deep in a field": (
            json_post(fake, b'{"prompt": ' + b"[" * 300 + b"]" * 300 + b"}"),
            422,
        ),
        "lone surrogate": (json_post(fake, b'{"prompt": "\\ud800 fix it"}'), 422),
        "invalid utf-8": (json_post(fake, b'{"prompt": "\xed\xa0\x80"}'), 422),
        "query out of range": (
            b"GET /v1/organizations?limit=0 HTTP/1.1\r\nHost: x\r\n" + key + b"\r\n",
            422,
        ),
    }


MATRIX_IDS = list(malformed_requests(FakeCodegenAPI()))


@pytest.mark.parametrize("case", MATRIX_IDS)
def test_malformed_request_gets_an_http_answer(
    case: str, fake: FakeCodegenAPI, server: FakeServer
) -> None:
    """Each odd request gets an HTTP answer with a fitting 4xx status within 5 s."""
    data, status = malformed_requests(fake)[case]
    started = time.monotonic()
    answer = send_raw(server, data)
    assert time.monotonic() - started < ANSWER_TIMEOUT
    assert answer.status in {400, 404, 405, 413, 414, 422, 431}
    assert answer.status == status, answer.body
    if answer.status in {404, 405, 413, 414, 422, 431}:
        assert answer.headers["content-type"] == "application/json"
        assert "detail" in json.loads(answer.body)


@pytest.mark.parametrize(
    ("method", "target", "allow"),
    [
        ("HEAD", "/v1/users/me", "GET"),
        ("OPTIONS", "/v1/organizations/123/repos", "GET"),
        ("TRACE", "/v1/organizations/123/agent/run", "POST"),
        ("GET", "/v1/organizations/123/webhooks/agent-run/test", "POST"),
        ("PATCH", "/v1/organizations/123/webhooks/agent-run", "DELETE, GET, POST"),
        ("POST", "/v1/organizations/123/repos/check-suite-settings", "GET, PUT"),
    ],
)
def test_method_a_route_lacks_gets_405_json_with_allow(
    method: str, target: str, allow: str, fake: FakeCodegenAPI, server: FakeServer
) -> None:
    """405 {"detail": "Method Not Allowed"} with Allow listing the route's methods."""
    answer = send_raw(server, request_bytes(method, target, auth(fake)), head_only=True)
    assert answer.status == 405
    assert answer.headers["allow"] == allow
    if method != "HEAD":
        with connect(server) as sock:
            sock.sendall(request_bytes(method, target, auth(fake)))
            body = Reader(sock).answer().body
        assert json.loads(body) == {"detail": "Method Not Allowed"}


def test_unknown_path_gets_404_json(fake: FakeCodegenAPI, server: FakeServer) -> None:
    """An unknown path answers FastAPI's 404 body."""
    answer = send_raw(server, request_bytes("GET", "/v1/no/such/route", auth(fake)))
    assert answer.status == 404
    assert json.loads(answer.body) == {"detail": "Not Found"}


def test_chunked_body_is_read_and_keep_alive_stays_in_step(
    fake: FakeCodegenAPI, server: FakeServer
) -> None:
    """A chunked POST creates its run, and the next request on the connection answers itself."""
    body = json.dumps({"prompt": "chunked prompt"}).encode()
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (body[:7], body[7:]))
    headers = {**auth(fake), "Content-Type": "application/json", "Transfer-Encoding": "chunked"}
    with connect(server) as sock:
        reader = Reader(sock)
        sock.sendall(request_bytes("POST", RUN, headers) + chunks + b"0\r\n\r\n")
        created = reader.answer()
        sock.sendall(request_bytes("GET", "/v1/users/me", auth(fake)))
        me = reader.answer()
    assert created.status == 200, created.body
    assert fake.agent_runs[json.loads(created.body)["id"]].prompt == "chunked prompt"
    assert me.status == 200
    assert json.loads(me.body)["id"] == fake.current_user.id


def test_pipelined_requests_answer_in_order(fake: FakeCodegenAPI, server: FakeServer) -> None:
    """Two requests sent back to back on one connection get their own answers, in order."""
    first = request_bytes("POST", RUN, json_auth(fake), b'{"prompt": "one"}')
    second = request_bytes("GET", "/v1/organizations/123/repos?limit=1", auth(fake))
    with connect(server) as sock:
        reader = Reader(sock)
        sock.sendall(first + second)
        answers = [reader.answer(), reader.answer()]
    assert [a.status for a in answers] == [200, 200]
    assert json.loads(answers[0].body)["status"] == "ACTIVE"
    assert json.loads(answers[1].body)["size"] == 1


def test_short_body_times_out_and_frees_its_connection(
    fake: FakeCodegenAPI, server: FakeServer
) -> None:
    """A body shorter than its Content-Length gets 408 after the body timeout, then EOF."""
    partial = request_bytes("POST", RUN, {**auth(fake), "Content-Length": "100"}, b'{"pro')
    with connect(server) as sock:
        reader = Reader(sock)
        sock.sendall(partial)
        answer = reader.answer()
        assert answer.status == 408
        assert answer.headers["connection"] == "close"
        assert reader.closed()
    assert fake.agent_runs == {}
    assert httpx.get(server.base_url + "/users/me", headers=auth(fake)).status_code == 200


def test_expect_100_continue_is_honoured(fake: FakeCodegenAPI, server: FakeServer) -> None:
    """A client that waits for 100 Continue gets it, then its answer."""
    head = request_bytes("POST", RUN, {**json_auth(fake), "Expect": "100-continue",
                                       "Content-Length": "17"})  # fmt: skip
    with connect(server) as sock:
        sock.sendall(head)
        assert sock.recv(64).startswith(b"HTTP/1.1 100 ")
        sock.sendall(b'{"prompt": "go!"}')
        assert Reader(sock).answer().status == 200


def test_lone_surrogate_answers_422_in_fastapis_shape(
    fake: FakeCodegenAPI, server: FakeServer
) -> None:
    """The 422 for a lone surrogate lists one json_invalid error with loc, msg, input, ctx."""
    answer = send_raw(server, json_post(fake, b'{"prompt": "\\udc00"}'))
    (error,) = json.loads(answer.body)["detail"]
    assert error["type"] == "json_invalid"
    assert error["loc"] == ["body", 12]
    assert error["msg"] == "JSON decode error"
    assert set(error) == {"type", "loc", "msg", "input", "ctx"}


def test_connection_faults_end_the_connection_without_an_answer(
    fake: FakeCodegenAPI, server: FakeServer
) -> None:
    """drop_connection and lost_response close the socket before any byte of an answer."""
    fake.inject(Fault("lost_response", "create_agent_run"))
    with connect(server) as sock:
        sock.sendall(request_bytes("POST", RUN, json_auth(fake), b'{"prompt": "lost"}'))
        assert sock.recv(1) == b""
    assert len(fake.agent_runs) == 1  # it acted, the answer was lost
    fake.inject(Fault("drop_connection"))
    with connect(server) as sock:
        sock.sendall(request_bytes("GET", "/v1/users/me", auth(fake)))
        assert sock.recv(1) == b""
    assert [r.fault for r in fake.requests] == ["lost_response", "drop_connection"]
