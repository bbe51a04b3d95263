"""A fake served by uvicorn on an ephemeral loopback port, and raw-socket helpers."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from codegen_client.testing import FakeCodegenAPI, ManualClock
from codegen_client.testing.server import FakeServer

SERVER_EXTRA = "needs the server extra: pip install 'codegen-client[server]'"

ANSWER_TIMEOUT = 5.0
BODY_TIMEOUT = 0.2


# Each module here sets `pytestmark = LOOPBACK`: they talk to 127.0.0.1 and nothing else.
LOOPBACK = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])


@pytest.fixture
def fake() -> FakeCodegenAPI:
    """A fake on a ManualClock with its main organization 123, rate limits off."""
    return FakeCodegenAPI(clock=ManualClock(), org_id=123, rate_limits=False)


@pytest.fixture(scope="module")
def running() -> Iterator[FakeServer]:
    """One server per module (starting and stopping one takes a tenth of a second or two)."""
    pytest.importorskip("uvicorn", reason=SERVER_EXTRA)
    with FakeServer(FakeCodegenAPI(), port=0, body_timeout=BODY_TIMEOUT) as started:
        yield started


@pytest.fixture
def server(running: FakeServer, fake: FakeCodegenAPI) -> FakeServer:
    """The module's server, answering from this test's own ``fake``."""
    running.fake = running.app.fake = fake
    return running


@dataclass
class Answer:
    """One HTTP response read off a raw socket."""

    status: int
    headers: dict[str, str]
    body: bytes


class Reader:
    """Reads HTTP responses off a raw socket, keeping bytes that belong to the next one."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buffer = b""

    def _fill(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed without a complete answer: {self.buffer!r}")
        self.buffer += chunk

    def _take(self, size: int) -> bytes:
        while len(self.buffer) < size:
            self._fill()
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        return data

    def _line(self) -> bytes:
        while b"\r\n" not in self.buffer:
            self._fill()
        line, _, self.buffer = self.buffer.partition(b"\r\n")
        return line

    def answer(self, head_only: bool = False) -> Answer:
        """Read one final response (skipping 100 Continue) within the socket's timeout."""
        while b"\r\n\r\n" not in self.buffer:
            self._fill()
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ")[1])
        pairs = (line.partition(":") for line in lines[1:])
        headers = {k.strip().lower(): v.strip() for k, _, v in pairs}
        if status == 100:
            return self.answer(head_only)
        if head_only:
            return Answer(status, headers, b"")
        if headers.get("transfer-encoding") == "chunked":
            body = b""
            while size := int(self._line().split(b";")[0], 16):
                body += self._take(size)
                self._take(2)
            self._take(2)
            return Answer(status, headers, body)
        return Answer(status, headers, self._take(int(headers.get("content-length", "0"))))

    def closed(self) -> bool:
        """Tell whether the server closed the connection (EOF within the timeout)."""
        return not self.buffer and self.sock.recv(1) == b""


def connect(server: FakeServer) -> socket.socket:
    """Open a raw connection to the server with the answer timeout."""
    return socket.create_connection(("127.0.0.1", server.port), timeout=ANSWER_TIMEOUT)


def send_raw(server: FakeServer, data: bytes, head_only: bool = False) -> Answer:
    """Send bytes on a new connection and read one answer."""
    with connect(server) as sock:
        sock.sendall(data)
        return Reader(sock).answer(head_only)


def request_bytes(
    method: str, target: str, headers: dict[str, str] | None = None, body: bytes = b""
) -> bytes:
    """Build an HTTP/1.1 request with Host and, for a body, Content-Length."""
    lines = [f"{method} {target} HTTP/1.1", "Host: 127.0.0.1"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    framed = any(re.fullmatch("(?i)content-length|transfer-encoding", k) for k in headers or {})
    if body and not framed:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body
