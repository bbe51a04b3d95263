"""Agent run lifecycle: status phases, waiting on one or many runs, duplicate-free creation.

Everything runs on the offline API with a ManualClock: minutes of agent work take no real time.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from typing import Any

import pytest

from codegen_client import (
    AgentRunPhase,
    CodegenAgentRunPausedError,
    CodegenAgentRunTimeoutError,
    CodegenClient,
    CodegenInputError,
    CodegenPlanLimitError,
    CodegenServerError,
    agent_run_phase,
)
from codegen_client._agents.create_plan import REQUEST_ID_KEY
from codegen_client._agents.phases import PollSchedule
from codegen_client._agents.wait_plan import MAX_FAILED_ROUNDS
from codegen_client.testing import FakeCodegenAPI, Fault, ManualClock, RunOutcome
from tests.both import Clients

RUN_SECONDS = 120.0


@pytest.fixture
def fake() -> FakeCodegenAPI:
    return FakeCodegenAPI(seed=5, clock=ManualClock(), run_duration=RUN_SECONDS)


@pytest.fixture
def client(fake: FakeCodegenAPI, clients: Clients) -> Iterator[CodegenClient]:
    """A client of the test's flavor (sync, then async) on the fake."""
    with clients.of(fake) as client:
        yield client


def reads(fake: FakeCodegenAPI) -> list[Any]:
    return [r for r in fake.requests if r.operation_id in ("get_agent_run", "list_agent_runs")]


# -- status phases -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "phase"),
    [
        ("COMPLETE", AgentRunPhase.COMPLETE),
        ("complete", AgentRunPhase.COMPLETE),
        ("completed", AgentRunPhase.COMPLETE),
        ("ERROR", AgentRunPhase.FAILED),
        ("failed", AgentRunPhase.FAILED),
        ("CANCELLED", AgentRunPhase.FAILED),
        ("TIMEOUT", AgentRunPhase.FAILED),
        ("MAX_ITERATIONS_REACHED", AgentRunPhase.FAILED),
        ("OUT_OF_TOKENS", AgentRunPhase.FAILED),
        ("STOPPED", AgentRunPhase.FAILED),
        ("PAUSED", AgentRunPhase.PAUSED),
        ("paused", AgentRunPhase.PAUSED),
        ("ACTIVE", AgentRunPhase.RUNNING),
        ("EVALUATION", AgentRunPhase.RUNNING),
        ("PENDING", AgentRunPhase.RUNNING),
        ("RUNNING", AgentRunPhase.RUNNING),
        ("SOMETHING_NEW", AgentRunPhase.RUNNING),
        (None, AgentRunPhase.RUNNING),
    ],
)
def test_status_phases(status: str | None, phase: AgentRunPhase) -> None:
    """Statuses fold into phases without regard to case; unknown ones count as running."""
    assert agent_run_phase(status) is phase
    assert phase.is_final == (phase in (AgentRunPhase.COMPLETE, AgentRunPhase.FAILED))


def test_poll_schedule_grows_to_its_cap() -> None:
    """Poll waits start at the first interval and grow by half each round up to the cap."""
    schedule = PollSchedule(1.0, 10.0)
    waits = [schedule.next() for _ in range(9)]
    assert waits[:4] == [1.0, 1.5, 2.25, 3.375]
    assert waits[-3:] == [10.0, 10.0, 10.0]


# -- waiting on one run --------------------------------------------------------------------------


def test_wait_returns_the_completed_run_with_backoff(
    fake: FakeCodegenAPI, client: CodegenClient
) -> None:
    """wait_for_agent_run polls with growing pauses (1 s up to the cap) until COMPLETE."""
    run = client.agents.create_agent_run(fake.org_id, "Add a test")
    done = client.agents.wait_for_agent_run(fake.org_id, run.id, max_poll_interval=20.0)
    assert done.status == "COMPLETE"
    assert isinstance(done.result, str) and done.result
    times = [r.time for r in fake.requests_for("get_agent_run")]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert gaps[0] == pytest.approx(1.0, abs=0.01)
    assert all(b >= a - 1e-6 for a, b in itertools.pairwise(gaps))
    assert max(gaps) <= 20.0 + 1e-6
    assert times[-1] - RUN_SECONDS < 20.0 + 1e-6  # noticed within one capped interval
    assert len(times) < 20


def test_wait_returns_a_failed_run_without_raising(
    fake: FakeCodegenAPI, client: CodegenClient
) -> None:
    """A failure status ends the wait; the run comes back for the caller to inspect."""
    fake.queue_outcome(RunOutcome("ERROR", duration=30.0))
    run = client.agents.create_agent_run(fake.org_id, "Break things")
    done = client.agents.wait_for_agent_run(fake.org_id, run.id)
    assert done.status == "ERROR"
    assert agent_run_phase(done.status) is AgentRunPhase.FAILED


def test_wait_accepts_lower_case_statuses(fake: FakeCodegenAPI, client: CodegenClient) -> None:
    """A lower-case ``completed`` (as in older docs) ends the wait as success."""
    run = fake.add_agent_run(status="completed")
    done = client.agents.wait_for_agent_run(fake.org_id, run.id)
    assert done.status == "completed"
    assert len(fake.requests_for("get_agent_run")) == 1


def test_paused_run_is_reported_not_polled_forever(
    fake: FakeCodegenAPI, client: CodegenClient
) -> None:
    """A PAUSED run raises CodegenAgentRunPausedError carrying the run, after one read."""
    run = fake.add_agent_run(status="PAUSED")
    with pytest.raises(CodegenAgentRunPausedError) as caught:
        client.agents.wait_for_agent_run(fake.org_id, run.id, timeout=3600.0)
    assert caught.value.run is not None and caught.value.run.id == run.id
    assert [r.id for r in caught.value.paused] == [run.id]
    assert "resume" in str(caught.value)
    assert len(fake.requests_for("get_agent_run")) == 1


def test_unknown_status_is_polled_until_the_deadline(
    fake: FakeCodegenAPI, client: CodegenClient
) -> None:
    """An unknown status counts as running; the deadline error carries the last known run."""
    run = fake.add_agent_run(status="BRAND_NEW_STATUS")
    start = fake.clock.now()
    with pytest.raises(CodegenAgentRunTimeoutError) as caught:
        client.agents.wait_for_agent_run(fake.org_id, run.id, timeout=300.0)
    error = caught.value
    assert error.run is not None and error.run.status == "BRAND_NEW_STATUS"
    assert [r.id for r in error.pending] == [run.id]
    assert error.timeout == 300.0
    assert fake.clock.now() - start == pytest.approx(300.0, abs=1.0)  # not a round past it


def test_status_callback_sees_each_change_once(fake: FakeCodegenAPI, client: CodegenClient) -> None:
    """on_status_change gets the first sighting and each change, not every poll."""
    seen: list[tuple[int, object]] = []
    run = client.agents.create_agent_run(fake.org_id, "Watch me")
    client.agents.wait_for_agent_run(
        fake.org_id, run.id, on_status_change=lambda r: seen.append((r.id, r.status))
    )
    assert seen == [(run.id, "ACTIVE"), (run.id, "COMPLETE")]
    assert len(fake.requests_for("get_agent_run")) > 2


@pytest.mark.parametrize(
    "options",
    [
        {"timeout": 0},
        {"timeout": -5.0},
        {"timeout": math.inf},
        {"poll_interval": 0},
        {"max_poll_interval": True},
        {"poll_interval": 5.0, "max_poll_interval": 1.0},
        {"on_status_change": "print"},
    ],
)
def test_wait_checks_arguments_before_any_request(
    fake: FakeCodegenAPI, client: CodegenClient, options: dict[str, Any]
) -> None:
    """Bad timing arguments raise CodegenInputError and send nothing."""
    with pytest.raises(CodegenInputError):
        client.agents.wait_for_agent_run(fake.org_id, 1, **options)
    with pytest.raises(CodegenInputError):
        client.agents.wait_for_agent_runs(fake.org_id, ["1"])  # type: ignore[list-item]
    assert fake.requests == []


def test_blocking_wait_refuses_an_async_callback(fake: FakeCodegenAPI) -> None:
    """An async on_status_change on the blocking client is refused, not silently dropped.

    Sync only: the async client awaits such a callback (test_async_waits).
    """
    client = fake.client()

    async def record(run: Any) -> None:  # pragma: no cover - must never be called
        pass

    with pytest.raises(CodegenInputError, match="on_status_change is async"):
        client.agents.wait_for_agent_run(fake.org_id, 1, on_status_change=record)
    with pytest.raises(CodegenInputError, match="on_status_change is async"):
        client.agents.wait_for_agent_runs(fake.org_id, [1, 2], on_status_change=record)
    assert fake.requests == []


def test_polling_stays_within_the_read_limit(fake: FakeCodegenAPI, client: CodegenClient) -> None:
    """Polling as fast as asked still goes through the client's pacing: zero 429s."""
    run = client.agents.create_agent_run(fake.org_id, "Poll hard")
    client.agents.wait_for_agent_run(
        fake.org_id, run.id, poll_interval=0.05, max_poll_interval=0.05
    )
    statuses = {r.status for r in fake.requests}
    assert statuses == {200}
    gets = [r.time for r in fake.requests_for("get_agent_run")]
    assert len(gets) > 60  # the limit really was reached, and paced
    assert all(sum(1 for t in gets if s <= t < s + 30.0) <= 60 for s in gets)


def test_a_failed_round_is_skipped_then_too_many_raise(
    clients: Clients, fake: FakeCodegenAPI
) -> None:
    """A transient error in a poll round is skipped; more than MAX_FAILED_ROUNDS in a row raise."""
    with clients.of(fake, max_retries=0) as client:
        run = client.agents.create_agent_run(fake.org_id, "Flaky reads")
        fake.inject(Fault("status", "get_agent_run", status=503, count=2))
        assert client.agents.wait_for_agent_run(fake.org_id, run.id).status == "COMPLETE"
        fake.inject(Fault("status", "get_agent_run", status=503, count=MAX_FAILED_ROUNDS + 1))
        with pytest.raises(CodegenServerError):
            client.agents.wait_for_agent_run(fake.org_id, run.id)


# -- waiting on many runs ------------------------------------------------------------------------


def test_many_runs_cost_one_request_per_round(fake: FakeCodegenAPI, client: CodegenClient) -> None:
    """Waiting on 2 or 20 runs takes the same number of reads: one list page per round."""
    counts = []
    for size in (2, 20):
        fake.requests.clear()
        fake.reset_rate_limits()
        ids = [fake.add_agent_run(prompt=f"run {i}").id for i in range(size)]
        done = client.agents.wait_for_agent_runs(fake.org_id, ids)
        assert [r.id for r in done] == ids
        assert {r.status for r in done} == {"COMPLETE"}
        assert fake.requests_for("get_agent_run") == []
        counts.append(len(reads(fake)))
    assert counts[0] == counts[1]


def test_runs_off_the_first_page_are_fetched_singly(
    fake: FakeCodegenAPI, client: CodegenClient
) -> None:
    """Runs pushed off the newest-first page fall back to single gets; the others do not."""
    old = [fake.add_agent_run(prompt=f"old {i}").id for i in range(2)]
    for i in range(100):
        fake.add_agent_run(prompt=f"noise {i}", status="COMPLETE")
    new = fake.add_agent_run(prompt="new").id
    done = client.agents.wait_for_agent_runs(fake.org_id, [*old, new])
    assert [r.status for r in done] == ["COMPLETE"] * 3
    rounds = len(fake.requests_for("list_agent_runs"))
    fetched = {r.path.rsplit("/", 1)[-1] for r in fake.requests_for("get_agent_run")}
    assert fetched == {str(i) for i in old}
    assert len(fake.requests_for("get_agent_run")) == 2 * rounds


def test_many_runs_with_a_paused_one(fake: FakeCodegenAPI, client: CodegenClient) -> None:
    """A PAUSED run raises once the others settled, carrying them all; or is returned on ask."""
    fake.queue_outcome(RunOutcome("PAUSED", duration=10.0), prompt_matches="ask")
    ids = [client.agents.create_agent_run(fake.org_id, p).id for p in ("do", "ask", "go")]
    with pytest.raises(CodegenAgentRunPausedError) as caught:
        client.agents.wait_for_agent_runs(fake.org_id, ids)
    assert [r.status for r in caught.value.runs] == ["COMPLETE", "PAUSED", "COMPLETE"]
    assert [r.id for r in caught.value.paused] == [ids[1]]
    runs = client.agents.wait_for_agent_runs(fake.org_id, ids, raise_on_paused=False)
    assert [r.status for r in runs] == ["COMPLETE", "PAUSED", "COMPLETE"]


def test_many_runs_deadline_lists_the_pending(fake: FakeCodegenAPI, client: CodegenClient) -> None:
    """The deadline error over many runs holds every run and names those still working."""
    done_id = fake.add_agent_run(status="COMPLETE").id
    stuck_id = fake.add_agent_run(status="ACTIVE").id
    with pytest.raises(CodegenAgentRunTimeoutError) as caught:
        client.agents.wait_for_agent_runs(fake.org_id, [done_id, stuck_id], timeout=60.0)
    assert [r.id for r in caught.value.runs] == [done_id, stuck_id]
    assert [r.id for r in caught.value.pending] == [stuck_id]
    assert str(stuck_id) in str(caught.value)


@pytest.mark.anyio
async def test_async_waits(fake: FakeCodegenAPI) -> None:
    """The async waiters poll the same way and await an async status callback.

    Single-sided: awaiting an async on_status_change exists on the async client only (the sync
    client refuses one: test_blocking_wait_refuses_an_async_callback).
    """
    seen: list[str | None] = []

    async def record(run: Any) -> None:
        seen.append(run.status)

    async with fake.async_client() as client:
        run = await client.agents.create_agent_run(fake.org_id, "Async")
        done = await client.agents.wait_for_agent_run(fake.org_id, run.id, on_status_change=record)
        assert done.status == "COMPLETE"
        assert seen == ["ACTIVE", "COMPLETE"]
        ids = [(await client.agents.create_agent_run(fake.org_id, f"a{i}")).id for i in range(3)]
        runs = await client.agents.wait_for_agent_runs(fake.org_id, ids)
        assert [r.status for r in runs] == ["COMPLETE"] * 3
        paused = fake.add_agent_run(status="PAUSED")
        with pytest.raises(CodegenAgentRunPausedError):
            await client.agents.wait_for_agent_run(fake.org_id, paused.id)


# -- creating without duplicates -----------------------------------------------------------------


def org_runs(fake: FakeCodegenAPI) -> list[Any]:
    return [r for r in fake.agent_runs.values() if r.organization_id == fake.org_id]


def test_create_tags_the_run_and_keeps_user_metadata(
    fake: FakeCodegenAPI, client: CodegenClient
) -> None:
    """Each create carries a fresh client token in metadata next to the caller's keys."""
    first = client.agents.create_agent_run(fake.org_id, "One", metadata={"ticket": "ENG-1"})
    second = client.agents.create_agent_run(fake.org_id, "Two")
    meta = dict(first.metadata)  # type: ignore[index]
    assert meta["ticket"] == "ENG-1"
    token = meta[REQUEST_ID_KEY]
    assert isinstance(token, str) and token.startswith("cgc-") and len(token) == 4 + 32
    assert second.metadata[REQUEST_ID_KEY] != meta[REQUEST_ID_KEY]  # type: ignore[index]


@pytest.mark.parametrize("error", ["read_timeout", "remote_protocol"])
def test_lost_response_creates_exactly_one_run(
    fake: FakeCodegenAPI, client: CodegenClient, error: str
) -> None:
    """After a lost answer the client finds its run by token instead of posting again."""
    fake.inject(Fault("lost_response", "create_agent_run", error=error))  # type: ignore[arg-type]
    run = client.agents.create_agent_run(fake.org_id, "Exactly once")
    assert [r.id for r in org_runs(fake)] == [run.id]
    # The user's API runs (which show this one) found it at once: no further look-up.
    assert [r.operation_id for r in fake.requests] == [
        "create_agent_run",
        "get_current_user",
        "list_agent_runs",
    ]


def test_server_error_without_a_run_posts_again(
    fake: FakeCodegenAPI, client: CodegenClient
) -> None:
    """In a busy org, a 5xx that created nothing is followed by looks, then one more POST."""
    other = fake.add_foreign_runs(100, every=1.0)
    fake.inject(Fault("html_502", "create_agent_run"))
    run = client.agents.create_agent_run(fake.org_id, "Second try")
    assert [r.id for r in org_runs(fake) if r.user_id != other.id] == [run.id]
    operations = [r.operation_id for r in fake.requests]
    assert operations[0] == operations[-1] == "create_agent_run"
    assert operations.count("create_agent_run") == 2
    # In between: this user's runs, then the org's newest until one answer proves absence.
    assert set(operations[1:-1]) == {"list_agent_runs", "get_current_user"}


def test_create_respects_max_retries(clients: Clients, fake: FakeCodegenAPI) -> None:
    """With max_retries=1 a create posts at most twice, then raises the server error."""
    fake.add_foreign_runs(1000, every=1.0)
    fake.inject(Fault("status", "create_agent_run", status=503, count=5))
    with clients.of(fake, max_retries=1) as client, pytest.raises(CodegenServerError):
        client.agents.create_agent_run(fake.org_id, "Give up")
    assert len(fake.requests_for("create_agent_run")) == 2
    assert [r for r in org_runs(fake) if r.user_id == fake.current_user.id] == []


def test_plan_limit_is_never_retried(fake: FakeCodegenAPI, client: CodegenClient) -> None:
    """A 402 raises at once: one POST, no lookup."""
    fake.set_run_allowance(fake.org_id, 0)
    with pytest.raises(CodegenPlanLimitError):
        client.agents.create_agent_run(fake.org_id, "No budget")
    assert [r.operation_id for r in fake.requests] == ["create_agent_run"]


def test_refused_creates_are_repeated_by_the_core(
    fake: FakeCodegenAPI, client: CodegenClient
) -> None:
    """A 429 or a failed connect (nothing created) is simply sent again: one run, no lookup."""
    fake.inject(Fault("rate_limit", "create_agent_run"))
    fake.inject(Fault("drop_connection", "create_agent_run"))
    run = client.agents.create_agent_run(fake.org_id, "Refused first")
    assert [r.id for r in org_runs(fake)] == [run.id]
    assert fake.requests_for("list_agent_runs") == []


def test_failed_lookup_is_repeated_before_any_new_post(
    fake: FakeCodegenAPI, client: CodegenClient
) -> None:
    """When the look itself fails, the client looks again rather than risk a second run."""
    fake.inject(Fault("lost_response", "create_agent_run"))
    fake.inject(Fault("status", "list_agent_runs", status=500, count=4))
    run = client.agents.create_agent_run(fake.org_id, "Look twice")
    assert [r.id for r in org_runs(fake)] == [run.id]
    assert len(fake.requests_for("create_agent_run")) == 1


def test_caller_token_is_reused(fake: FakeCodegenAPI, client: CodegenClient) -> None:
    """A caller-supplied request id is sent as is, so the caller can look the run up too."""
    run = client.agents.create_agent_run(fake.org_id, "Mine", metadata={REQUEST_ID_KEY: "order-42"})
    assert run.metadata[REQUEST_ID_KEY] == "order-42"  # type: ignore[index]
    with pytest.raises(CodegenInputError):
        client.agents.create_agent_run(fake.org_id, "Bad", metadata={REQUEST_ID_KEY: 7})
