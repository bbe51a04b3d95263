"""A tiny loopback HTTP server for benchmarks: fixed answers, a request counter, nothing else.

Written with the stdlib because it must add as little as possible to each exchange and must
count requests from other processes (the CLI rows of the bad-input table).
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

__all__ = ["FixedServer"]


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"  # keep-alive, so clients reuse one connection
    # Headers and body go out in two writes; with Nagle on, the second waits for the
    # client's delayed ACK (~40 ms on Linux) and the benchmark would measure that.
    disable_nagle_algorithm = True

    def _answer(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        if length:
            self.rfile.read(length)
        with self.server.lock:
            self.server.count += 1
        body = self.server.body
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _answer

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet: a benchmark prints one table."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, body: bytes) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.body = body
        self.count = 0
        self.lock = threading.Lock()


class FixedServer:
    """Answers every request on 127.0.0.1 (ephemeral port) with 200 and ``body``.

    Example:
        >>> with FixedServer(b"{}") as server:  # doctest: +SKIP
        ...     httpx.get(server.base_url + "/users/me")

    """

    def __init__(self, body: bytes) -> None:
        self._httpd = _Server(body)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        """Return ``http://127.0.0.1:PORT/v1``."""
        return f"http://127.0.0.1:{self._httpd.server_port}/v1"

    @property
    def count(self) -> int:
        """Return how many requests were answered."""
        return self._httpd.count

    def __enter__(self) -> FixedServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._httpd.shutdown()
        self._thread.join(timeout=5)
        self._httpd.server_close()
