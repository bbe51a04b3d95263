"""Section 1: what a call costs, against raw httpx and Codegen's official client.

Each row sends the same request with the same answer on every side. In each round the sides
run in short interleaved blocks (a thirtieth of the round each, in an order reversed after
every block), so that machine noise, which comes in bursts longer than a block, hits them
alike. The µs shown are each side's best round (the least disturbed); a ratio is the median
of the rounds' own ratios, so a burst of noise in one round moves neither. The client is measured as
a user gets it: on the httpx client it makes itself (no cookie jar), with the default pacing on
a ``ManualClock`` (its bookkeeping is part of the cost, without real waits).

- in-process get: ``get_agent_run`` against ``httpx.Client.get`` + ``.json()`` on an in-process
  transport (no socket): what the layers cost, httpx's own included;
- in-process get with options: the same call with ``extra_headers`` and a per-call ``timeout``,
  against the plain call;
- a page of 100 runs: ``list_agent_runs(limit=100)`` against raw httpx + ``.json()`` +
  ``AgentRunPage.from_dict`` (the model's own strict reading, on both sides);
- loopback get: both, and the official client (urllib3), against a server on 127.0.0.1.
"""

from __future__ import annotations

import gc
import importlib
import json
import statistics
import time
from collections.abc import Callable
from typing import Any

import httpx

from benchmarks._loopback import FixedServer
from benchmarks._table import Section

__all__ = ["PAGE_BODY", "RUN_BODY", "measure_overhead"]

ORG_ID = 12732
RUN_ID = 588928
API_KEY = "sk-bench-00000000-0000-4000-8000-000000000000"


def _run(run_id: int) -> dict[str, Any]:
    return {
        "id": run_id,
        "organization_id": ORG_ID,
        "status": "COMPLETE",
        "created_at": "2025-06-21 11:20:04.338398",
        "web_url": f"https://codegen.com/agent/trace/{run_id}",
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
    }


RUN_BODY = json.dumps(_run(RUN_ID), separators=(",", ":")).encode()
PAGE_BODY = json.dumps(
    {
        "items": [_run(RUN_ID - i) for i in range(100)],
        "total": 1000,
        "page": 1,
        "size": 100,
        "pages": 10,
    },
    separators=(",", ":"),
).encode()
IN_PROCESS_TARGET = 0.95
PAGE_TARGET = 1.05
OPTIONS_TARGET = 1.05
LOOPBACK_TARGET = 1.0
RUN_PATH = f"/organizations/{ORG_ID}/agent/run/{RUN_ID}"
PAGE_PATH = f"/organizations/{ORG_ID}/agent/runs"
_BLOCKS = 30  # blocks per side and round in _compare


def _compare(sides: list[Callable[[], Any]], calls: int, rounds: int) -> list[list[float]]:
    """µs per call of each side in each of ``rounds`` rounds (side, then round).

    A round runs each side ``calls`` times in blocks of a thirtieth of that, the sides' blocks
    interleaved (A B B A A B ...), so that a burst of machine noise, which lasts longer than a
    block, falls on every side alike instead of on whichever side ran then.
    """
    for _ in range(max(10, calls // 10)):  # warm caches, connections and lazy imports
        for side in sides:
            side()
    block = max(1, calls // _BLOCKS)
    times: list[list[float]] = [[] for _ in sides]
    order = list(enumerate(sides))
    for _ in range(rounds):
        gc.collect()
        spent = [0.0] * len(sides)
        for _ in range(calls // block):
            for index, side in order:
                start = time.perf_counter()
                for _ in range(block):
                    side()
                spent[index] += time.perf_counter() - start
            order.reverse()  # no side always runs first, or always after the same one
        for index, total in enumerate(spent):
            times[index].append(total / (calls // block * block) * 1e6)
    return times


def _clients(base_url: str, transport: httpx.BaseTransport | None) -> tuple[Any, Any]:
    """Raw httpx with the key as a default header, and the client on its own httpx client."""
    from codegen_client import CodegenClient, ManualClock
    from codegen_client._http import OwnClient

    headers = {"Authorization": f"Bearer {API_KEY}", "Accept": "application/json"}
    raw = httpx.Client(base_url=base_url, headers=headers, transport=transport)
    # In process, the transport is the bench's; it is the httpx client the package makes itself
    # (CodegenClient(http_client=None) over a socket), which keeps no cookies.
    own = OwnClient(transport=transport) if transport is not None else None
    ours = CodegenClient(api_key=API_KEY, base_url=base_url, http_client=own, clock=ManualClock())
    if own is not None:
        ours._owns_http = True  # closed with the client
    return raw, ours


def _official(origin: str) -> Callable[[], Any] | None:
    """A get_agent_run through Codegen's official client, or None when it is not installed."""
    try:
        official: Any = importlib.import_module("codegen_api_client")  # untyped
    except ImportError:
        return None
    config = official.Configuration(host=origin)
    api = official.ApiClient(config)
    api.set_default_header("Authorization", f"Bearer {API_KEY}")
    agents = official.AgentsApi(api)
    get = agents.get_agent_run_v1_organizations_org_id_agent_run_agent_run_id_get
    return lambda: get(agent_run_id=RUN_ID, org_id=ORG_ID)


def _row(
    section: Section,
    name: str,
    measured: dict[str, list[float]],
    base: str,
    target: float,
    requests: int,
    calls: int,
    rounds: int,
) -> None:
    sides = {label: min(times) for label, times in measured.items()}
    ours = sides["client"]
    ratios = {
        label: statistics.median(c / t for c, t in zip(measured["client"], times, strict=True))
        for label, times in measured.items()
        if label != "client"
    }
    shown = ", ".join(f"{label} {us:.1f} µs" for label, us in sides.items())
    shown += "; " + ", ".join(f"{ratio:.2f}x {label}" for label, ratio in ratios.items())
    section.add(
        name,
        shown,
        f"<= {target}x {base}",
        ratios[base] <= target,
        raw_us=sides[base],
        client_us=ours,
        ratio=ratios[base],
        ratios=ratios,
        sides_us=sides,
        calls=calls,
        rounds=rounds,
        requests=requests,
    )


def measure_overhead(calls: int = 3000, rounds: int = 7, loopback_calls: int = 500) -> Section:
    """Measure µs per call for raw httpx, the client and the official client.

    Args:
        calls: Calls per round on the in-process transport (a tenth of it for the page).
        rounds: Alternating rounds per side; the best round counts.
        loopback_calls: Calls per round against the loopback server.

    Returns:
        Section 1 of the table.

    """
    from codegen_client.models import AgentRunPage

    section = Section(1, "Per call: the client against raw httpx and the official client")
    section.note = (
        f"{rounds} rounds of interleaved blocks: µs of the best round, the median ratio; "
        "pacing on (ManualClock)"
    )
    requests = 0

    def answer(request: httpx.Request) -> httpx.Response:
        nonlocal requests
        requests += 1
        body = PAGE_BODY if request.url.path.endswith("/runs") else RUN_BODY
        return httpx.Response(200, headers={"content-type": "application/json"}, content=body)

    raw, ours = _clients("https://api.codegen.com/v1", httpx.MockTransport(answer))
    assert ours.agents.get_agent_run(ORG_ID, RUN_ID).id == RUN_ID, "the client did not read it"
    raw_get, our_get = _compare(
        [
            lambda: raw.get(RUN_PATH).json(),
            lambda: ours.agents.get_agent_run(org_id=ORG_ID, agent_run_id=RUN_ID),
        ],
        calls,
        rounds,
    )
    _row(
        section,
        f"in-process get_agent_run ({calls} calls/round, {len(RUN_BODY)} B body)",
        {"raw httpx": raw_get, "client": our_get},
        "raw httpx",
        IN_PROCESS_TARGET,
        requests,
        calls,
        rounds,
    )

    requests = 0
    # Twice the rounds: the two sides differ by a few per cent, less than noise moves one
    # round's ratio (two identical sides: rounds from 0.93x to 1.09x, medians 0.99x to 1.0x).
    plain, with_options = _compare(
        [
            lambda: ours.agents.get_agent_run(ORG_ID, RUN_ID),
            lambda: ours.agents.get_agent_run(
                ORG_ID, RUN_ID, timeout=12.0, extra_headers={"X-Trace": "bench"}
            ),
        ],
        calls,
        2 * rounds,
    )
    _row(
        section,
        "in-process get_agent_run with extra_headers and a per-call timeout",
        {"plain call": plain, "client": with_options},
        "plain call",
        OPTIONS_TARGET,
        requests,
        calls,
        2 * rounds,
    )

    requests = 0
    page_calls = max(1, calls // 10)
    raw_page, our_page = _compare(
        [
            lambda: AgentRunPage.from_dict(raw.get(PAGE_PATH, params={"limit": 100}).json()),
            lambda: ours.agents.list_agent_runs(ORG_ID, limit=100),
        ],
        page_calls,
        rounds,
    )
    _row(
        section,
        f"in-process list_agent_runs, a page of 100 runs ({len(PAGE_BODY) // 1024} KiB)",
        {"raw httpx + from_dict": raw_page, "client": our_page},
        "raw httpx + from_dict",
        PAGE_TARGET,
        requests,
        page_calls,
        rounds,
    )
    raw.close()
    ours.close()

    with FixedServer(RUN_BODY) as server:
        raw, ours = _clients(server.base_url, None)
        sides = [
            lambda: raw.get(RUN_PATH).json(),
            lambda: ours.agents.get_agent_run(org_id=ORG_ID, agent_run_id=RUN_ID),
        ]
        official = _official(server.base_url.removesuffix("/v1"))
        if official is not None:
            sides.append(official)
        times = _compare(sides, loopback_calls, rounds)
        raw.close()
        ours.close()
        served = server.count
    figures = {"raw httpx": times[0], "client": times[1]}
    if official is not None:
        figures["official client"] = times[2]
    _row(
        section,
        f"loopback get_agent_run, HTTP/1.1 keep-alive on 127.0.0.1 ({loopback_calls} calls/round)",
        figures,
        "raw httpx",
        LOOPBACK_TARGET,
        served,
        loopback_calls,
        rounds,
    )
    return section
