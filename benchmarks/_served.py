"""A loopback HTTP server in a process of its own, for the async transport benchmark (section 7).

``python -m benchmarks._served KIND`` binds 127.0.0.1 on a free port, prints one line
``PORT PATH API_KEY`` (the path answers a completed agent run), and serves until its standard
input closes. Each ``stats`` line it reads is answered with ``REQUESTS CONNECTIONS CPU``: the
requests it answered, the connections it accepted and the CPU seconds it used so far.

KIND is ``fake``, the offline Codegen API's ASGI app (what :class:`FakeServer` serves, rate
limits off), or ``minimal``, a bare ASGI app that answers every request with the fixed run body
of section 1: what is left once the fake's routing, checks and JSON encoding are gone. Both run
on uvicorn's h11 protocol with FakeServer's settings, under a protocol class that counts the
connections (which FakeServer has no way to report).

The server runs in a process of its own so that its Python code does not share the client's
interpreter lock: what is measured is the client, not the two taking turns.
"""

from __future__ import annotations

import asyncio
import socket
import sys
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

__all__ = ["KINDS", "main"]

KINDS = ("fake", "minimal")

_Scope = MutableMapping[str, Any]
_Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
_Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
_App = Callable[[_Scope, _Receive, _Send], Awaitable[None]]


class _Counts:
    requests = 0
    connections = 0


def _fake_app() -> tuple[_App, str, str]:
    """The offline API's ASGI app holding one completed run; its path and key."""
    from codegen_client.testing import FakeCodegenAPI, ManualClock
    from codegen_client.testing._asgi import FakeASGIApp

    # The fake's clock stands still past the run's end: every answer is the same completed run.
    clock = ManualClock()
    fake = FakeCodegenAPI(clock=clock, rate_limits=False)
    run = fake.add_agent_run(prompt="Fix the flaky test in tests/test_api.py")
    clock.advance(fake.run_duration + 60)
    path = f"/organizations/{run.organization_id}/agent/run/{run.id}"
    return FakeASGIApp(fake), path, fake.api_key


def _minimal_app() -> tuple[_App, str, str]:
    """An ASGI app answering section 1's run body to anything; its path and key."""
    from benchmarks.overhead import API_KEY, ORG_ID, RUN_BODY, RUN_ID

    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(RUN_BODY)).encode()),
    ]

    async def app(scope: _Scope, receive: _Receive, send: _Send) -> None:
        if scope["type"] != "http":
            return
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": RUN_BODY})

    return app, f"/organizations/{ORG_ID}/agent/run/{RUN_ID}", API_KEY


def _serve(app: _App, counts: _Counts) -> tuple[int, Callable[[], None]]:
    """Serve ``app`` on 127.0.0.1 in a background thread; return the port and a stop function."""
    import uvicorn
    from uvicorn.protocols.http.h11_impl import H11Protocol

    from codegen_client.testing.server import BACKLOG

    class Counted(H11Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            counts.connections += 1
            super().connection_made(transport)  # type: ignore[arg-type]

    async def counted(scope: _Scope, receive: _Receive, send: _Send) -> None:
        if scope["type"] == "http":
            counts.requests += 1
        await app(scope, receive, send)

    sock = socket.create_server(("127.0.0.1", 0), backlog=BACKLOG)
    config = uvicorn.Config(
        counted,
        http=Counted,
        ws="none",
        lifespan="off",
        loop="asyncio",
        interface="asgi3",
        log_config=None,
        access_log=False,
        backlog=BACKLOG,
        timeout_keep_alive=5,
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=asyncio.run, args=(server.serve(sockets=[sock]),))
    thread.start()

    def stop() -> None:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()

    return sock.getsockname()[1], stop


def main(argv: list[str] | None = None) -> int:
    """Serve KIND until standard input closes, answering ``stats`` lines; return the exit code."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0] not in KINDS:
        print(f"usage: python -m benchmarks._served {{{','.join(KINDS)}}}", file=sys.stderr)
        return 2
    app, path, api_key = _fake_app() if args[0] == "fake" else _minimal_app()
    counts = _Counts()
    port, stop = _serve(app, counts)
    print(port, path, api_key, flush=True)
    for line in sys.stdin:
        if line.strip() == "stats":
            print(counts.requests, counts.connections, time.process_time(), flush=True)
    stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
