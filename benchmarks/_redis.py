"""A throwaway ``redis-server`` (Debian's package) on a free loopback port: benchmarks, tests.

It keeps nothing on disk (no RDB, no AOF, a temporary working directory) and is stopped when
the ``with`` block ends. Readiness is read from the server's own log line, not waited for.
"""

from __future__ import annotations

import os
import select
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from types import TracebackType

__all__ = ["RedisServer", "redis_server_path"]

_READY = "Ready to accept connections"
_START_TIMEOUT = 15.0


def redis_server_path() -> str | None:
    """Return the ``redis-server`` executable on PATH, or None when it is not installed."""
    return shutil.which("redis-server")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RedisServer:
    """``redis-server`` on 127.0.0.1 and a free port; ``url`` is its ``redis://`` URL.

    Raises:
        FileNotFoundError: ``redis-server`` is not installed.
        RuntimeError: It did not start (its last log lines are in the message).

    Example:
        >>> with RedisServer() as server:  # doctest: +SKIP
        ...     client = CodegenClient(rate_limit_url=server.url)

    """

    def __init__(self) -> None:
        executable = redis_server_path()
        if executable is None:
            raise FileNotFoundError("redis-server is not installed (apt-get install redis-server)")
        self._executable = executable
        self._dir = tempfile.TemporaryDirectory(prefix="codegen-redis-")
        self._process: subprocess.Popen[bytes] | None = None
        self.port = 0

    @property
    def url(self) -> str:
        """Return ``redis://127.0.0.1:PORT/0``."""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        """Start the server and return once it accepts connections (a few tries for a port)."""
        log: list[str] = []
        for _ in range(5):
            self.port = _free_port()
            process = subprocess.Popen(
                [
                    self._executable,
                    *("--bind", "127.0.0.1", "--port", str(self.port)),
                    *("--save", "", "--appendonly", "no", "--dir", self._dir.name),
                    *("--logfile", "", "--loglevel", "notice", "--daemonize", "no"),
                ],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                bufsize=0,
            )
            if self._ready(process, log):
                self._process = process
                # Keep reading its log, so a full pipe can never stall it.
                threading.Thread(target=process.stdout.read, daemon=True).start()  # type: ignore[union-attr]
                return self
            process.kill()
            process.wait()
        raise RuntimeError("redis-server did not start: " + " | ".join(log[-5:]))

    @staticmethod
    def _ready(process: subprocess.Popen[bytes], log: list[str]) -> bool:
        assert process.stdout is not None
        fd = process.stdout.fileno()
        seen = b""
        deadline = time.monotonic() + _START_TIMEOUT
        while time.monotonic() < deadline:
            readable, _, _ = select.select([fd], [], [], deadline - time.monotonic())
            if not readable:
                break
            chunk = os.read(fd, 65536)
            if not chunk:  # it exited (the port was taken, say)
                break
            seen += chunk
            if _READY.encode() in seen:
                return True
        log.extend(seen.decode(errors="replace").splitlines())
        return False

    def stop(self) -> None:
        """Stop the server and remove its directory."""
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None
        self._dir.cleanup()

    def __enter__(self) -> RedisServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
