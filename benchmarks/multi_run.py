"""Section 4: MultiRunAgent on the offline API, with realistic run durations in virtual time.

Candidate runs take 5 to 12 minutes (evenly spread), the synthesis run 4 minutes. Client and
fake share one clock: a :class:`ManualClock` (exact, deterministic) and, in the full run, a
:class:`ScaledClock` as well, where real threads and real sleeps are only sped up.

The ideal is what no client can beat: every candidate created as early as the documented
create limit (10 per minute) allows, the synthesis created the moment the last candidate
finishes (or when the limit next allows), then the synthesis duration.
"""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

from benchmarks._table import Section

__all__ = ["ideal_seconds", "measure_multi_run"]

CREATE_LIMIT = (10, 60.0)
SYNTHESIS_S = 240.0
TARGET = 1.1
STATUS_OPERATIONS = ("get_agent_run", "list_agent_runs")


def candidate_durations(count: int) -> list[float]:
    """Durations in seconds, evenly from 5 to 12 minutes."""
    if count == 1:
        return [12 * 60.0]
    return [60.0 * (5 + 7 * i / (count - 1)) for i in range(count)]


def ideal_seconds(durations: list[float], synthesis: float = SYNTHESIS_S) -> float:
    """Earliest possible finish: creates paced at 10 per minute, then the synthesis."""
    per_window, window = CREATE_LIMIT
    starts = [(i // per_window) * window for i in range(len(durations) + 1)]
    last_done = max(start + d for start, d in zip(starts, durations, strict=False))
    if len(durations) == 1:
        return last_done
    return max(last_done, starts[len(durations)]) + synthesis


def _one(concurrency: int, clock: Any) -> dict[str, Any]:
    from codegen_client.testing import FakeCodegenAPI, RunOutcome

    fake = FakeCodegenAPI(seed=5, clock=clock)
    durations = candidate_durations(concurrency)
    for duration in durations:
        fake.queue_outcome(RunOutcome("COMPLETE", duration=duration))
    fake.queue_outcome(RunOutcome("COMPLETE", duration=SYNTHESIS_S))
    client = fake.client()
    started_virtual, started = clock.now(), time.perf_counter()
    result = client.multi_run_agent.create_multi_run(
        org_id=fake.org_id,
        prompt="Make the CSV export stream rows instead of building the file in memory",
        concurrency=concurrency,
        timeout=3600.0,
    )
    virtual = clock.now() - started_virtual
    wall = time.perf_counter() - started
    client.close()
    records = fake.requests
    status = [r for r in records if r.operation_id in STATUS_OPERATIONS]
    # Rounds are counted per phase (waiting for candidates, then for the synthesis), since
    # the synthesis wait's first poll can share a timestamp with the candidates' last round.
    # A round's requests arrive together on a ManualClock; on a ScaledClock they are a few
    # virtual milliseconds apart, so rounds are told apart by gaps of over half a second.
    last_create = max(i for i, r in enumerate(records) if r.operation_id == "create_agent_run")
    rounds = 0
    for phase in (records[:last_create], records[last_create:]):
        last = None
        for record in phase:
            if record.operation_id not in STATUS_OPERATIONS:
                continue
            if last is None or record.time - last > 0.5:
                rounds += 1
            last = record.time
    return {
        "concurrency": concurrency,
        "virtual_s": virtual,
        "ideal_s": ideal_seconds(durations),
        "wall_s": wall,
        "requests": len(records),
        "by_operation": dict(Counter(r.operation_id for r in records)),
        "status_requests": len(status),
        "rounds": rounds,
        "rejected_429": sum(1 for r in records if r.status == 429),
        "final": bool(result["final"]),
    }


def _add(section: Section, label: str, figures: dict[str, Any]) -> None:
    ratio = figures["virtual_s"] / figures["ideal_s"]
    per_round = figures["status_requests"] / max(1, figures["rounds"])
    ops = figures["by_operation"]
    section.add(
        f"concurrency {figures['concurrency']}, {label}",
        f"{figures['virtual_s'] / 60:.2f} min vs ideal {figures['ideal_s'] / 60:.2f} min "
        f"({ratio:.3f}x); {figures['requests']} requests "
        f"({ops.get('create_agent_run', 0)} creates, {figures['status_requests']} status in "
        f"{figures['rounds']} rounds: {per_round:.2f}/round); "
        f"{figures['rejected_429']} 429s; {figures['wall_s']:.2f} s real",
        f"<= {TARGET}x ideal, 0 429s, 1 status request/round",
        ratio <= TARGET and figures["rejected_429"] == 0 and per_round <= 1.0 and figures["final"],
        **figures,
    )


def measure_multi_run(
    concurrencies: tuple[int, ...] = (3, 10, 20), scaled_speed: float | None = 500.0
) -> Section:
    """Run MultiRunAgent at each concurrency on a ManualClock (and once on a ScaledClock).

    Args:
        concurrencies: Candidate counts to try; 10 is the headline.
        scaled_speed: Speed of the extra ScaledClock run at concurrency 10 (None: skip it).

    Returns:
        Section 4 of the table.

    """
    from codegen_client import ManualClock, ScaledClock

    section = Section(4, "MultiRunAgent: candidates 5-12 min, synthesis 4 min")
    section.note = "offline API; virtual time; ideal = create pacing + longest + synthesis"
    for concurrency in concurrencies:
        _add(section, "ManualClock", _one(concurrency, ManualClock()))
    if scaled_speed is not None:
        _add(section, f"ScaledClock x{scaled_speed:g}", _one(10, ScaledClock(scaled_speed)))
    return section
