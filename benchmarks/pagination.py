"""Section 3: iterate every agent run of an organization through the paginator.

The offline API is seeded with N runs and the client walks them with ``iter_agent_runs``
(100 per page) on a :class:`ManualClock` shared with the fake: the client's pacing waits move
the clock at once, and the fake enforces the documented 60-per-30-s limit on that same clock,
so the virtual time is the time the real API would need.

Memory is the client's alone: the fake builds each page from all N runs (its own cost, which
would grow with N), so the pages it answered are recorded and the traced walk replays them
from a transport that only hands back those bytes. The figure is the peak traced growth,
compared between a small and a large organization to show it stays flat.
"""

from __future__ import annotations

import gc
import math
import time
import tracemalloc
from typing import Any

import httpx

from benchmarks._table import Section

__all__ = ["measure_pagination"]

PAGE_SIZE = 100
LIST_LIMIT = (60, 30.0)  # list_agent_runs: 60 requests per 30 s
FLAT_TARGET = 1.5  # peak growth at the large size may be at most this multiple of the small


class _Recorder(httpx.BaseTransport):
    """Passes requests to the fake and keeps each page's body, keyed by its ``skip``."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.bodies: dict[str, bytes] = {}

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        response.read()
        self.bodies[request.url.params.get("skip", "0")] = response.content
        return response


def _replay(bodies: dict[str, bytes]) -> httpx.MockTransport:
    def answer(request: httpx.Request) -> httpx.Response:
        body = bodies[request.url.params.get("skip", "0")]
        return httpx.Response(200, headers={"content-type": "application/json"}, content=body)

    return httpx.MockTransport(answer)


def _walk_fake(runs: int) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Walk ``runs`` runs on the offline API; return the figures and the recorded pages."""
    from codegen_client.testing import FakeCodegenAPI, ManualClock

    fake = FakeCodegenAPI(seed=7, clock=ManualClock())
    for index in range(runs):
        fake.add_agent_run(prompt=f"Task {index}: tidy the imports", created_at=-runs + index)
    recorder = _Recorder(fake.transport())
    client = fake.client(http_client=httpx.Client(transport=recorder))
    clock = fake.clock
    gc.collect()
    started_virtual, started = clock.now(), time.perf_counter()
    count = sum(1 for _run in client.agents.iter_agent_runs(org_id=fake.org_id))
    wall = time.perf_counter() - started
    requests = fake.requests_for("list_agent_runs")
    client.close()
    figures = {
        "items": count,
        "requests": len(requests),
        "rejected_429": sum(1 for r in requests if r.status == 429),
        "virtual_s": clock.now() - started_virtual,
        "wall_s": wall,
    }
    return figures, recorder.bodies


def _client_peak(bodies: dict[str, bytes], org_id: int) -> tuple[int, int]:
    """Peak and retained traced growth of the client alone, walking the recorded pages."""
    from codegen_client import CodegenClient, ManualClock

    def make() -> CodegenClient:
        return CodegenClient(
            api_key="sk-bench",
            http_client=httpx.Client(transport=_replay(bodies)),
            clock=ManualClock(),
        )

    # One walk first, so one-time costs do not count as growth: lazy imports, and the
    # stdlib's bounded cache of split URLs (urllib.parse keeps 128; httpx's cookie
    # handling splits each page's URL), which would otherwise grow with the page count.
    with make() as warm:
        for _run in warm.agents.iter_agent_runs(org_id=org_id):
            pass
    client = make()
    gc.collect()
    tracemalloc.start()
    baseline = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    for _run in client.agents.iter_agent_runs(org_id=org_id):
        pass
    peak = tracemalloc.get_traced_memory()[1] - baseline
    gc.collect()
    retained = tracemalloc.get_traced_memory()[0] - baseline
    tracemalloc.stop()
    client.close()
    return peak, retained


def _bound(requests: int) -> float:
    """Least API time for ``requests`` list calls: every full window of 60 costs 30 s."""
    per_window, window = LIST_LIMIT
    return max(0, math.ceil(requests / per_window) - 1) * window


def measure_pagination(small: int = 1_000, large: int = 10_000) -> Section:
    """Iterate ``small`` and ``large`` runs; report requests, memory, virtual and real time.

    Args:
        small: Runs in the small organization (the memory baseline).
        large: Runs in the large one.

    Returns:
        Section 3 of the table.

    """
    section = Section(3, f"Pagination: iterate {large:,} agent runs (iter_agent_runs)")
    section.note = "offline API, ManualClock shared with the fake"
    results: dict[int, dict[str, Any]] = {}
    for size in (small, large):
        figures, bodies = _walk_fake(size)
        org_id = 1  # any valid id: the replayed pages do not depend on it
        figures["peak_bytes"], figures["retained_bytes"] = _client_peak(bodies, org_id)
        figures["page_bytes"] = max(len(body) for body in bodies.values())
        results[size] = figures
    big = results[large]
    minimum = math.ceil(large / PAGE_SIZE)
    section.add(
        "runs yielded / requests made",
        f"{big['items']:,} runs in {big['requests']} requests",
        f"all {large:,} in {minimum}",
        big["items"] == large and big["requests"] == minimum,
        items=big["items"],
        requests=big["requests"],
    )
    section.add(
        "429s received from the API",
        str(big["rejected_429"]),
        "0",
        big["rejected_429"] == 0,
        rejected_429=big["rejected_429"],
    )
    bound = _bound(big["requests"])
    ratio = big["virtual_s"] / bound if bound else 1.0
    section.add(
        "API time (virtual) vs rate-limit bound (60 per 30 s)",
        f"{big['virtual_s']:.1f} s vs {bound:.0f} s bound ({ratio:.2f}x)",
        "close to the bound (pacing adds a 2% margin)",
        ratio <= 1.1,
        virtual_s=big["virtual_s"],
        bound_s=bound,
    )
    growth = big["peak_bytes"] / max(1, results[small]["peak_bytes"])
    section.add(
        "client's peak memory growth while iterating (tracemalloc)",
        f"{results[small]['peak_bytes'] / 1024:.0f} KiB for {small:,} runs, "
        f"{big['peak_bytes'] / 1024:.0f} KiB for {large:,}: {growth:.2f}x for "
        f"{large // small}x the runs (one page body: {big['page_bytes'] / 1024:.0f} KiB)",
        f"flat: <= {FLAT_TARGET}x",
        growth <= FLAT_TARGET,
        small_peak_bytes=results[small]["peak_bytes"],
        large_peak_bytes=big["peak_bytes"],
        page_bytes=big["page_bytes"],
    )
    section.add(
        "memory still held after the walk (after gc)",
        f"{results[small]['retained_bytes'] / 1024:.1f} KiB / "
        f"{big['retained_bytes'] / 1024:.1f} KiB",
        small_retained_bytes=results[small]["retained_bytes"],
        large_retained_bytes=big["retained_bytes"],
    )
    rate = big["items"] / big["wall_s"] if big["wall_s"] else 0.0
    section.add(
        "client + offline API CPU time (no tracing)",
        f"{big['wall_s'] * 1000:.0f} ms real ({rate:,.0f} runs/s, "
        f"{big['wall_s'] / max(1, big['requests']) * 1000:.2f} ms per page)",
        wall_s=big["wall_s"],
    )
    return section
