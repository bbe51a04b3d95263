"""Many processes: fork, a second event loop, proxies; over real loopback connections.

A small keep-alive HTTP server on 127.0.0.1 answers every ``get_agent_run`` with the run id
asked for, and writes the client's source port into the run's ``summary``: a connection made
before a fork and used after it shows up as the same port on both sides.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from codegen_client import AsyncCodegenClient, CodegenClient, CodegenInputError

pytestmark = [
    pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"]),
    # Python 3.12+ warns that forking a process with threads (the server's) may deadlock.
    pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning"),
]

KEY = "sk-many-processes-0123456789"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        run_id = int(self.path.rstrip("/").rsplit("/", 1)[-1])
        body = json.dumps(
            {
                "id": run_id,
                "organization_id": 1,
                "status": "ACTIVE",
                "summary": str(self.client_address[1]),
            }
        ).encode()
        self.server.hits += 1  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def server() -> Iterator[ThreadingHTTPServer]:
    """The peer-port server on 127.0.0.1, in a thread."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.hits = 0  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield httpd
    httpd.shutdown()
    thread.join()
    httpd.server_close()


def _base(server: ThreadingHTTPServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/v1"


def _port_of(client: Any, run_id: int) -> int:
    """Get run ``run_id`` (checking the answer is for it); return the source port it came on."""
    if isinstance(client, AsyncCodegenClient):

        async def get() -> Any:
            return await client.agents.get_agent_run(org_id=1, agent_run_id=run_id)

        run = asyncio.run(get())
    else:
        run = client.agents.get_agent_run(org_id=1, agent_run_id=run_id)
    assert run.id == run_id
    return int(run.summary)


def _make(flavor: str, base_url: str, **kwargs: Any) -> Any:
    cls = AsyncCodegenClient if flavor == "async" else CodegenClient
    return cls(api_key=KEY, base_url=base_url, **kwargs)


needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork() on this platform")


# --- fork -----------------------------------------------------------------------------------


@needs_fork
@pytest.mark.parametrize("flavor", ["sync", "async"])
def test_a_forked_child_never_uses_the_parents_connection(
    flavor: str, server: ThreadingHTTPServer
) -> None:
    """After os.fork(), the child connects anew; the parent keeps its own connection."""
    client = _make(flavor, _base(server))
    before = _port_of(client, 1)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report its ports, then leave at once
        try:
            ports = [_port_of(client, 100 + i) for i in range(5)]
            os.write(write, json.dumps(ports).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:  # the child goes first: the old connection lies idle
        child = json.loads(pipe.read() or "[]")
    parent = [_port_of(client, 200 + i) for i in range(5)]
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert len(child) == 5
    assert before not in child  # the pooled connection stayed with the parent
    if flavor == "sync":  # (async: asyncio.run() per call, each loop with its own connection)
        assert len(set(child)) == 1  # the child pools its own
        assert set(parent) == {before}


_POOL: dict[str, Any] = {}  # the client the parent made, inherited by the forked workers


def _pool_work(run_id: int) -> tuple[int, int, int]:
    """In a pool worker: get one run on the client the parent made; (pid, run id, port)."""
    return os.getpid(), run_id, _port_of(_POOL["client"], run_id)


@needs_fork
@pytest.mark.parametrize("flavor", ["sync", "async"])
def test_a_multiprocessing_fork_pool_gets_right_answers_on_fresh_connections(
    flavor: str, server: ThreadingHTTPServer
) -> None:
    """A fork pool's workers, using the parent's client, each get their own answers and sockets."""
    _POOL["client"] = _make(flavor, _base(server))
    before = _port_of(_POOL["client"], 1)
    try:
        with multiprocessing.get_context("fork").Pool(3) as pool:
            results = pool.map(_pool_work, range(10, 40), chunksize=1)
    finally:
        _POOL.clear()
    assert sorted(run_id for _, run_id, _ in results) == list(range(10, 40))
    assert before not in {port for _, _, port in results}
    ports_of: dict[int, set[int]] = {}
    for pid, _, port in results:
        ports_of.setdefault(pid, set()).add(port)
    owners = [pid for pid, ports in ports_of.items() for _ in ports]
    assert os.getpid() not in ports_of
    if flavor == "sync":  # keep-alive: one connection per worker, shared with no other worker
        assert len(owners) == len(ports_of)


@needs_fork
@pytest.mark.parametrize("flavor", ["sync", "async"])
def test_a_callers_own_http_client_is_emptied_in_the_child(
    flavor: str, server: ThreadingHTTPServer
) -> None:
    """A caller's httpx client passed in also loses its pooled connections in the child."""
    http: Any = httpx.AsyncClient() if flavor == "async" else httpx.Client()
    client = _make(flavor, _base(server), http_client=http)
    before = _port_of(client, 1)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.write(write, str(_port_of(client, 2)).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        child = int(pipe.read() or 0)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert child and child != before
    if flavor == "sync":
        assert _port_of(client, 3) == before  # the parent's connection is still its own
        http.close()


# --- event loops ----------------------------------------------------------------------------


def test_an_async_client_works_from_a_second_asyncio_run(server: ThreadingHTTPServer) -> None:
    """One AsyncCodegenClient, two asyncio.run() calls: both answered, then it closes cleanly."""
    client = AsyncCodegenClient(api_key=KEY, base_url=_base(server))
    first = _port_of(client, 1)
    second = _port_of(client, 2)
    assert first != second  # the second loop opened a connection of its own
    asyncio.run(client.close())


def test_a_callers_async_http_client_on_a_second_loop_is_a_clear_error(
    server: ThreadingHTTPServer,
) -> None:
    """A caller's AsyncClient holding a closed loop's connections: CodegenInputError, no crash."""
    http = httpx.AsyncClient()
    client = AsyncCodegenClient(api_key=KEY, base_url=_base(server), http_client=http)
    _port_of(client, 1)
    hits = server.hits  # type: ignore[attr-defined]
    with pytest.raises(CodegenInputError, match="event loop"):
        _port_of(client, 2)
    assert server.hits == hits  # type: ignore[attr-defined]


# --- proxies --------------------------------------------------------------------------------


class _Proxy:
    """A loopback listener posing as a proxy: it counts connections and closes each at once."""

    def __init__(self) -> None:
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(16)
        self._listener.settimeout(0.05)
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                sock, _ = self._listener.accept()
            except OSError:
                continue
            self.connections += 1
            sock.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self._listener.close()


@pytest.fixture
def proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Proxy]:
    """The proxy listener, set as HTTP_PROXY, HTTPS_PROXY and ALL_PROXY; NO_PROXY unset."""
    listener = _Proxy()
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.setenv(name, listener.url)
        monkeypatch.setenv(name.lower(), listener.url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    yield listener
    listener.close()


@pytest.mark.parametrize("flavor", ["sync", "async"])
def test_loopback_base_urls_never_go_through_environment_proxies(
    flavor: str, server: ThreadingHTTPServer, proxy: _Proxy
) -> None:
    """With HTTP_PROXY and ALL_PROXY set, a loopback base URL is reached directly."""
    client = _make(flavor, _base(server))
    _port_of(client, 1)
    assert server.hits == 1  # type: ignore[attr-defined]
    assert proxy.connections == 0
    if flavor == "async":
        asyncio.run(client.close())
    else:
        client.close()


def test_plain_httpx_would_go_through_that_proxy(
    server: ThreadingHTTPServer, proxy: _Proxy
) -> None:
    """The check above can fail: plain httpx sends the same request to the proxy."""
    with httpx.Client() as http, pytest.raises(httpx.HTTPError):
        http.get(_base(server) + "/organizations/1/agent/run/1")
    assert proxy.connections == 1
    assert server.hits == 0  # type: ignore[attr-defined]


REMOTE_PROXY = "http://proxy.example.invalid:3128"  # .invalid never resolves: nothing is sent


@pytest.mark.parametrize("flavor", ["sync", "async"])
@pytest.mark.parametrize("how", ["environment", "http_client"])
def test_a_plain_http_base_url_through_a_remote_proxy_is_refused(
    flavor: str, how: str, server: ThreadingHTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key would reach the proxy's host in clear text: refused like a plain-http base URL."""
    http_type = httpx.AsyncClient if flavor == "async" else httpx.Client
    if how == "environment":
        monkeypatch.setenv("HTTP_PROXY", REMOTE_PROXY)
        http = http_type()
    else:
        http = http_type(proxy=REMOTE_PROXY)
    cls = AsyncCodegenClient if flavor == "async" else CodegenClient
    with pytest.raises(CodegenInputError, match=r"proxy\.example\.invalid.*unencrypted"):
        cls(api_key=KEY, base_url=_base(server), http_client=http)
    # Opting in to plain http allows it, as for a base URL.
    cls(api_key=KEY, base_url=_base(server), http_client=http, allow_insecure_http=True)
    assert server.hits == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize("flavor", ["sync", "async"])
def test_an_https_base_url_may_use_a_proxy(flavor: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Through https the proxy only tunnels TLS: HTTPS_PROXY=http://... is fine."""
    monkeypatch.setenv("HTTPS_PROXY", REMOTE_PROXY)
    http = httpx.AsyncClient() if flavor == "async" else httpx.Client()
    cls = AsyncCodegenClient if flavor == "async" else CodegenClient
    cls(api_key=KEY, http_client=http)
    cls(api_key=KEY)


def test_the_proxy_check_reads_a_real_proxy_transport() -> None:
    """The private httpx attributes the check reads are there in the installed httpx."""
    from codegen_client._process import proxy_for

    with httpx.Client(proxy=REMOTE_PROXY) as http:
        found = proxy_for(http, "http://127.0.0.1:8080/v1")
    assert found is not None and found.host == "proxy.example.invalid" and found.port == 3128
    with httpx.Client(mounts={"all://127.0.0.1": None}, proxy=REMOTE_PROXY) as http:
        assert proxy_for(http, "http://127.0.0.1:8080/v1") is None
