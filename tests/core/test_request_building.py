"""The client builds each request itself: what still applies of the httpx client, what never does.

The httpx client the package makes keeps no cookie jar; a caller's own client keeps its jar, its
transports, mounts and event hooks, but its defaults (headers, cookies, query) never reach a
request to Codegen.
"""

from __future__ import annotations

import gzip
import http.server
import json
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from codegen_client import ManualClock
from tests.both import Clients

from .helpers import Script, run_body

KEY = "sk-codegen-key"
COOKIE = {"Set-Cookie": "session=from-the-server; Path=/"}
LOOPBACK = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])


class _CookieServer(http.server.ThreadingHTTPServer):
    """Answers every GET with a run and a ``Set-Cookie``; records each request's Cookie header."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.cookies_received: list[str | None] = []


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _CookieServer

    def do_GET(self) -> None:
        self.server.cookies_received.append(self.headers.get("Cookie"))
        body = json.dumps(run_body()).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Set-Cookie", COOKIE["Set-Cookie"])
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


@pytest.fixture
def cookie_server() -> Iterator[_CookieServer]:
    server = _CookieServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01})
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@LOOPBACK
def test_the_client_made_by_the_package_keeps_no_cookies(
    clients: Clients, cookie_server: _CookieServer
) -> None:
    """A server that sets a cookie on every answer never gets one back, and nothing is stored."""
    port = cookie_server.server_address[1]
    client = clients.new(
        api_key=KEY, base_url=f"http://127.0.0.1:{port}/v1", clock=ManualClock(), max_retries=0
    )
    try:
        for _ in range(3):
            assert client.agents.get_agent_run(org_id=1, agent_run_id=7).id == 7
        http = (client.wrapped if clients.is_async else client)._core.http
        assert len(http.cookies) == 0
    finally:
        client.close()
    assert cookie_server.cookies_received == [None, None, None]


def test_a_callers_own_client_keeps_its_jar_but_codegen_never_gets_it(clients: Clients) -> None:
    """The caller's httpx client stores the cookie as it always does; no request carries it."""
    script = Script(httpx.Response(200, json=run_body(), headers=COOKIE))
    http = clients.http_client(transport=httpx.MockTransport(script))
    client = clients.new(api_key=KEY, clock=ManualClock(), http_client=http)
    client.agents.get_agent_run(org_id=1, agent_run_id=7)
    client.agents.get_agent_run(org_id=1, agent_run_id=7)
    assert http.cookies.get("session") == "from-the-server"
    assert [r.headers.get("cookie") for r in script.requests] == [None, None]


def test_the_callers_mounts_and_event_hooks_still_apply(clients: Clients) -> None:
    """A transport mounted for the API's host serves the request, and request and response hooks
    run, though the client builds the request itself."""
    script = Script(httpx.Response(200, json=run_body()))
    seen: list[str] = []

    def on_request(request: httpx.Request) -> None:
        seen.append(f"request {request.method} {request.url.path}")

    def on_response(response: httpx.Response) -> None:
        seen.append(f"response {response.status_code}")

    def nowhere(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"the default transport was used for {request.url}")

    http = clients.http_client(
        transport=httpx.MockTransport(nowhere),
        mounts={"https://api.codegen.com": httpx.MockTransport(script)},
        event_hooks={"request": [on_request], "response": [on_response]},
    )
    client = clients.new(api_key=KEY, clock=ManualClock(), http_client=http)
    assert client.agents.get_agent_run(org_id=1, agent_run_id=7).id == 7
    assert seen == ["request GET /v1/organizations/1/agent/run/7", "response 200"]
    assert len(script.requests) == 1


def test_the_callers_default_query_and_headers_never_reach_codegen(clients: Clients) -> None:
    """Default query parameters and headers of the caller's client stay with that client."""
    script = Script(httpx.Response(200, json=run_body()))
    http = clients.http_client(
        transport=httpx.MockTransport(script),
        params={"token": "users-other-token"},
        headers={"X-Team": "payments"},
    )
    client = clients.new(api_key=KEY, clock=ManualClock(), http_client=http)
    client.agents.get_agent_run(org_id=1, agent_run_id=7)
    (sent,) = script.requests
    assert sent.url.query == b""
    assert "x-team" not in sent.headers


def test_requests_ask_for_compressed_answers_and_read_them(clients: Clients) -> None:
    """httpx's client would ask for gzip; the client's own requests do too, and a gzipped answer
    reads like a plain one."""
    body = gzip.compress(json.dumps(run_body()).encode())
    script = Script(
        lambda request: httpx.Response(
            200,
            content=body,
            headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
        )
    )
    client = clients.new(api_key=KEY, clock=ManualClock(), transport=httpx.MockTransport(script))
    assert client.agents.get_agent_run(org_id=1, agent_run_id=7).id == 7
    (sent,) = script.requests
    assert sent.headers["accept-encoding"] == "gzip, deflate"
    assert sent.headers["accept"] == "application/json"
    assert sent.headers["user-agent"].startswith("codegen-python-client")
