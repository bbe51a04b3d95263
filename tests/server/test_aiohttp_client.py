"""DefaultAioHttpClient (the aiohttp extra) under AsyncCodegenClient, over real loopback sockets.

Async only: aiohttp has no blocking client, so ``CodegenClient`` has no twin of these tests
(it refuses an async http client, see the last test).
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

pytest.importorskip("httpx_aiohttp", reason="needs the aiohttp extra")

from httpx_aiohttp import HttpxAiohttpClient

from codegen_client import (
    AsyncCodegenClient,
    CodegenClient,
    CodegenConnectionError,
    CodegenInputError,
    CodegenResourceNotFoundError,
    CodegenTimeoutError,
    DefaultAioHttpClient,
    ManualClock,
)
from codegen_client.testing import FakeCodegenAPI, Fault
from codegen_client.testing.server import FakeServer

from .conftest import LOOPBACK

pytestmark = [LOOPBACK, pytest.mark.anyio]
ORG = 123


@pytest.fixture
async def http() -> AsyncIterator[DefaultAioHttpClient]:
    async with DefaultAioHttpClient() as made:
        yield made


def codegen(fake: FakeCodegenAPI, base_url: str, http: httpx.AsyncClient, **options: Any) -> Any:
    return AsyncCodegenClient(
        api_key=fake.api_key, base_url=base_url, http_client=http, clock=ManualClock(), **options
    )


async def test_the_client_works_against_the_served_api(
    fake: FakeCodegenAPI, server: FakeServer, http: DefaultAioHttpClient
) -> None:
    """Create, get, list (two pages) and a 404, through aiohttp against the served API."""
    client = codegen(fake, server.base_url, http)
    me = await client.users.get_current_user()
    assert me.id == fake.current_user.id
    created = [
        await client.agents.create_agent_run(org_id=ORG, prompt=f"Fix test {n}") for n in range(3)
    ]
    got = await client.agents.get_agent_run(org_id=ORG, agent_run_id=created[0].id)
    assert got.id == created[0].id and got.organization_id == ORG
    listed = [run.id async for run in client.agents.iter_agent_runs(org_id=ORG, page_size=2)]
    assert set(listed) == {run.id for run in created}
    with pytest.raises(CodegenResourceNotFoundError) as caught:
        await client.agents.get_agent_run(org_id=ORG, agent_run_id=1)
    assert caught.value.status_code == 404
    assert len(fake.agent_runs) == 3


@pytest.mark.parametrize("kind", ["DefaultAioHttpClient", "plain HttpxAiohttpClient"])
async def test_a_lost_create_answer_starts_one_run(
    fake: FakeCodegenAPI, server: FakeServer, kind: str
) -> None:
    """The server stores the run and drops the connection before answering: the client finds
    that run instead of posting again. A plain HttpxAiohttpClient reports the drop as a
    ConnectTimeout ("never sent"); the client still reads its aiohttp cause."""
    fake.inject(Fault("lost_response", "create_agent_run"))
    made = DefaultAioHttpClient() if kind == "DefaultAioHttpClient" else HttpxAiohttpClient()
    async with made as http:
        run = await codegen(fake, server.base_url, http).agents.create_agent_run(
            org_id=ORG, prompt="Fix the flaky test"
        )
    assert list(fake.agent_runs) == [run.id]
    assert len(fake.requests_for("create_agent_run")) == 1


async def test_a_dropped_connection_is_a_request_that_may_have_arrived(
    fake: FakeCodegenAPI, server: FakeServer, http: DefaultAioHttpClient
) -> None:
    """A connection closed without an answer: httpx's RemoteProtocolError, request_sent=True.

    aiohttp itself sends an idempotent request (GET, PUT, DELETE) once more when its connection
    drops before the answer, whatever max_retries says: the second drop is the one seen.
    """
    fake.inject(Fault("lost_response", "get_current_user", count=2))
    client = codegen(fake, server.base_url, http, max_retries=0)
    with pytest.raises(CodegenConnectionError) as caught:
        await client.users.get_current_user()
    assert caught.value.request_sent is True
    assert ": RemoteProtocolError: connection lost before the answer" in str(caught.value)
    assert len(fake.requests_for("get_current_user")) == 2


async def test_a_refused_connection_is_a_request_never_sent(
    fake: FakeCodegenAPI, http: DefaultAioHttpClient
) -> None:
    """Nothing listens on the port: a connect error, request_sent=False (safe to repeat)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again before the call: nothing listens there
    client = codegen(fake, f"http://127.0.0.1:{port}/v1", http, max_retries=0)
    with pytest.raises(CodegenConnectionError) as caught:
        await client.users.get_current_user()
    assert caught.value.request_sent is False
    assert not isinstance(caught.value, CodegenTimeoutError)  # httpx-aiohttp alone: a timeout
    assert ": ConnectError: Cannot connect to host 127.0.0.1" in str(caught.value)


async def test_a_server_that_never_answers_times_out(
    fake: FakeCodegenAPI, http: DefaultAioHttpClient
) -> None:
    """The request's read timeout reaches aiohttp: a CodegenTimeoutError, request_sent=True."""
    with socket.create_server(("127.0.0.1", 0)) as silent:  # the kernel accepts; nobody reads
        base_url = f"http://127.0.0.1:{silent.getsockname()[1]}/v1"
        client = codegen(fake, base_url, http, max_retries=0, timeout=0.2)
        with pytest.raises(CodegenTimeoutError) as caught:
            await client.users.get_current_user()
    assert caught.value.request_sent is True


def _cut_short(listener: socket.socket) -> None:
    """Answer one connection with a head promising 1000 bytes, 9 of them, and close."""
    conn, _ = listener.accept()
    with conn:
        conn.recv(65536)
        conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n" + b'{"id": 7,')


async def test_an_answer_cut_short_is_a_request_that_arrived(
    fake: FakeCodegenAPI, http: DefaultAioHttpClient
) -> None:
    """The connection closes inside the body: a read error, request_sent=True (one request:
    nobody, aiohttp included, sends it again with max_retries=0)."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.settimeout(10)  # the thread ends even if no request comes
        thread = threading.Thread(target=_cut_short, args=(listener,), daemon=True)
        thread.start()
        base_url = f"http://127.0.0.1:{listener.getsockname()[1]}/v1"
        client = codegen(fake, base_url, http, max_retries=0)
        with pytest.raises(CodegenConnectionError) as caught:
            await client.users.get_current_user()
    thread.join(timeout=5)
    assert caught.value.request_sent is True
    assert ": ReadError: Response payload is not completed" in str(caught.value)


Seen = list[tuple[str, str | None]]


class _CookieSetter(BaseHTTPRequestHandler):
    """Answers a run with a Set-Cookie header; records each request's target and Cookie."""

    protocol_version = "HTTP/1.1"
    seen: Seen

    def do_GET(self) -> None:
        self.seen.append((self.path, self.headers.get("cookie")))
        body = json.dumps({"id": 7, "organization_id": ORG, "status": "ACTIVE"}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.send_header("set-cookie", "session=from-the-server; Path=/")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def cookie_server() -> Iterator[tuple[str, Seen]]:
    seen: Seen = []
    handler = type("Handler", (_CookieSetter,), {"seen": seen})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        # A host name, not an address: aiohttp's own cookie jar ignores cookies of addresses.
        yield f"http://localhost:{httpd.server_port}/v1", seen
    finally:
        httpd.shutdown()
        thread.join()
        httpd.server_close()


@pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$", r"^::1$", r"^localhost$"])
async def test_cookies_the_server_sets_are_never_sent(
    fake: FakeCodegenAPI,
    cookie_server: tuple[str, Seen],
    http: DefaultAioHttpClient,
) -> None:
    """aiohttp's session would send them below httpx; DefaultAioHttpClient's keeps none."""
    base_url, seen = cookie_server
    client = codegen(fake, base_url, http)
    for _ in range(3):
        assert (await client.agents.get_agent_run(org_id=ORG, agent_run_id=7)).id == 7
    assert [cookie for _, cookie in seen] == [None, None, None]


@pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$", r"^::1$", r"^localhost$"])
async def test_a_proxy_is_used_through_aiohttp(
    fake: FakeCodegenAPI, cookie_server: tuple[str, Seen]
) -> None:
    """proxy= goes through the aiohttp transport too: the proxy gets the absolute URL."""
    proxy_url, seen = cookie_server  # it answers any request, also one for another host
    origin = "http://127.0.0.1:9"  # the discard port: only the proxy can answer for it
    async with DefaultAioHttpClient(proxy=proxy_url.removesuffix("/v1")) as http:
        # httpx mounts a transport per proxy; it is the aiohttp one, not httpx's own.
        mounted = http._transport_for_url(httpx.URL(origin))
        assert type(mounted).__module__ == "codegen_client._aiohttp_transport"
        client = codegen(fake, origin + "/v1", http, max_retries=0)
        assert (await client.agents.get_agent_run(org_id=ORG, agent_run_id=7)).id == 7
    assert [target for target, _ in seen] == [f"{origin}/v1/organizations/{ORG}/agent/run/7"]


async def test_the_blocking_client_refuses_it(fake: FakeCodegenAPI) -> None:
    """It is an httpx.AsyncClient: CodegenClient says so before any request."""
    async with DefaultAioHttpClient() as http:
        with pytest.raises(CodegenInputError, match=r"must be an httpx\.Client"):
            CodegenClient(api_key=fake.api_key, http_client=http)  # type: ignore[arg-type]
