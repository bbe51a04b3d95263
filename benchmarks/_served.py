"""A loopback HTTP server in a process of its own, for the async transport benchmark (section 7).

``python -m benchmarks._served KIND`` binds 127.0.0.1 on a free port, prints one line
``PORT PATH API_KEY`` (the path answers a completed agent run), and serves until its standard
input closes. Each ``stats`` line it reads is answered with ``REQUESTS CPU_SECONDS``: the
requests it answered and the CPU time it used, so the benchmark can show what the server cost.

KIND is ``fake``, the offline Codegen API served by uvicorn (:class:`FakeServer`, rate limits
off), or ``minimal``, a bare ASGI app on the same uvicorn h11 stack that answers every request
with the fixed run body of section 1: what is left once the fake's routing, checks and JSON
encoding are gone.

The server runs in a process of its own so that its Python code does not share the client's
interpreter lock: what is measured is the client, not the two taking turns.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

__all__ = ["KINDS", "main"]

KINDS = ("fake", "minimal")
BACKLOG = 2048

_Scope = MutableMapping[str, Any]
_Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
_Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


def _serve_fake() -> tuple[int, str, str, Callable[[], int], Callable[[], None]]:
    """The offline API served by uvicorn, holding one completed run."""
    from codegen_client.testing import FakeCodegenAPI, ManualClock
    from codegen_client.testing.server import FakeServer

    # The fake's clock stands still past the run's end: every answer is the same completed run.
    clock = ManualClock()
    fake = FakeCodegenAPI(clock=clock, rate_limits=False)
    run = fake.add_agent_run(prompt="Fix the flaky test in tests/test_api.py")
    clock.advance(fake.run_duration + 60)
    server = FakeServer(fake, port=0).start()
    path = f"/organizations/{run.organization_id}/agent/run/{run.id}"
    return server.port, path, fake.api_key, lambda: len(fake.requests), server.stop


def _serve_minimal() -> tuple[int, str, str, Callable[[], int], Callable[[], None]]:
    """A bare ASGI app on uvicorn's h11 stack, with the settings FakeServer uses."""
    import asyncio

    import uvicorn

    from benchmarks.overhead import API_KEY, ORG_ID, RUN_BODY, RUN_ID

    count = 0
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(RUN_BODY)).encode()),
    ]

    async def app(scope: _Scope, receive: _Receive, send: _Send) -> None:
        nonlocal count
        if scope["type"] != "http":
            return
        count += 1
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": RUN_BODY})

    sock = socket.create_server(("127.0.0.1", 0), backlog=BACKLOG)
    config = uvicorn.Config(
        app,
        http="h11",
        ws="none",
        lifespan="off",
        loop="asyncio",
        interface="asgi3",
        log_config=None,
        access_log=False,
        backlog=BACKLOG,
        timeout_keep_alive=5,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=asyncio.run, args=(server.serve(sockets=[sock]),), daemon=True)
    thread.start()

    def stop() -> None:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()

    port = sock.getsockname()[1]
    path = f"/organizations/{ORG_ID}/agent/run/{RUN_ID}"
    return port, path, API_KEY, lambda: count, stop


def main(argv: list[str] | None = None) -> int:
    """Serve KIND until standard input closes, answering ``stats`` lines; return the exit code."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0] not in KINDS:
        print(f"usage: python -m benchmarks._served {{{','.join(KINDS)}}}", file=sys.stderr)
        return 2
    serve = _serve_fake if args[0] == "fake" else _serve_minimal
    port, path, api_key, count, stop = serve()
    print(port, path, api_key, flush=True)
    for line in sys.stdin:
        if line.strip() == "stats":
            print(count(), time.process_time(), flush=True)
    stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
