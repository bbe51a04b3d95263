"""Section 5: a reliability soak, thousands of calls against an offline API that misbehaves.

The offline API runs on a :class:`ManualClock` shared with the client, so every wait (backoff,
pacing, Retry-After, slow answers, rate-limit windows) moves virtual time and costs no real time.

Faults, decided per request by seeded random draws:

- ``FAULT_SHARE`` of all requests (retries and look-ups included) get one of the fake's six
  kinds at random: 503, HTML 502 page, 429 without Retry-After, dropped connection (refused
  before the server saw it), lost response (the server acted, the answer never came) and a
  slow answer of 5 s, which is past the client's 4 s read timeout here.
- On top, before each call, ``EXTRA_SHARE`` each: a 429 with ``Retry-After``, a 500/504
  JSON error, and a slow answer of 2 s that does arrive.

Every create carries ``metadata.bench_call``, so the runs stored by the fake can be counted per
call: a call with two runs is a duplicate, a failed call with one is an orphan.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from typing import Any

from benchmarks._table import Section

__all__ = ["run_soak"]

FAULT_SHARE = 0.10
EXTRA_SHARE = 0.02
TIMEOUT = 4.0
MIX = (("get_agent_run", 0.55), ("list_agent_runs", 0.15), ("get_current_user", 0.10))
# The rest of the calls (20%) create agent runs.


def _pick(rng: random.Random) -> str:
    roll = rng.random()
    for name, share in MIX:
        if roll < share:
            return name
        roll -= share
    return "create_agent_run"


def _inject_extra(fake: Any, rng: random.Random, operation_id: str, injected: Counter[str]) -> None:
    from codegen_client.testing import Fault

    roll = rng.random()
    if roll < EXTRA_SHARE:
        fake.inject(Fault("rate_limit", operation_id, retry_after=float(rng.choice([1, 2, 5]))))
        injected["429 with Retry-After"] += 1
    elif roll < 2 * EXTRA_SHARE:
        fake.inject(Fault("status", operation_id, status=rng.choice([500, 504])))
        injected["500/504 JSON"] += 1
    elif roll < 3 * EXTRA_SHARE:
        fake.inject(Fault("slow", operation_id, delay=2.0))
        injected["slow 2 s (answered)"] += 1


def run_soak(calls: int = 3000, seed: int = 11) -> Section:
    """Run ``calls`` calls under injected faults and count what happened.

    Args:
        calls: Calls to make (reads and creates, mixed).
        seed: Seed of the call mix and of the faults.

    Returns:
        Section 5 of the table.

    """
    from codegen_client import CodegenApiError
    from codegen_client.testing import FAULT_KINDS, FakeCodegenAPI, ManualClock

    section = Section(5, f"Reliability soak: {calls:,} calls under injected faults")
    creates_share = 1 - sum(share for _, share in MIX)
    section.note = (
        f"{FAULT_SHARE:.0%} of requests get a random fault of 6 kinds, "
        f"+{EXTRA_SHARE:.0%} each of 3 extra kinds per call; {creates_share:.0%} creates; "
        f"timeout {TIMEOUT:g} s, max_retries 3; ManualClock"
    )
    rng = random.Random(seed)
    random.seed(seed)  # the client's backoff jitter draws from the global generator
    fake = FakeCodegenAPI(seed=seed, clock=ManualClock())
    org_id = fake.org_id
    run_ids = [fake.add_agent_run(prompt=f"seeded {i}").id for i in range(50)]
    client = fake.client(timeout=TIMEOUT)
    fake.set_fault_rate(FAULT_SHARE, FAULT_KINDS, seed=seed)

    outcomes: Counter[str] = Counter()
    failures: Counter[str] = Counter()
    failure_examples: dict[str, str] = {}
    injected: Counter[str] = Counter()
    created: dict[int, int] = {}  # bench call number -> run id the call returned
    failed_creates: set[int] = set()
    started_virtual, started = fake.clock.now(), time.perf_counter()
    for number in range(calls):
        operation = _pick(rng)
        _inject_extra(fake, rng, operation, injected)
        try:
            if operation == "get_agent_run":
                client.agents.get_agent_run(org_id=org_id, agent_run_id=rng.choice(run_ids))
            elif operation == "list_agent_runs":
                client.agents.list_agent_runs(org_id=org_id, limit=50)
            elif operation == "get_current_user":
                client.users.get_current_user()
            else:
                run = client.agents.create_agent_run(
                    org_id=org_id, prompt=f"Soak task {number}", metadata={"bench_call": number}
                )
                created[number] = run.id
        except CodegenApiError as error:
            key = f"{operation}: {type(error).__name__}"
            failures[key] += 1
            failure_examples.setdefault(key, str(error)[:200])
            outcomes["failed"] += 1
            if operation == "create_agent_run":
                failed_creates.add(number)
        else:
            outcomes["succeeded"] += 1
    wall = time.perf_counter() - started
    virtual = fake.clock.now() - started_virtual
    client.close()

    runs_per_call: Counter[int] = Counter()
    for stored_run in fake.agent_runs.values():
        call = (stored_run.metadata or {}).get("bench_call")
        if isinstance(call, int):
            runs_per_call[call] += 1
    duplicates = sum(count - 1 for count in runs_per_call.values() if count > 1)
    orphans = sum(1 for call in failed_creates if runs_per_call.get(call))
    wrong = 0
    for call, run_id in created.items():
        stored_meta = fake.agent_runs[run_id].metadata or {}
        if runs_per_call.get(call) != 1 or stored_meta.get("bench_call") != call:
            wrong += 1
    creates = len(created) + len(failed_creates)
    stored = sum(runs_per_call.values())

    records = fake.requests
    faulted = Counter(r.fault for r in records if r.fault)
    api_429 = sum(1 for r in records if r.status == 429 and r.fault is None)
    lookups = sum(
        1 for r in records if r.operation_id == "list_agent_runs" and r.query.get("limit") == "100"
    )
    succeeded = outcomes["succeeded"]
    section.add(
        "calls that succeeded",
        f"{succeeded:,} of {calls:,} ({succeeded / calls:.2%})",
        calls=calls,
        succeeded=succeeded,
        failed=outcomes["failed"],
    )
    section.add(
        "requests sent / faults injected",
        f"{len(records):,} requests; {sum(faulted.values()):,} faulted "
        f"({sum(faulted.values()) / max(1, len(records)):.1%}): "
        + ", ".join(f"{kind} {count}" for kind, count in sorted(faulted.items()))
        + "; of them queued extras: "
        + ", ".join(f"{kind} {count}" for kind, count in sorted(injected.items())),
        requests=len(records),
        faults=dict(faulted),
        extras=dict(injected),
    )
    section.add(
        "retries used (requests beyond one per call)",
        f"{len(records) - calls:,} ({lookups:,} of them create look-ups by client token)",
        retries=len(records) - calls,
        lookups=lookups,
    )
    section.add(
        "agent runs created twice",
        f"{duplicates} (create calls: {creates:,}; runs stored for them: {stored:,})",
        "0",
        duplicates == 0,
        duplicates=duplicates,
        creates=creates,
    )
    section.add(
        "creates reported failed although a run exists / returned the wrong run",
        f"{orphans} / {wrong}",
        "0 / 0",
        orphans == 0 and wrong == 0,
        orphans=orphans,
        wrong_run=wrong,
    )
    section.add(
        "429s from the API's own rate limits (not injected)",
        f"{api_429} (client pacing within the documented limits; any 429 is retried)",
        "0",
        api_429 == 0,
        api_429=api_429,
    )
    if failures:
        for key, count in failures.most_common():
            section.add(f"failed: {key}", f"{count}: {failure_examples[key]}", count=count)
    else:
        section.add("failed calls by class", "none")
    section.add(
        "time: virtual (API time) / real",
        f"{virtual / 60:.1f} min virtual in {wall:.1f} s real",
        virtual_s=virtual,
        wall_s=wall,
    )
    return section
