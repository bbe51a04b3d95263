"""Section 9: httpx-aiohttp's transport against httpx's own, at 200 concurrent calls over loopback.

openai's and other generated SDKs offer an aiohttp-backed ``httpx.AsyncClient``
(``DefaultAioHttpClient``, on the ``httpx-aiohttp`` package) as the faster choice for many
concurrent calls; this package ships one in its ``aiohttp`` extra if it is at least 1.2x raw
httpx's throughput here. This section measures it: 200 tasks each send
``GET /organizations/{org}/agent/run/{id}`` one after the other and decode the completed run
(about 560 bytes of JSON), through four clients:

- raw ``httpx.AsyncClient`` (``get`` + ``raise_for_status`` + ``.json()``), the floor;
- raw ``httpx_aiohttp.HttpxAiohttpClient``, the same calls on aiohttp's connection pool;
- ``AsyncCodegenClient`` on its own ``httpx.AsyncClient`` (``client.agents.get_agent_run``);
- ``AsyncCodegenClient(http_client=DefaultAioHttpClient())``, this package's wrapper of it.

Both raw clients keep their defaults (at most 100 connections), as a user's would. The server
runs in a process of its own (:mod:`benchmarks._served`), so it does not share the client's
interpreter lock, and counts the requests and connections of each client's rounds. Rounds
rotate through the four clients so that machine noise hits them alike. A client's throughput
is its median round, a ratio the median of its round-by-round ratios (one rotation runs the
clients within moments of each other, so a load that comes and goes on a shared machine
cancels out), its latencies are every call of its rounds.
"""

from __future__ import annotations

import asyncio
import gc
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

from benchmarks._table import Section

__all__ = ["CONCURRENCY", "TARGET_RATIO", "measure_async_transport"]

CONCURRENCY = 200
TARGET_RATIO = 1.2
SERVER_NOTES = {
    "fake": "the offline API's ASGI app on uvicorn (h11), rate limits off",
    "minimal": "a bare ASGI app on uvicorn (h11), fixed run body",
}
_REPO = Path(__file__).resolve().parents[1]
_INSTALL_HINT = "pip install httpx-aiohttp (in the bench and aiohttp extras)"


class _ServedProcess:
    """A :mod:`benchmarks._served` server in a child process; ``stats()`` asks what it served."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._process = subprocess.Popen(
            [sys.executable, "-m", "benchmarks._served", kind],
            cwd=_REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        port, self.path, self.api_key = self._line().split()
        self.base_url = f"http://127.0.0.1:{port}/v1"

    def _line(self) -> str:
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line:
            code = self._process.wait(timeout=10)
            raise RuntimeError(f"the {self.kind} server process ended with exit code {code}")
        return line

    def stats(self) -> tuple[int, int, float]:
        """Return the requests answered, connections accepted and CPU seconds used so far."""
        assert self._process.stdin is not None
        self._process.stdin.write("stats\n")
        self._process.stdin.flush()
        requests, connections, cpu = self._line().split()
        return int(requests), int(connections), float(cpu)

    def __enter__(self) -> _ServedProcess:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._process.stdin is not None
        self._process.stdin.close()  # the server stops when its input ends
        try:
            self._process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()


@dataclass
class _Side:
    """One client under test: its call, how to close it, and what its rounds measured."""

    name: str
    call: Callable[[], Awaitable[Any]]
    close: Callable[[], Awaitable[None]]
    rates: list[float] = field(default_factory=list)
    cpu_per_call: list[float] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    calls: int = 0
    requests: int = 0  # what the server answered during this client's rounds
    connections: int = 0  # what the server accepted during this client's rounds

    @property
    def rate(self) -> float:
        """Calls per second of the median round."""
        return statistics.median(self.rates)

    def percentile(self, share: float) -> float:
        """The latency (seconds) that ``share`` of the calls stayed within."""
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def _round(side: _Side, calls_each: int, concurrency: int, keep: bool) -> None:
    """``concurrency`` tasks each make ``calls_each`` calls in a row; record the round."""
    latencies: list[float] = []

    async def task() -> None:
        for _ in range(calls_each):
            started = time.perf_counter()
            await side.call()
            latencies.append(time.perf_counter() - started)

    cpu, wall = time.process_time(), time.perf_counter()
    await asyncio.gather(*(task() for _ in range(concurrency)))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if keep:
        calls = calls_each * concurrency
        side.calls += calls
        side.rates.append(calls / wall)
        side.cpu_per_call.append(cpu / calls)
        side.latencies.extend(latencies)


def _aiohttp_client_type() -> type[httpx.AsyncClient] | None:
    try:
        from httpx_aiohttp import HttpxAiohttpClient
    except ModuleNotFoundError:
        return None
    return HttpxAiohttpClient


RAW_HTTPX = "raw httpx.AsyncClient"
RAW_AIOHTTP = "raw httpx-aiohttp HttpxAiohttpClient"
OURS_HTTPX = "AsyncCodegenClient (its own httpx.AsyncClient)"
OURS_AIOHTTP = "AsyncCodegenClient(http_client=DefaultAioHttpClient())"
_SHORT = {RAW_HTTPX: "raw httpx", RAW_AIOHTTP: "raw httpx-aiohttp", OURS_HTTPX: "client on httpx"}


def _sides(served: _ServedProcess) -> list[_Side]:
    from codegen_client import AsyncCodegenClient, DefaultAioHttpClient

    org_id, run_id = (int(part) for part in served.path.split("/")[2::3])
    headers = {"Authorization": f"Bearer {served.api_key}", "Accept": "application/json"}

    def raw(name: str, http: httpx.AsyncClient) -> _Side:
        async def call() -> Any:
            response = await http.get(served.path)
            response.raise_for_status()
            return response.json()

        return _Side(name, call, http.aclose)

    def ours(name: str, http: httpx.AsyncClient | None) -> _Side:
        client = AsyncCodegenClient(
            api_key=served.api_key,
            base_url=served.base_url,
            timeout=30.0,
            http_client=http,
            rate_limits=False,  # 200 gets at once would otherwise be paced at 60 per 30 s
        )

        async def call() -> Any:
            return await client.agents.get_agent_run(org_id=org_id, agent_run_id=run_id)

        async def close() -> None:
            await client.close()
            if http is not None:
                await http.aclose()

        return _Side(name, call, close)

    options: dict[str, Any] = {"base_url": served.base_url, "headers": headers, "timeout": 30.0}
    aiohttp_client = _aiohttp_client_type()
    sides = [raw(RAW_HTTPX, httpx.AsyncClient(**options))]
    if aiohttp_client is not None:
        sides.append(raw(RAW_AIOHTTP, aiohttp_client(**options)))
    sides.append(ours(OURS_HTTPX, None))
    if aiohttp_client is not None:
        sides.append(ours(OURS_AIOHTTP, DefaultAioHttpClient(timeout=30.0)))
    return sides


async def _measure(
    served: _ServedProcess, calls_each: int, rounds: int, concurrency: int
) -> tuple[list[_Side], int, float]:
    """Warm every client up, then run ``rounds`` rotating rounds; return server requests/CPU."""
    sides = _sides(served)
    try:
        for side in sides:  # connections, lazy imports, the first parse
            await _round(side, 1, concurrency, keep=False)
        requests_before, _, cpu_before = served.stats()
        for number in range(rounds):
            gc.collect()  # once per rotation; the rotating order shares out later garbage
            shift = number % len(sides)
            for side in sides[shift:] + sides[:shift]:
                requests, connections, _ = served.stats()
                await _round(side, calls_each, concurrency, keep=True)
                after = served.stats()
                side.requests += after[0] - requests
                side.connections += after[1] - connections
        requests_after, _, cpu_after = served.stats()
    finally:
        for side in sides:
            await side.close()
    return sides, requests_after - requests_before, cpu_after - cpu_before


def _figures(side: _Side) -> str:
    return (
        f"{side.rate:,.0f} calls/s; p50 {side.percentile(0.5) * 1e3:.1f} ms, "
        f"p95 {side.percentile(0.95) * 1e3:.1f} ms; "
        f"client CPU {statistics.median(side.cpu_per_call) * 1e6:.0f} µs/call; "
        f"{side.connections:,} connections for {side.calls:,} calls"
    )


def measure_async_transport(
    calls_each: int = 2, rounds: int = 5, server: str = "fake", concurrency: int = CONCURRENCY
) -> Section:
    """Measure throughput and latency of ``concurrency`` concurrent gets through four clients.

    Args:
        calls_each: Calls each of the ``concurrency`` tasks makes per round.
        rounds: Rounds per client, rotating through the clients.
        server: ``minimal`` or ``fake`` (see :mod:`benchmarks._served`).
        concurrency: Tasks calling at once.

    Returns:
        Section 9 of the table.

    """
    section = Section(9, f"Async transport: {concurrency} concurrent get_agent_run over loopback")
    section.note = (
        f"{SERVER_NOTES[server]}, in its own process; {concurrency} tasks x {calls_each} calls "
        f"per round, median of {rounds} rotating rounds"
    )
    with _ServedProcess(server) as served:
        sides, requests, server_cpu = asyncio.run(_measure(served, calls_each, rounds, concurrency))
    by_name = {side.name: side for side in sides}
    raw, ours = by_name[RAW_HTTPX], by_name[OURS_HTTPX]
    raw_aiohttp, ours_aiohttp = by_name.get(RAW_AIOHTTP), by_name.get(OURS_AIOHTTP)

    def add(side: _Side, target: str = "", *against: _Side) -> None:
        # Round by round: the clients of one rotation ran within moments of each other.
        ratios = [
            statistics.median(a / b for a, b in zip(side.rates, other.rates, strict=True))
            for other in against
        ]
        value = _figures(side)
        if against:
            value += ": " + ", ".join(
                f"{ratio:.2f}x {_SHORT[other.name]}"
                for ratio, other in zip(ratios, against, strict=True)
            )
        section.add(
            side.name,
            value,
            target,
            ratios[0] >= TARGET_RATIO if target else None,
            calls_per_s=side.rate,
            rounds_calls_per_s=side.rates,
            p50_ms=side.percentile(0.5) * 1e3,
            p95_ms=side.percentile(0.95) * 1e3,
            client_cpu_us=statistics.median(side.cpu_per_call) * 1e6,
            calls=side.calls,
            requests=side.requests,
            connections=side.connections,
            ratios={
                _SHORT[other.name]: ratio for ratio, other in zip(ratios, against, strict=True)
            },
        )

    add(raw)
    if raw_aiohttp is None or ours_aiohttp is None:
        section.add(RAW_AIOHTTP, f"not installed: {_INSTALL_HINT}")
    else:
        add(raw_aiohttp, f">= {TARGET_RATIO}x raw httpx (to ship the aiohttp extra)", raw)
    add(ours, "", raw)
    if raw_aiohttp is not None and ours_aiohttp is not None:
        add(ours_aiohttp, "", raw, raw_aiohttp, ours)
    calls = len(sides) * rounds * calls_each * concurrency
    section.add(
        f"server ({server}): requests answered in the measured rounds, its CPU per request",
        f"{requests:,} requests for {calls:,} calls; {server_cpu / max(requests, 1) * 1e6:.0f} µs "
        "CPU per request",
        requests=requests,
        calls=calls,
        server_cpu_us=server_cpu / max(requests, 1) * 1e6,
    )
    return section
