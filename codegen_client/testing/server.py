"""Serve a :class:`FakeCodegenAPI` over loopback HTTP (stdlib ``ThreadingHTTPServer``).

The server converts each HTTP request to an ``httpx.Request``, answers it with
``fake.handle`` (which locks the state) and writes the response back. Connection faults
(``drop_connection``, ``lost_response``, slow answers past a timeout) close the socket
without an answer, as a failing network would.

Example:
    >>> with FakeServer(FakeCodegenAPI(), port=0) as server:  # doctest: +SKIP
    ...     httpx.get(server.base_url + "/users/me", headers=...)

"""

from __future__ import annotations

import contextlib
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import TextIO

import httpx

from codegen_client._clock import Clock, ScaledClock, SystemClock
from codegen_client.testing._app import DEFAULT_API_KEY, FakeCodegenAPI
from codegen_client.testing._dispatch import BASE_PATH

__all__ = ["FakeServer", "run_fake_server", "serve"]

# Headers that describe one hop of the HTTP connection, not the message.
_HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "content-length"}


class _RequestHandler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"
    # Headers and body go out as separate writes; without TCP_NODELAY, Nagle's algorithm and
    # the client's delayed ACK hold every answer back about 40 ms on a kept-alive connection.
    disable_nagle_algorithm = True

    def _serve(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        request = httpx.Request(
            self.command,
            self.server.origin + self.path,
            headers=[(k, v) for k, v in self.headers.items() if k.lower() not in _HOP_HEADERS],
            content=body,
        )
        try:
            response = self.server.fake.handle(request)
        except httpx.TransportError:
            self.close_connection = True  # the client sees the connection drop
            return
        self.send_response(response.status_code)
        for name, value in response.headers.items():
            if name.lower() not in _HOP_HEADERS:
                self.send_header(name, value)
        self.send_header("content-length", str(len(response.content)))
        self.end_headers()
        self.wfile.write(response.content)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

    def log_message(self, format: str, *args: object) -> None:
        if self.server.verbose:
            super().log_message(format, *args)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], fake: FakeCodegenAPI, verbose: bool) -> None:
        super().__init__(address, _RequestHandler)
        self.fake = fake
        self.verbose = verbose
        self.origin = f"http://{address[0]}:{self.server_port}"

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that gave up (its timeout passed during a slow answer) is not an error.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class FakeServer:
    """A loopback HTTP server for a fake; ``port=0`` picks a free port.

    Args:
        fake: The offline API to serve.
        host: Interface to bind (loopback by default; the fake has no real security).
        port: TCP port; 0 lets the OS choose.
        verbose: Log each request to stderr.

    Example:
        >>> with FakeServer(FakeCodegenAPI(), port=0) as server:  # doctest: +SKIP
        ...     print(server.base_url)
        http://127.0.0.1:54321/v1

    """

    def __init__(
        self, fake: FakeCodegenAPI, host: str = "127.0.0.1", port: int = 0, verbose: bool = False
    ) -> None:
        self.fake = fake
        self._httpd = _HTTPServer((host, port), fake, verbose)
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """Return ``http://HOST:PORT/v1``."""
        return self._httpd.origin + BASE_PATH

    def serve_forever(self) -> None:
        """Serve in the calling thread until :meth:`stop` or Ctrl-C."""
        self._httpd.serve_forever(poll_interval=0.1)

    def start(self) -> FakeServer:
        """Serve in a background thread and return self."""
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._httpd.server_close()

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

    """
    _serve_until_interrupted(FakeServer(fake, host, port))


def _serve_until_interrupted(server: FakeServer) -> None:
    """Serve in the calling thread; Ctrl-C ends it quietly, and the socket is closed."""
    try:
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
    finally:
        server.stop()


def run_fake_server(
    host: str = "127.0.0.1",
    port: int = 8080,
    api_key: str = DEFAULT_API_KEY,
    seed: int = 0,
    run_duration: float = 600.0,
    rate_limits: bool = True,
    speed: float = 1.0,
    out: TextIO | None = None,
    org_id: int | None = 123,
) -> None:
    """Build a fake, print how to reach it, and serve it until Ctrl-C.

    Args:
        host: Interface to bind (loopback by default).
        port: TCP port.
        api_key: Token that authenticates as the seeded user.
        seed: Seed of the generated data.
        run_duration: Seconds (of the fake's clock) an agent run works.
        rate_limits: Enforce the documented rate limits.
        speed: Clock speed: 10 makes a 600 s run finish in 60 real seconds.
        out: Where to print (default stdout).
        org_id: Id of the seeded user's main organization; 123 by default, so the README's
            examples (``python cli.py repositories 123``) work as written. None: seeded.

    """
    clock: Clock = SystemClock() if speed == 1.0 else ScaledClock(speed)
    fake = FakeCodegenAPI(
        seed=seed,
        api_key=api_key,
        run_duration=run_duration,
        clock=clock,
        rate_limits=rate_limits,
        org_id=org_id,
    )
    server = FakeServer(fake, host, port)
    stream = out or sys.stdout
    print(f"Offline Codegen API at {server.base_url}", file=stream)
    print(f"  CODEGEN_BASE_URL={server.base_url}", file=stream)
    print(f"  CODEGEN_API_KEY={api_key}", file=stream)
    print(f"  CODEGEN_ORG_ID={fake.org_id}", file=stream)
    print("Press Ctrl-C to stop.", file=stream, flush=True)
    _serve_until_interrupted(server)
