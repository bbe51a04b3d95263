"""Serve a `FakeCodegenAPI` over HTTP with uvicorn (the ``codegen-client[server]`` extra).

`FakeServer` binds its socket when it is made (so a port in use fails at once, and
``port=0`` knows its port), then runs `FakeASGIApp` on
uvicorn's h11 protocol, in the calling thread (`FakeServer.serve_forever`) or in a
background thread (`FakeServer.start`, or ``with``). uvicorn is imported only here: the
in-process fake, the pytest fixtures and ``--offline`` never need it.

Examples:
    >>> with FakeServer(FakeCodegenAPI(), port=0) as server:  # doctest: +SKIP
    ...     httpx.get(server.base_url + "/users/me", headers=...)

"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import sys
import threading
from collections.abc import MutableMapping
from types import ModuleType, TracebackType
from typing import Any, TextIO

from codegen_client._clock import Clock, ScaledClock, SystemClock
from codegen_client.testing._app import DEFAULT_API_KEY, FakeCodegenAPI
from codegen_client.testing._asgi import MAX_HEADER_BYTES, MAX_TARGET_BYTES, FakeASGIApp
from codegen_client.testing._banner import banner
from codegen_client.testing._dispatch import BASE_PATH
from codegen_client.testing._documented import add_documented_examples

__all__ = ["BACKLOG", "SERVER_EXTRA_HINT", "FakeServer", "run_fake_server", "serve"]

# Connections the kernel queues before uvicorn accepts them: hundreds of clients that connect
# at once all get in (the stdlib server's 5 made them time out).
BACKLOG = 2048
SERVER_EXTRA_HINT = "the HTTP server needs uvicorn: pip install 'codegen-client[server]'"
_WILDCARD_HOSTS = {"", "0.0.0.0", "::"}


def _uvicorn() -> ModuleType:
    """Import uvicorn, or explain which extra provides it.

    Raises:
        ModuleNotFoundError: uvicorn is not installed.

    """
    try:
        import uvicorn
    except ModuleNotFoundError as exc:
        raise ModuleNotFoundError(SERVER_EXTRA_HINT, name="uvicorn") from exc
    return uvicorn


def _bind(host: str, port: int) -> socket.socket:
    """Bind and listen on ``host:port`` (IPv4 or IPv6, as the host resolves)."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(BACKLOG)
    except OSError:
        sock.close()
        raise
    sock.setblocking(False)
    return sock


def client_host(host: str) -> str:
    """Return the host a client on this machine connects to for a server bound to ``host``.

    Args:
        host: The interface the server binds (``0.0.0.0`` and ``::`` mean all of them).

    Returns:
        A connectable host: loopback for the wildcards, else ``host`` (IPv6 in brackets).

    """
    if host in _WILDCARD_HOSTS:
        return "[::1]" if host == "::" else "127.0.0.1"
    return f"[{host}]" if ":" in host else host


class FakeServer:
    """An HTTP server for a fake; ``port=0`` picks a free port.

    Args:
        fake: The offline API to serve.
        host: Interface to bind (loopback by default; the fake has no real security).
        port: TCP port; 0 lets the OS choose.
        verbose: Log one line per request (method, path, status, fault) to ``log``.
        log: Where request lines go (default stderr).
        body_timeout: Real seconds a request body may take to arrive before 408.

    Raises:
        OSError: The address cannot be bound (e.g. the port is in use).
        ModuleNotFoundError: uvicorn (the ``server`` extra) is not installed.

    Examples:
        >>> with FakeServer(FakeCodegenAPI(), port=0) as server:  # doctest: +SKIP
        ...     print(server.base_url)
        http://127.0.0.1:54321/v1

    """

    def __init__(
        self,
        fake: FakeCodegenAPI,
        host: str = "127.0.0.1",
        port: int = 0,
        verbose: bool = False,
        *,
        log: TextIO | None = None,
        body_timeout: float = 10.0,
    ) -> None:
        uvicorn = _uvicorn()
        self.fake = fake
        self.host = host
        self._log_stream = log
        self._socket = _bind(host, port)
        self.port: int = self._socket.getsockname()[1]
        self.app = FakeASGIApp(
            fake,
            body_timeout=body_timeout,
            log=self._log_line if verbose else None,
            close_connection=self._close_connection,
        )
        config = uvicorn.Config(
            self.app,
            http="h11",
            ws="none",
            lifespan="off",
            loop="asyncio",
            interface="asgi3",
            log_config=None,
            access_log=False,
            # The app stamps each answer's Date from the fake's clock; uvicorn's would be a second.
            date_header=False,
            backlog=BACKLOG,
            timeout_keep_alive=5,
            timeout_graceful_shutdown=1,
            # Big enough that the app's own 414 and 431 answer first (past it, h11 says 400).
            h11_max_incomplete_event_size=4 * (MAX_TARGET_BYTES + MAX_HEADER_BYTES),
        )
        self._server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    @property
    def origin(self) -> str:
        """Return ``http://HOST:PORT`` with a host a local client can connect to."""
        return f"http://{client_host(self.host)}:{self.port}"

    @property
    def base_url(self) -> str:
        """Return ``http://HOST:PORT/v1`` (the base URL of this package's client)."""
        return self.origin + BASE_PATH

    def _log_line(self, line: str) -> None:
        print(line, file=self._log_stream or sys.stderr, flush=True)

    def _close_connection(self, scope: MutableMapping[str, Any]) -> bool:
        """Close the connection that carried ``scope`` without an answer (a connection fault).

        ASGI has no message for "drop this connection", so it is found in uvicorn's set of
        open connections by the client address, which is unique per connection.
        """
        client = scope.get("client")
        for protocol in list(self._server.server_state.connections):
            if client is not None and tuple(getattr(protocol, "client", ()) or ()) == tuple(client):
                protocol.transport.close()
                return True
        return False

    def serve_forever(self) -> None:
        """Serve in the calling thread until `stop` or Ctrl-C (then KeyboardInterrupt)."""
        asyncio.run(self._server.serve(sockets=[self._socket]))

    def start(self) -> FakeServer:
        """Serve in a background thread and return self (the socket already listens)."""
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving (open connections get about a second) and close the socket."""
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        self._socket.close()

    def __enter__(self) -> FakeServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def serve(fake: FakeCodegenAPI, host: str = "127.0.0.1", port: int = 8080) -> None:
    """Serve ``fake`` at ``http://HOST:PORT/v1`` until Ctrl-C.

    Args:
        fake: The offline API.
        host: Interface to bind.
        port: TCP port.

    Raises:
        OSError: The address cannot be bound.

    """
    _serve_until_interrupted(FakeServer(fake, host, port))


def _serve_until_interrupted(
    server: FakeServer, banner_text: str = "", out: TextIO | None = None
) -> None:
    """Print the banner, serve in the calling thread; Ctrl-C ends it quietly, the socket closes.

    The banner is printed inside the interruptible part: a Ctrl-C right after it still exits 0.
    So does one that lands while the event loop starts, before uvicorn takes over SIGINT: then
    asyncio's own handler cancels the serving task, and ``asyncio.run`` may raise
    ``CancelledError`` instead of ``KeyboardInterrupt``.
    """
    try:
        with contextlib.suppress(KeyboardInterrupt, asyncio.CancelledError):
            if banner_text:
                print(banner_text, file=out or sys.stdout, flush=True)
            server.serve_forever()
    finally:
        server.stop()


def run_fake_server(
    host: str = "127.0.0.1",
    port: int = 8080,
    api_key: str | None = None,
    seed: int = 0,
    run_duration: float = 600.0,
    rate_limits: bool = True,
    speed: float = 1.0,
    out: TextIO | None = None,
    org_id: int | None = 123,
    verbose: bool = False,
) -> None:
    """Build a fake with the documented example ids, print how to reach it, serve until Ctrl-C.

    Args:
        host: Interface to bind (loopback by default).
        port: TCP port.
        api_key: Token that authenticates as the seeded user (None: the fixed fake key).
        seed: Seed of the generated data.
        run_duration: Seconds (of the fake's clock) an agent run works.
        rate_limits: Enforce the documented rate limits.
        speed: Clock speed: 10 makes a 600 s run finish in 60 real seconds.
        out: Where to print the banner (default stdout).
        org_id: Id of the seeded user's main organization; 123 by default, so the README's
            examples (``codegen-client repositories 123``) work as written. None: seeded.
        verbose: Log one line per request on stderr (method, path, status, fault).

    Raises:
        OSError: The address cannot be bound.
        ModuleNotFoundError: uvicorn (the ``server`` extra) is not installed.

    """
    clock: Clock = SystemClock() if speed == 1.0 else ScaledClock(speed)
    fake = FakeCodegenAPI(
        seed=seed,
        api_key=api_key or DEFAULT_API_KEY,
        run_duration=run_duration,
        clock=clock,
        rate_limits=rate_limits,
        org_id=org_id,
    )
    ids = add_documented_examples(fake)
    server = FakeServer(fake, host, port, verbose)
    _quiet_uvicorn(verbose)
    _serve_until_interrupted(server, banner(fake, server.origin, host, server.port, ids), out)


def _quiet_uvicorn(verbose: bool) -> None:
    """Show uvicorn's own messages (e.g. a request it refused with 400) only with -v."""
    import logging

    logger = logging.getLogger("uvicorn.error")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("uvicorn: %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(logging.WARNING if verbose else logging.ERROR)
