"""Section 7: a fleet of worker processes sharing one key, local pacing against the shared budget.

The offline API is served on loopback (uvicorn) with its documented limits on, counted per key
across every connection. 4 and 8 worker processes (spawned, so each is a whole new process)
use one key; each runs two loops for the same fixed time, one calling ``get_agent_run`` (60 per
30 s) and one ``create_agent_run`` (10 per minute). With local pacing each process paces only
itself; with ``rate_limit_url`` all of them book their slots in one real ``redis-server``.

Time is scaled (a :class:`ScaledClock` in the server and in every worker, and the Redis back end
runs Redis's clock at the same speed): twice real time, ten times with ``--quick``. Time
compression also multiplies every scheduling delay of a loaded machine, which the 2% margin of
each window must absorb, so the full run compresses little. The fixed time, 89 s, ends well after
the last window it covers opens (reads at 0, 30 and 60 s, creates at 0 and 60 s), so clients
whose workers start a moment apart and whose calls take a while can still use them all.

For each: the 429s the server sent, the calls completed (200s the server sent) as a share of
the budget's bound (``requests * ceil(time / period)`` per operation: the most any set of
clients could get in), and the p95 wait per completed call (pacing, retries and the request).
"""

from __future__ import annotations

import asyncio
import logging
import math
import multiprocessing
import os
import statistics
import time
from collections import Counter
from typing import Any

from benchmarks._table import Section

__all__ = ["bound_of", "measure_fleet"]

LIMITS = {"get_agent_run": (60, 30.0), "create_agent_run": (10, 60.0)}
SHARE_TARGET = 0.9


def bound_of(duration: float) -> int:
    """The most calls the server accepts in ``duration`` seconds, over both operations."""
    return sum(requests * math.ceil(duration / period) for requests, period in LIMITS.values())


def _worker(job: dict[str, Any], ready: Any, go: Any, results: Any) -> None:
    """One worker process: two loops for the fixed time; puts its figures on ``results``."""
    from codegen_client import AsyncCodegenClient, CodegenApiError, ScaledClock
    from codegen_client._deadline import DeadlinePassed, deadline_at

    clock = ScaledClock(job["speed"])
    client = AsyncCodegenClient(
        api_key=job["key"],
        base_url=job["base_url"],
        clock=clock,
        rate_limit_url=job["redis_url"],
        timeout=30.0,
    )

    async def loop(operation: str, end: float) -> dict[str, Any]:
        waits: list[float] = []
        given_up = 0
        while clock.now() < end:
            started = clock.now()
            try:
                if operation == "get_agent_run":
                    await client.agents.get_agent_run(
                        org_id=job["org_id"], agent_run_id=job["run_id"]
                    )
                else:
                    await client.agents.create_agent_run(org_id=job["org_id"], prompt="fleet")
            except DeadlinePassed as passed:
                if passed.error is None:  # no slot left before the end: this loop is done
                    break
                given_up += 1  # sent, refused, and its retry would come too late
            except CodegenApiError:
                given_up += 1
            else:
                waits.append(clock.now() - started)
        return {"operation": operation, "waits": waits, "given_up": given_up}

    async def main() -> list[dict[str, Any]]:
        # Warm up on a key of its own (budgets are per key): every module the two calls load,
        # and this loop's connections, so that the fixed time measures calls, not imports.
        async with AsyncCodegenClient(
            api_key=job["warm_up_key"],
            base_url=job["base_url"],
            clock=clock,
            rate_limit_url=job["redis_url"],
        ) as warm:
            await warm.agents.get_agent_run(org_id=job["org_id"], agent_run_id=job["run_id"])
            await warm.agents.create_agent_run(org_id=job["org_id"], prompt="warm-up")
        backend = client._own_backend
        if backend is not None:
            await backend._async_script()[0].registered_client.ping()
        ready.put(os.getpid())
        await asyncio.get_running_loop().run_in_executor(None, go.wait)
        end = clock.now() + job["duration"]
        with deadline_at(end):
            found = await asyncio.gather(loop("get_agent_run", end), loop("create_agent_run", end))
        await client.close()
        return list(found)

    # A create cut short by the end of the fixed time logs a warning: expected here.
    logging.getLogger("codegen_client").setLevel(logging.ERROR)
    results.put(asyncio.run(main()))


def _run(workers: int, redis_url: str | None, duration: float, speed: float) -> dict[str, Any]:
    from codegen_client.testing import FakeCodegenAPI, ScaledClock
    from codegen_client.testing.server import FakeServer

    fake = FakeCodegenAPI(seed=7, clock=ScaledClock(speed), rate_limits=True)
    run = fake.add_agent_run(status="ACTIVE")
    context = multiprocessing.get_context("spawn")
    ready, results, go = context.Queue(), context.Queue(), context.Event()
    with FakeServer(fake, port=0) as server:
        job = {
            "base_url": server.base_url,
            "key": fake.api_key,
            "warm_up_key": fake.add_token(fake.current_user.id),
            "org_id": fake.org_id,
            "run_id": run.id,
            "redis_url": redis_url,
            "duration": duration,
            "speed": speed,
        }
        processes = [
            context.Process(target=_worker, args=(job, ready, go, results), daemon=True)
            for _ in range(workers)
        ]
        for process in processes:
            process.start()
        for _ in processes:
            _get(ready, processes)  # every worker has imported the client and made it
        first = len(fake.requests)  # the warm-up calls are not counted
        started = time.perf_counter()
        go.set()
        figures = [_get(results, processes) for _ in processes]
        wall = time.perf_counter() - started
        for process in processes:
            process.join(timeout=30)
    records = fake.requests[first:]
    statuses = Counter(r.status for r in records)
    waits = sorted(w for worker in figures for loop in worker for w in loop["waits"])
    by_operation = Counter((r.operation_id, r.status) for r in records)
    ok = statuses.get(200, 0)
    return {
        "workers": workers,
        "shared": redis_url is not None,
        "duration_s": duration,
        "speed": speed,
        "wall_s": wall,
        "requests": len(records),
        "rejected_429": statuses.get(429, 0),
        "completed": ok,
        "bound": bound_of(duration),
        "share": ok / bound_of(duration),
        "p95_wait_s": _p95(waits),
        "median_wait_s": statistics.median(waits) if waits else 0.0,
        "given_up": sum(loop["given_up"] for worker in figures for loop in worker),
        "by_operation": {f"{op} {status}": n for (op, status), n in sorted(by_operation.items())},
    }


def _get(queue: Any, processes: list[Any]) -> Any:
    """The next item of ``queue``; raise if every worker has exited without sending one."""
    import queue as queues

    while True:
        try:
            return queue.get(timeout=0.5)
        except queues.Empty:
            if not any(process.is_alive() for process in processes):
                codes = [process.exitcode for process in processes]
                raise RuntimeError(f"fleet workers exited early: exit codes {codes}") from None


def _p95(values: list[float]) -> float:
    if not values:
        return 0.0
    return values[min(len(values) - 1, math.ceil(0.95 * len(values)) - 1)]


def measure_fleet(
    workers: tuple[int, ...] = (4, 8),
    duration: float = 89.0,
    speed: float = 2.0,
    redis_url: str | None = None,
) -> Section:
    """Run the fleet with local pacing and with the shared Redis budget, per worker count.

    Args:
        workers: Worker process counts.
        duration: The fixed time of each run, in virtual seconds.
        speed: How much faster than real time the clocks run.
        redis_url: A Redis to use (None: start a throwaway ``redis-server``).

    Returns:
        The section: a row per worker count and pacing.

    """
    from benchmarks._redis import RedisServer, redis_server_path

    section = Section(
        7,
        "Fleet: worker processes sharing one key (get_agent_run and create_agent_run loops)",
        note=(
            f"served offline API with its limits on; {duration:g} s fixed time at {speed:g}x; "
            f"bound {bound_of(duration)} calls"
        ),
    )
    server = None
    if redis_url is None and redis_server_path() is not None:
        server = RedisServer().start()
        redis_url = server.url
    try:
        for count in workers:
            for shared in (False, True):
                label = f"{count} workers, " + ("shared Redis budget" if shared else "local pacing")
                if shared and redis_url is None:
                    section.add(label, "not measured: redis-server is not installed", "", None)
                    continue
                figures = _run(count, redis_url if shared else None, duration, speed)
                _add(section, label, figures)
    finally:
        if server is not None:
            server.stop()
    return section


def _add(section: Section, label: str, figures: dict[str, Any]) -> None:
    value = (
        f"{figures['rejected_429']} 429s; {figures['completed']} of {figures['bound']} calls "
        f"({figures['share']:.2f} of the bound); p95 wait {figures['p95_wait_s']:.1f} s "
        f"(median {figures['median_wait_s']:.1f} s); {figures['requests']} requests, "
        f"{figures['given_up']} calls given up; {figures['wall_s']:.1f} s real"
    )
    if figures["shared"]:
        met = figures["rejected_429"] == 0 and figures["share"] >= SHARE_TARGET
        section.add(label, value, f"0 429s, >= {SHARE_TARGET} of the bound", met, **figures)
    else:
        section.add(label, value, "", None, **figures)
