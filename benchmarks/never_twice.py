"""Section 7: never twice, one row per condition the offline API plays (issue 18).

Each row makes ``trials`` creates (the blocking client, a :class:`ManualClock` shared with the
offline API, seeded backoff) under one condition, and counts what a user would: runs created
twice (the stored runs carry each call's number in ``metadata``), runs of other users returned,
outcome-unknown errors, and requests per create. Outcome-unknown is allowed only where
``docs/guides/no-duplicate-runs.md`` says absence cannot be proven; the row says why.
"""

from __future__ import annotations

import contextlib
import random
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from benchmarks._table import Section

__all__ = ["COLUMNS", "measure_never_twice"]

COLUMNS = (
    ("trials", "trials"),
    ("created twice", "twice"),
    ("others' runs returned", "others"),
    ("outcome unknown", "unknown"),
    ("requests per create", "requests_per_create"),
)
DAY = 86_400.0
KEY = "codegen_client_request_id"


@dataclass
class Tally:
    """What the creates of one row did."""

    trials: int = 0
    runs: list[Any] = field(default_factory=list)
    unknown: int = 0
    failed: list[str] = field(default_factory=list)
    requests: int = 0


def _fake(seed: int, **options: Any) -> Any:
    from codegen_client.testing import FakeCodegenAPI, ManualClock

    return FakeCodegenAPI(seed=seed, clock=ManualClock(), **options)


def _create(client: Any, fake: Any, tally: Tally, number: int, token: str | None = None) -> None:
    """One create, its outcome counted."""
    from codegen_client import CodegenApiError, CodegenCreateOutcomeUnknownError

    metadata: dict[str, Any] = {"bench_call": number}
    if token is not None:
        metadata[KEY] = token
    tally.trials += 1
    try:
        run = client.agents.create_agent_run(
            fake.org_id, f"Never twice {number}", metadata=metadata
        )
    except CodegenCreateOutcomeUnknownError:
        tally.unknown += 1
    except CodegenApiError as error:
        tally.failed.append(f"{type(error).__name__}: {error}"[:200])
    else:
        tally.runs.append(run)


def _creates(
    fake: Any,
    trials: int,
    fault: Callable[[int], Any],
    *,
    token: Callable[[int], str | None] = lambda number: None,
    before: Callable[[int], None] = lambda number: None,
    **options: Any,
) -> Tally:
    """``trials`` creates on one client, each meeting ``fault(number)`` (None: no fault)."""
    tally = Tally()
    sent = len(fake.requests)
    with fake.client(**options) as client:
        for number in range(trials):
            before(number)
            injected = fault(number)
            if injected is not None:
                fake.inject(injected)
            _create(client, fake, tally, number, token(number))
    tally.requests = len(fake.requests) - sent
    return tally


def _row(section: Section, name: str, fake: Any, tally: Tally, unknown_allowed: str = "") -> None:
    """Count the stored runs per call and add the row; ``unknown_allowed`` says why."""
    per_call: Counter[int] = Counter()
    for run in fake.agent_runs.values():
        call = (run.metadata or {}).get("bench_call")
        if isinstance(call, int) and run.user_id == fake.current_user.id:
            per_call[call] += 1
    twice = sum(count - 1 for count in per_call.values() if count > 1)
    others = sum(1 for run in tally.runs if fake.agent_runs[run.id].user_id != fake.current_user.id)
    per_create = tally.requests / max(1, tally.trials)
    target = "twice 0, others 0, unknown " + (
        f"allowed ({unknown_allowed})" if unknown_allowed else "0"
    )
    met = twice == 0 and others == 0 and not tally.failed
    met = met and (bool(unknown_allowed) or tally.unknown == 0)
    value = (
        f"{tally.trials} trials: twice {twice}, others {others}, unknown {tally.unknown}, "
        f"{per_create:.1f} requests per create"
    )
    if tally.failed:
        value += f"; failed: {tally.failed[0]}"
    section.add(
        name,
        value,
        target,
        met,
        trials=tally.trials,
        twice=twice,
        others=others,
        unknown=tally.unknown,
        requests_per_create=round(per_create, 1),
        failed=len(tally.failed),
    )


def _lost(number: int) -> Any:
    from codegen_client.testing import Fault

    return Fault("lost_response", "create_agent_run")


def _lost_or_503(number: int) -> Any:
    from codegen_client.testing import Fault

    if number % 2:
        return Fault("status", "create_agent_run", status=503)
    return Fault("lost_response", "create_agent_run")


def _busy(fake: Any, trials: int, every: float) -> None:
    """Another user starts a run every ``every`` seconds, for as long as the row may take."""
    fake.add_foreign_runs(int(trials * 200 / every) + 100, every=every)


def _replicas(section: Section, trials: int, seed: int) -> None:
    fake = _fake(seed, replica_lags=(30.0, 0.0), list_lag=12.0)
    _busy(fake, trials, 1.0)
    _row(
        section,
        "replicas 30 s apart taken in turn (list lag 12 s): answers lost after the run was stored",
        fake,
        _creates(fake, trials, _lost),
        "the user's list came from the stale replica each time",
    )
    fake = _fake(seed, replica_lags=(0.0, 5.0, 30.0), replica_pick="random")
    _busy(fake, trials, 1.0)
    _row(
        section,
        "a replica picked at random per request (0, 5 or 30 s behind): answers lost, 503s",
        fake,
        _creates(fake, trials, _lost_or_503),
        "no single answer proved absence within the window",
    )


def _filtered_index(section: Section, trials: int, seed: int) -> None:
    fake = _fake(seed, filtered_lag=5.0)
    _busy(fake, trials, 1.0)
    _row(
        section,
        "the user-filtered index 5 s behind the organization's list: answers lost, 503s",
        fake,
        _creates(fake, trials, _lost_or_503),
    )
    fake = _fake(seed, filtered_lag=25.0)
    _busy(fake, trials, 1.0)
    _row(
        section,
        "the user-filtered index 25 s behind: answers lost (the org's list shows the run first)",
        fake,
        _creates(fake, trials, _lost),
    )


def _date_behind(section: Section, trials: int, seed: int) -> None:
    fake = _fake(seed, list_lag=3.0)
    _busy(fake, trials, 0.5)

    def offset(number: int) -> None:
        fake.date_offset = -(1.0 + number / max(1, trials - 1))

    _row(
        section,
        "Date 1 to 2 s behind created_at, list lag 3 s, busy org: answers lost, 503s",
        fake,
        _creates(fake, trials, _lost_or_503, before=offset),
    )


def _late_storage(section: Section, trials: int, seed: int) -> None:
    from codegen_client.testing import Fault

    fake = _fake(seed)
    _busy(fake, trials, 1.0)
    _row(
        section,
        "the run stored 5 s after the client's 30 s read timeout, busy org",
        fake,
        _creates(
            fake,
            trials,
            lambda number: Fault("slow", "create_agent_run", delay=3600.0, store_after=5.0),
        ),
    )


def _others_tokens(section: Section, trials: int, seed: int) -> None:
    fake = _fake(seed)
    _busy(fake, trials, 1.0)
    other = fake.add_user()

    def others_use_it(number: int) -> None:
        token = {KEY: f"nightly-{number}"}
        fake.add_foreign_runs(2, user_id=other.id, ago=(3600.0, 1800.0), metadata=token)
        if number % 2 == 0:  # the org's newest runs carry it while the answer is lost
            fake.add_foreign_runs(6, user_id=other.id, every=0.5, metadata=token)

    _row(
        section,
        "other users' runs carry the caller's own token (nightly-N): answers lost, 503s",
        fake,
        _creates(
            fake,
            trials,
            _lost_or_503,
            token=lambda number: f"nightly-{number}",
            before=others_use_it,
        ),
    )


def _busy_org(section: Section, trials: int, seed: int) -> None:
    for every, allowed in (
        (0.2, "more than 100 runs between the POST and the failure + 14 s"),
        (1.0, ""),
    ):
        fake = _fake(seed)
        _busy(fake, trials, every)
        _row(
            section,
            f"busy organization: another user's run every {every:g} s: answers lost, 503s",
            fake,
            _creates(fake, trials, _lost_or_503),
            allowed,
        )


def _heavy(section: Section, trials: int, seed: int, history: int) -> None:
    fake = _fake(seed)
    me = fake.current_user.id
    fake.add_foreign_runs(history, user_id=me, ago=(365 * DAY, 2 * DAY))
    fake.add_foreign_runs(20, user_id=me, ago=(20 * 3600.0, 60.0))
    tally = Tally()
    sent = len(fake.requests)
    for number in range(trials):  # a fresh client (process) each time: users/me included
        with fake.client() as client:
            _create(client, fake, tally, number, f"deploy-{history}-{number}")
    tally.requests = len(fake.requests) - sent
    per_create = tally.requests / max(1, tally.trials)
    _row(
        section,
        f"a user with {history:,} API runs (20 inside the 24 h window): own token, no fault",
        fake,
        tally,
    )
    row = section.rows[-1]
    row.target += ", <= 3 requests per create"
    row.met = bool(row.met) and per_create <= 3


def _racers(section: Section, trials: int, seed: int) -> None:
    fake = _fake(seed, rate_limits=False)
    tally = Tally()
    sent = len(fake.requests)
    racers = 8
    with fake.client() as client:
        for number in range(trials):
            token = f"race-{number}"
            go = threading.Barrier(racers)

            def one(token: str = token, go: threading.Barrier = go, number: int = number) -> None:
                go.wait()
                _create(client, fake, tally, number, token)

            threads = [threading.Thread(target=one) for _ in range(racers)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
    tally.requests = len(fake.requests) - sent
    posts = len(fake.requests_for("create_agent_run"))
    _row(section, f"{racers} threads sharing one client, one token each round", fake, tally)
    row = section.rows[-1]
    row.value += f"; {posts} POSTs for {trials} tokens"
    row.target += ", 1 POST per token"
    row.met = bool(row.met) and posts == trials and len({r.id for r in tally.runs}) == trials
    row.data["posts"] = posts


def _way_out(section: Section, trials: int, seed: int) -> None:
    """The recovery the docs give: find, then repeat with the error's request id."""
    from codegen_client import (
        CodegenApiError,
        CodegenCreateOutcomeUnknownError,
        CodegenLookupInconclusiveError,
    )

    fake = _fake(seed, list_lag=60.0)
    tally = Tally()
    sent = len(fake.requests)
    with fake.client() as client:
        for number in range(trials):
            fake.inject(_lost(number))
            tally.trials += 1
            try:
                client.agents.create_agent_run(
                    fake.org_id, f"Never twice {number}", metadata={"bench_call": number}
                )
            except CodegenCreateOutcomeUnknownError as error:
                tally.unknown += 1
                token = error.request_id
            else:
                continue
            meta = {"bench_call": number, KEY: token}
            # At once, while the list still lags: find cannot tell (None would be a lie), and
            # the repeat waits for proof (it may see the run appear, or raise again).
            with contextlib.suppress(CodegenLookupInconclusiveError):
                if client.agents.find_agent_run(fake.org_id, token) is None:
                    tally.failed.append("find_agent_run answered None while the run exists")
            with contextlib.suppress(CodegenCreateOutcomeUnknownError):
                client.agents.create_agent_run(fake.org_id, f"Never twice {number}", metadata=meta)
            fake.clock.advance(60.0)
            try:
                tally.runs.append(
                    client.agents.create_agent_run(
                        fake.org_id, f"Never twice {number}", metadata=meta
                    )
                )
            except CodegenApiError as error:
                tally.failed.append(f"{type(error).__name__}: {error}"[:200])
    tally.requests = len(fake.requests) - sent
    _row(
        section,
        "the way out: list lag 60 s, answer lost; find, repeat with the error's id, later again",
        fake,
        tally,
        "the list lags 60 s, past the 30 s window: then the repeat returns the run",
    )
    section.rows[-1].met = bool(section.rows[-1].met) and len(tally.runs) == trials


def _other_run_answer(section: Section, trials: int, seed: int) -> None:
    import httpx

    fake = _fake(seed)

    def handle(request: httpx.Request) -> httpx.Response:
        response: httpx.Response = fake.handle(request)
        if request.method == "POST":
            return httpx.Response(200, json={"id": 999, "organization_id": fake.org_id})
        return response

    http = httpx.Client(transport=httpx.MockTransport(handle))
    _row(
        section,
        "every create answered with another run (id 999, no token)",
        fake,
        _creates(fake, trials, lambda number: None, http_client=http),
    )
    http.close()


def measure_never_twice(
    trials: int = 10, heavy: tuple[int, ...] = (10_000, 100_000), seed: int = 18
) -> Section:
    """Run every row of section 7.

    Args:
        trials: Creates per row (rounds of eight racers in the racers row).
        heavy: The API-run histories of the heavy-user rows.
        seed: Seed of the offline API and of the client's backoff jitter.

    Returns:
        Section 8 of the table.

    """
    section = Section(
        8,
        "Never twice: one row per condition the offline API plays",
        note=(
            "ManualClock; blocking client; look-up window 30 s, idempotency window 24 h; "
            "others = other users' runs returned"
        ),
        columns=COLUMNS,
    )
    random.seed(seed)  # the client's backoff jitter draws from the global generator
    _replicas(section, trials, seed)
    _filtered_index(section, trials, seed)
    _date_behind(section, trials, seed)
    _late_storage(section, trials, seed)
    _others_tokens(section, trials, seed)
    _busy_org(section, trials, seed)
    for history in heavy:
        _heavy(section, trials, seed, history)
    _racers(section, trials, seed)
    _way_out(section, trials, seed)
    _other_run_answer(section, trials, seed)
    return section
