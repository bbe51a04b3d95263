"""Hundreds of clients at once: every connection is accepted and answered."""

from __future__ import annotations

import resource
import selectors
import socket
import time

import pytest

from codegen_client.testing import FakeCodegenAPI
from codegen_client.testing.server import FakeServer

from .conftest import LOOPBACK

pytestmark = LOOPBACK

CONNECTIONS = 500
DEADLINE = 20.0  # seconds for all of them; in practice well under one


@pytest.fixture
def enough_file_descriptors() -> None:
    """Raise the soft descriptor limit so both ends of 500 connections fit in this process."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 2 * CONNECTIONS + 200
    if soft < wanted:
        if hard != resource.RLIM_INFINITY and hard < wanted:
            pytest.skip(f"needs {wanted} file descriptors, the hard limit is {hard}")
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def test_500_concurrent_connections_all_get_answers(
    fake: FakeCodegenAPI, server: FakeServer, enough_file_descriptors: None
) -> None:
    """500 connections opened at once, each sending a request, all get a 200 back."""
    request = (
        f"GET /v1/users/me HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: Bearer {fake.api_key}\r\nConnection: close\r\n\r\n"
    ).encode()
    selector = selectors.DefaultSelector()
    socks: list[socket.socket] = []
    received: dict[int, bytes] = {}
    try:
        for index in range(CONNECTIONS):  # every connect is in flight before any answer is read
            sock = socket.socket()
            sock.setblocking(False)
            sock.connect_ex(("127.0.0.1", server.port))
            socks.append(sock)
            selector.register(sock, selectors.EVENT_WRITE, index)
            received[index] = b""
        pending = set(received)
        deadline = time.monotonic() + DEADLINE
        while pending and time.monotonic() < deadline:
            for key, events in selector.select(timeout=0.5):
                sock, index = key.fileobj, key.data
                assert isinstance(sock, socket.socket)
                if events & selectors.EVENT_WRITE:
                    sock.sendall(request)
                    selector.modify(sock, selectors.EVENT_READ, index)
                    continue
                chunk = sock.recv(65536)
                received[index] += chunk
                if not chunk:  # the server closes after answering (Connection: close)
                    selector.unregister(sock)
                    pending.discard(index)
    finally:
        selector.close()
        for sock in socks:
            sock.close()
    statuses = [data.split(b" ", 2)[1] if data else b"none" for data in received.values()]
    assert statuses.count(b"200") == CONNECTIONS, {s: statuses.count(s) for s in set(statuses)}
    assert len(fake.requests) == CONNECTIONS
