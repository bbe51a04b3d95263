"""Section 1: what the client adds to one call, against raw httpx on the same transport.

Both sides send ``GET /organizations/{org}/agent/run/{id}`` and decode the same body: raw httpx
with ``.json()``, the client through ``client.agents.get_agent_run`` (argument checks, pacing
bookkeeping, error mapping, the generated model). Rounds alternate between the two so that
machine noise hits both alike; the figure is the best round (the least disturbed).
"""

from __future__ import annotations

import gc
import json
import time
from collections.abc import Callable
from typing import Any

import httpx

from benchmarks._loopback import FixedServer
from benchmarks._table import Section

__all__ = ["RUN_BODY", "measure_overhead"]

ORG_ID = 12732
RUN_ID = 588928
API_KEY = "sk-bench-00000000-0000-4000-8000-000000000000"
RUN_BODY = json.dumps(
    {
        "id": RUN_ID,
        "organization_id": ORG_ID,
        "status": "COMPLETE",
        "created_at": "2025-06-21 11:20:04.338398",
        "web_url": f"https://codegen.com/agent/trace/{RUN_ID}",
        "result": "Fixed the flaky test in `tests/test_api.py`: the fixture now waits for the "
        "server to accept connections.\n\nOpened a pull request with the change.",
        "source_type": "API",
        "github_pull_requests": [
            {
                "id": 2718281,
                "title": "Wait for the test server before connecting",
                "url": "https://github.com/acme/api/pull/42",
                "created_at": "2025-06-21 11:31:12.004512",
                "head_branch_name": "codegen-bot/fix-flaky-test",
                "state": "open",
            }
        ],
    },
    separators=(",", ":"),
).encode()
TARGET_RATIO = 1.3


def _per_call(call: Callable[[], Any], calls: int) -> float:
    gc.collect()
    start = time.perf_counter()
    for _ in range(calls):
        call()
    return (time.perf_counter() - start) / calls * 1e6


def _compare(
    raw: Callable[[], Any], ours: Callable[[], Any], calls: int, rounds: int
) -> tuple[float, float]:
    for _ in range(max(10, calls // 10)):  # warm caches, connections and lazy imports
        raw()
        ours()
    raw_us: list[float] = []
    our_us: list[float] = []
    for _ in range(rounds):
        raw_us.append(_per_call(raw, calls))
        our_us.append(_per_call(ours, calls))
    return min(raw_us), min(our_us)


def _pair(base_url: str, transport: httpx.BaseTransport | None) -> tuple[Any, Any, list[Any]]:
    from codegen_client import CodegenClient, ManualClock

    path = f"/organizations/{ORG_ID}/agent/run/{RUN_ID}"
    headers = {"Authorization": f"Bearer {API_KEY}", "Accept": "application/json"}
    raw_http = httpx.Client(base_url=base_url, headers=headers, transport=transport)
    our_http = httpx.Client(transport=transport)
    # A ManualClock keeps the default pacing (its bookkeeping is part of the cost) without
    # real waits: 60 gets per 30 s would otherwise make this a test of patience.
    client = CodegenClient(
        api_key=API_KEY, base_url=base_url, http_client=our_http, clock=ManualClock()
    )

    def raw() -> Any:
        response = raw_http.get(path)
        response.raise_for_status()
        return response.json()

    def ours() -> Any:
        return client.agents.get_agent_run(org_id=ORG_ID, agent_run_id=RUN_ID)

    return raw, ours, [raw_http, our_http, client]


def measure_overhead(calls: int = 3000, rounds: int = 7, loopback_calls: int = 500) -> Section:
    """Measure µs per call for raw httpx and the client, in-process and over loopback.

    Args:
        calls: Calls per round on the in-process transport.
        rounds: Alternating rounds per side; the best round counts.
        loopback_calls: Calls per round against the loopback server.

    Returns:
        Section 1 of the table.

    """
    section = Section(1, "Client overhead per call: get_agent_run vs raw httpx + .json()")
    section.note = f"best of {rounds} alternating rounds"
    requests = 0

    def answer(request: httpx.Request) -> httpx.Response:
        nonlocal requests
        requests += 1
        return httpx.Response(200, headers={"content-type": "application/json"}, content=RUN_BODY)

    raw, ours, closers = _pair("https://api.codegen.com/v1", httpx.MockTransport(answer))
    check = ours()
    assert check.id == RUN_ID, "the client did not parse the run"
    raw_us, our_us = _compare(raw, ours, calls, rounds)
    for item in closers:
        item.close()
    ratio = our_us / raw_us
    section.add(
        f"in-process MockTransport ({calls} calls/round, {len(RUN_BODY)} B body)",
        f"raw {raw_us:.1f} µs, client {our_us:.1f} µs: {ratio:.2f}x (+{our_us - raw_us:.1f} µs)",
        f"<= {TARGET_RATIO}x raw",
        ratio <= TARGET_RATIO,
        raw_us=raw_us,
        client_us=our_us,
        ratio=ratio,
        calls=calls,
        rounds=rounds,
        requests=requests,
    )

    with FixedServer(RUN_BODY) as server:
        raw, ours, closers = _pair(server.base_url, None)
        raw_us, our_us = _compare(raw, ours, loopback_calls, rounds)
        for item in closers:
            item.close()
        served = server.count
    ratio = our_us / raw_us
    section.add(
        f"loopback HTTP/1.1 keep-alive on 127.0.0.1 ({loopback_calls} calls/round)",
        f"raw {raw_us:.1f} µs, client {our_us:.1f} µs: {ratio:.2f}x (+{our_us - raw_us:.1f} µs)",
        f"<= {TARGET_RATIO}x raw",
        ratio <= TARGET_RATIO,
        raw_us=raw_us,
        client_us=our_us,
        ratio=ratio,
        calls=loopback_calls,
        rounds=rounds,
        requests=served,
    )
    return section
