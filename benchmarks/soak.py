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

Then the adversities of issue 11, each row counting runs created twice and outcome-unknown
errors (:func:`create_adversities`): a run list lagging 1, 5, 15 and 60 s behind creates whose
answers are lost (the look-up window is 30 s, so only the 60 s row may end in outcome-unknown);
a 503 that stored nothing in a busy organization behind a 5 s lag (absence proven, posted again);
1,000 runs of another user started between each lost answer and its look-up; and the same
caller tokens sent by two real processes, one after the other, to a fake served on loopback.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from benchmarks._table import Section

__all__ = ["create_adversities", "run_soak"]

FAULT_SHARE = 0.10
EXTRA_SHARE = 0.02
TIMEOUT = 4.0
MIX = (("get_agent_run", 0.55), ("list_agent_runs", 0.15), ("get_current_user", 0.10))
# The rest of the calls (20%) create agent runs.
LAGS = (1.0, 5.0, 15.0, 60.0)
BACKGROUND_EVERY = 2.0  # seconds between two runs of other users in a busy organization
FOREIGN_BURST = 1_000
ROOT = Path(__file__).resolve().parents[1]


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
        f"timeout {TIMEOUT:g} s, max_retries 3; ManualClock. No other user starts runs, so a "
        "create whose 5xx or timeout stored nothing cannot be proven absent: it ends in "
        "CodegenCreateOutcomeUnknownError, not a second POST"
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
    create_adversities(section, creates=max(2, calls // 50), seed=seed)
    return section


def _runs_per_call(fake: Any) -> Counter[int]:
    counted: Counter[int] = Counter()
    for stored in fake.agent_runs.values():
        call = (stored.metadata or {}).get("bench_call")
        if isinstance(call, int):
            counted[call] += 1
    return counted


def _creates(fake: Any, creates: int, fault: Any, before_each: Any = None) -> dict[str, int]:
    """Make ``creates`` creates, each meeting ``fault``; count the outcomes and stored runs."""
    from codegen_client import CodegenApiError, CodegenCreateOutcomeUnknownError

    outcome: Counter[str] = Counter()
    started = fake.now()
    with fake.client() as client:
        for number in range(creates):
            fake.inject(fault)
            if before_each is not None:
                before_each()
            try:
                client.agents.create_agent_run(
                    fake.org_id, f"Adverse {number}", metadata={"bench_call": number}
                )
            except CodegenCreateOutcomeUnknownError:
                outcome["unknown"] += 1
            except CodegenApiError:
                outcome["failed"] += 1
            else:
                outcome["ok"] += 1
    stored = _runs_per_call(fake)
    return {
        "creates": creates,
        "twice": sum(count - 1 for count in stored.values() if count > 1),
        "unknown": outcome["unknown"],
        "failed": outcome["failed"],
        "ok": outcome["ok"],
        "posts": len(fake.requests_for("create_agent_run")),
        "virtual_s": round(fake.now() - started, 1),
    }


def _row(section: Section, name: str, counts: dict[str, int], unknown_allowed: bool) -> None:
    twice, unknown = counts["twice"], counts["unknown"]
    section.add(
        name,
        f"created twice {twice}; outcome unknown {unknown}; returned a run {counts['ok']} of "
        f"{counts['creates']} ({counts['posts']} POSTs, {counts['virtual_s']:g} s virtual)",
        "twice 0; unknown allowed (lag > window)" if unknown_allowed else "twice 0; unknown 0",
        twice == 0 and counts["failed"] == 0 and (unknown_allowed or unknown == 0),
        **counts,
    )


def create_adversities(section: Section, creates: int, seed: int = 11) -> None:
    """Add the rows of issue 11 to ``section`` (see the module docstring).

    Args:
        section: Where the rows go.
        creates: Creates per row (a tenth of them, at least 4, for the two-process row).
        seed: Seed of the fake and of the client's backoff jitter.

    """
    from codegen_client._agents.create_plan import LOOKUP_WINDOW
    from codegen_client.testing import FakeCodegenAPI, Fault, ManualClock

    random.seed(seed)
    lost = Fault("lost_response", "create_agent_run")
    for lag in LAGS:
        fake = FakeCodegenAPI(seed=seed, clock=ManualClock(), list_lag=lag)
        fake.add_foreign_runs(creates * 40, every=BACKGROUND_EVERY)  # a busy organization
        _row(
            section,
            f"list lag {lag:g} s (window {LOOKUP_WINDOW:g} s): answers lost after the run was "
            "stored",
            _creates(fake, creates, lost),
            unknown_allowed=lag > LOOKUP_WINDOW,
        )
    fake = FakeCodegenAPI(seed=seed, clock=ManualClock(), list_lag=5.0)
    fake.add_foreign_runs(creates * 40, every=BACKGROUND_EVERY)
    counts = _creates(fake, creates, Fault("status", "create_agent_run", status=503))
    _row(section, "list lag 5 s, busy org: a 503 that stored nothing (posted again)", counts, False)

    busy = max(2, creates // 4)
    fake = FakeCodegenAPI(seed=seed, clock=ManualClock())
    # Started after the POST was answered (and lost), before the first look-up 0.25 s later.
    counts = _creates(
        fake, busy, lost, lambda: fake.add_foreign_runs(FOREIGN_BURST, every=0.2 / FOREIGN_BURST)
    )
    _row(
        section,
        f"{FOREIGN_BURST:,} runs of another user between each lost answer and its look-up",
        counts,
        False,
    )
    _two_processes(section, max(4, creates // 10), seed)


_PROCESS = """
import json, sys
from codegen_client import CodegenApiError, CodegenClient
base_url, api_key, org_id, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
runs, errors = {}, {}
with CodegenClient(api_key=api_key, base_url=base_url, timeout=5.0, rate_limits=False) as client:
    for number in range(count):
        token = f"bench-two-processes-{number}"
        metadata = {"codegen_client_request_id": token, "bench_call": number}
        try:
            run = client.agents.create_agent_run(org_id, f"Twice {number}", metadata=metadata)
        except CodegenApiError as error:
            errors[token] = type(error).__name__
        else:
            runs[token] = run.id
print(json.dumps({"runs": runs, "errors": errors}))
"""


def _two_processes(section: Section, tokens: int, seed: int) -> None:
    """Two real processes send the same caller tokens, one after the other, to a served fake."""
    from codegen_client.testing import FakeCodegenAPI, Fault
    from codegen_client.testing.server import FakeServer

    fake = FakeCodegenAPI(seed=seed, rate_limits=False)
    answers: list[dict[str, Any]] = []
    with FakeServer(fake) as server:
        # The first process loses a fifth of its create answers (after the run was stored).
        fake.inject(Fault("lost_response", "create_agent_run", count=max(1, tokens // 5)))
        for _ in range(2):
            argv = [server.base_url, fake.api_key, str(fake.org_id), str(tokens)]
            done = subprocess.run(
                [sys.executable, "-c", _PROCESS, *argv],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            if done.returncode != 0:
                raise RuntimeError(f"a create process failed: {done.stderr[-2000:]}")
            answers.append(json.loads(done.stdout))
    stored = _runs_per_call(fake)
    twice = sum(count - 1 for count in stored.values() if count > 1)
    errors = sum(len(answer["errors"]) for answer in answers)
    unknown = sum(
        1
        for answer in answers
        for name in answer["errors"].values()
        if name == "CodegenCreateOutcomeUnknownError"
    )
    same = sum(
        1 for token, run_id in answers[1]["runs"].items() if answers[0]["runs"].get(token) == run_id
    )
    section.add(
        f"the same {tokens} caller tokens from two processes, one after the other (served fake)",
        f"created twice {twice}; outcome unknown {unknown}; the second process got the first's "
        f"run {same} of {tokens} ({len(fake.requests_for('create_agent_run'))} POSTs)",
        "twice 0; unknown 0",
        twice == 0 and errors == 0 and same == tokens,
        twice=twice,
        unknown=unknown,
        errors=errors,
        same_run=same,
        tokens=tokens,
    )
