"""MultiRunAgent on the offline API, with a ManualClock (minutes of agent work in no real time)."""

from __future__ import annotations

import asyncio
import logging
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from codegen_client import (
    CodegenAgentRunTimeoutError,
    CodegenClient,
    CodegenInputError,
    CodegenMultiRunAbortedError,
    CodegenMultiRunNoCandidatesError,
    CodegenMultiRunSynthesisError,
    CodegenMultiRunTimeoutError,
    CodegenPlanLimitError,
    CodegenResourceNotFoundError,
)
from codegen_client.multi_run import MultiRunEvent, MultiRunResult
from codegen_client.testing import FakeCodegenAPI, Fault, ManualClock, RunOutcome
from tests.both import Clients

RUN_SECONDS = 120.0
SYNTHESIS = "Several agents worked on the same task"  # opening of the default synthesis prompt


@pytest.fixture
def fake() -> FakeCodegenAPI:
    return FakeCodegenAPI(seed=11, clock=ManualClock(), run_duration=RUN_SECONDS)


@pytest.fixture
def client(fake: FakeCodegenAPI, clients: Clients) -> Iterator[CodegenClient]:
    """A client of the test's flavor (sync, then async) on the fake."""
    with clients.of(fake) as client:
        yield client


def creates(fake: FakeCodegenAPI) -> list[Any]:
    return fake.requests_for("create_agent_run")


def metadata_of(run: dict[str, Any]) -> dict[str, Any]:
    return dict(run["metadata"])


# -- the happy paths -----------------------------------------------------------------------------


def test_one_candidate_needs_no_synthesis(fake: FakeCodegenAPI, client: CodegenClient) -> None:
    """concurrency=1: the single candidate is the final answer; no synthesis run."""
    result = client.multi_run_agent.create_multi_run(
        org_id=fake.org_id, prompt="Fix the flaky test", concurrency=1
    )
    assert len(creates(fake)) == 1
    assert result["final"] == result["candidates"][0] == result.final
    assert result.synthesis_run is None and result["synthesis_agent_run"] is None
    assert len(result["agent_runs"]) == 1


def test_three_candidates_then_synthesis(fake: FakeCodegenAPI, client: CodegenClient) -> None:
    """concurrency=3: three candidates in creation order, one synthesis run, plain-dict runs."""
    fake.queue_outcome(RunOutcome(result="answer A", duration=90.0))
    fake.queue_outcome(RunOutcome(result="answer B", duration=30.0))
    fake.queue_outcome(RunOutcome(result="answer C", duration=60.0))
    fake.queue_outcome(RunOutcome(result="merged", duration=40.0), prompt_matches=SYNTHESIS)
    result = client.multi_run_agent.create_multi_run(
        org_id=fake.org_id, prompt="Explain the bug", concurrency=3, repo_id=None
    )
    assert isinstance(result, MultiRunResult)
    assert result["final"] == "merged"
    assert result["candidates"] == ["answer A", "answer B", "answer C"]  # creation order
    runs = result["agent_runs"]
    assert len(runs) == 4 and all(isinstance(r, dict) for r in runs)
    assert [metadata_of(r)["multi_run_role"] for r in runs] == ["candidate"] * 3 + ["synthesis"]
    assert [metadata_of(r)["multi_run_index"] for r in runs] == [0, 1, 2, 3]
    assert {metadata_of(r)["multi_run_id"] for r in runs} == {result.multi_run_id}
    assert all(
        metadata_of(r)["temperature"] == 0.7 and metadata_of(r)["synthesis_temperature"] == 0.2
        for r in runs
    )
    prompt = creates(fake)[-1].json["prompt"]
    assert "<task>\nExplain the bug\n</task>" in prompt
    pairs = zip(result.candidates, result.candidate_runs, strict=True)
    for number, (text, run) in enumerate(pairs, 1):
        block = f'<candidate number="{number}" agent_run_id="{run.id}">\n{text}\n</candidate>'
        assert block in prompt
    assert result.failed_runs == []


@pytest.mark.parametrize(("given", "sent"), [(None, "codegen"), ("claude_code", "claude_code")])
def test_repo_id_sends_codegen_unless_an_agent_type_is_given(
    fake: FakeCodegenAPI, client: CodegenClient, given: str | None, sent: str
) -> None:
    """Every run of a multi-run with a repo_id gets agent_type "codegen", or the one passed."""
    repo_id = fake.organizations[fake.org_id].repositories[0].id
    client.multi_run_agent.create_multi_run(
        org_id=fake.org_id, prompt="Fix it", concurrency=2, repo_id=repo_id, agent_type=given
    )
    bodies = [request.json for request in creates(fake)]
    assert len(bodies) == 3  # two candidates and the synthesis
    assert all((b["repo_id"], b["agent_type"]) == (repo_id, sent) for b in bodies)


def test_ten_candidates_are_paced_within_the_create_limit(
    clients: Clients, fake: FakeCodegenAPI
) -> None:
    """concurrency=10 with quick runs: the synthesis create waits for the minute; zero 429s."""
    fake.run_duration = 20.0
    with clients.of(fake) as client:
        result = client.multi_run_agent.create_multi_run(
            org_id=fake.org_id, prompt="Refactor", concurrency=10
        )
    times = [r.time for r in creates(fake)]
    assert len(times) == 11 and len(result.candidates) == 10
    assert times[-1] - times[0] >= 60.0  # the 11th create waited out the window
    assert all(sum(1 for t in times if s <= t < s + 60.0) <= 10 for s in times)
    assert {r.status for r in fake.requests} == {200}


def test_twenty_candidates_spread_over_two_minutes(clients: Clients, fake: FakeCodegenAPI) -> None:
    """concurrency=20: creates 11..20 start a minute after 1..10; no 429 anywhere."""
    with clients.of(fake) as client:
        client.multi_run_agent.create_multi_run(
            org_id=fake.org_id, prompt="Many", concurrency=20, timeout=900.0
        )
    times = [r.time for r in creates(fake)]
    assert len(times) == 21
    assert times[10] - times[0] >= 60.0
    assert all(sum(1 for t in times if s <= t < s + 60.0) <= 10 for s in times)
    assert Counter(r.status for r in fake.requests) == Counter({200: len(fake.requests)})


def test_requests_per_run_are_bounded(clients: Clients, fake: FakeCodegenAPI) -> None:
    """Reads while waiting do not grow with the number of candidates: about 6 requests a run."""
    fake.run_duration = 600.0
    counts = {}
    for size in (3, 10):
        fake.requests.clear()
        fake.reset_rate_limits()
        with clients.of(fake) as client:
            client.multi_run_agent.create_multi_run(
                org_id=fake.org_id, prompt=f"size {size}", concurrency=size, timeout=1800.0
            )
        counts[size] = Counter(r.operation_id for r in fake.requests)
        assert counts[size]["create_agent_run"] == size + 1
        # Ten-minute runs, polls capped at 30 s apart: under 30 rounds per wait.
        assert counts[size]["list_agent_runs"] <= 30
        assert counts[size]["get_agent_run"] <= 30  # the synthesis run alone
    assert counts[10]["list_agent_runs"] == counts[3]["list_agent_runs"]
    assert sum(counts[10].values()) / 11 <= 7


def test_models_are_spread_round_robin(fake: FakeCodegenAPI, client: CodegenClient) -> None:
    """models=[...] spreads candidates across models; the synthesis run takes ``model``."""
    client.multi_run_agent.create_multi_run(
        org_id=fake.org_id,
        prompt="Compare",
        concurrency=3,
        models=["gpt-5", "claude-opus-4-1"],
        model="claude-sonnet-4-5",
    )
    sent = [r.json.get("model") for r in creates(fake)]
    assert sent == ["gpt-5", "claude-opus-4-1", "gpt-5", "claude-sonnet-4-5"]


def test_custom_synthesis_prompt(fake: FakeCodegenAPI, client: CodegenClient) -> None:
    """A custom template gets {task}, {count} and {candidates} filled; literal braces stay."""
    fake.queue_outcome(RunOutcome(result="one"))
    fake.queue_outcome(RunOutcome(result="two"))
    template = "Merge {count} answers to: {task}\n{{json}}\n{candidates}\nEnd."
    result = client.multi_run_agent.create_multi_run(
        org_id=fake.org_id, prompt="Say hi", concurrency=2, synthesis_prompt=template
    )
    first, second = (run.id for run in result.candidate_runs)
    assert creates(fake)[-1].json["prompt"] == (
        "Merge 2 answers to: Say hi\n{json}\n"
        f'<candidate number="1" agent_run_id="{first}">\none\n</candidate>\n\n'
        f'<candidate number="2" agent_run_id="{second}">\ntwo\n</candidate>\nEnd.'
    )


def test_progress_events(fake: FakeCodegenAPI, client: CodegenClient) -> None:
    """on_progress sees created, status changes, synthesis_started and done, in order."""
    events: list[MultiRunEvent] = []
    client.multi_run_agent.create_multi_run(
        org_id=fake.org_id, prompt="Track", concurrency=2, on_progress=events.append
    )
    kinds = [(e.kind, e.role, e.status) for e in events]
    assert kinds == [
        ("created", "candidate", "ACTIVE"),
        ("created", "candidate", "ACTIVE"),
        ("status_changed", "candidate", "COMPLETE"),
        ("status_changed", "candidate", "COMPLETE"),
        ("synthesis_started", "synthesis", "ACTIVE"),
        ("status_changed", "synthesis", "COMPLETE"),
        ("done", None, None),
    ]
    assert events[-1].result is not None and events[-1].result.final


# -- failures ------------------------------------------------------------------------------------


def test_partial_failure_synthesizes_from_the_rest(
    fake: FakeCodegenAPI, client: CodegenClient, caplog: pytest.LogCaptureFixture
) -> None:
    """A failed candidate is left out of the synthesis and reported in the result and log."""
    fake.queue_outcome(RunOutcome(result="good 1"))
    fake.queue_outcome(RunOutcome("ERROR", duration=40.0))
    fake.queue_outcome(RunOutcome(result="good 2"))
    with caplog.at_level(logging.WARNING, logger="codegen_client"):
        result = client.multi_run_agent.create_multi_run(
            org_id=fake.org_id, prompt="Partial", concurrency=3
        )
    failed_id = result["agent_runs"][1]["id"]
    assert result.candidates == ["good 1", "good 2"]
    assert [r.id for r in result.failed_runs] == [failed_id]
    assert [r["status"] for r in result["failed_agent_runs"]] == ["ERROR"]
    assert f'agent_run_id="{failed_id}"' not in creates(fake)[-1].json["prompt"]
    assert f"{failed_id} (ERROR)" in caplog.text


def test_paused_candidate_counts_as_failed(fake: FakeCodegenAPI, client: CodegenClient) -> None:
    """A PAUSED candidate is not waited on forever: it is reported among the failed runs."""
    fake.queue_outcome(RunOutcome("PAUSED", duration=10.0))
    result = client.multi_run_agent.create_multi_run(
        org_id=fake.org_id, prompt="Pause one", concurrency=2, timeout=3600.0
    )
    assert [r.status for r in result.failed_runs] == ["PAUSED"]
    assert result.synthesis_run is None and len(result.candidates) == 1
    assert fake.clock.now() < 3600.0


def test_all_failing_raises_with_every_run(fake: FakeCodegenAPI, client: CodegenClient) -> None:
    """No usable candidate raises an error carrying every run; no synthesis is attempted."""
    fake.queue_outcome(RunOutcome("ERROR", duration=30.0), count=2)
    fake.queue_outcome(RunOutcome("COMPLETE", result="   "))  # complete, but empty
    with pytest.raises(CodegenMultiRunNoCandidatesError) as caught:
        client.multi_run_agent.create_multi_run(org_id=fake.org_id, prompt="Doom", concurrency=3)
    assert [r.status for r in caught.value.runs] == ["ERROR", "ERROR", "COMPLETE"]
    assert caught.value.candidates == []
    assert len(creates(fake)) == 3


def test_deadline_carries_runs_and_candidates(
    fake: FakeCodegenAPI, client: CodegenClient, caplog: pytest.LogCaptureFixture
) -> None:
    """Past the shared deadline: an error with the runs and candidates so far, runs listed."""
    fake.queue_outcome(RunOutcome(result="quick", duration=60.0))
    fake.queue_outcome(RunOutcome.never_finishes())
    start = fake.clock.now()
    with (
        caplog.at_level(logging.WARNING, logger="codegen_client"),
        pytest.raises(CodegenMultiRunTimeoutError) as caught,
    ):
        client.multi_run_agent.create_multi_run(
            org_id=fake.org_id, prompt="Slow", concurrency=2, timeout=300.0
        )
    error = caught.value
    assert isinstance(error, CodegenAgentRunTimeoutError)
    assert error.candidates == ["quick"]
    assert [r.status for r in error.runs] == ["COMPLETE", "ACTIVE"]
    assert [r.id for r in error.pending] == [error.runs[1].id]
    assert fake.clock.now() - start == pytest.approx(300.0, abs=1.0)
    assert str(error.runs[1].id) in caplog.text


def test_deadline_during_synthesis(fake: FakeCodegenAPI, client: CodegenClient) -> None:
    """The synthesis run shares the deadline; the error still holds both candidates."""
    fake.queue_outcome(RunOutcome.never_finishes(), prompt_matches=SYNTHESIS)
    with pytest.raises(CodegenMultiRunTimeoutError) as caught:
        client.multi_run_agent.create_multi_run(
            org_id=fake.org_id, prompt="Late merge", concurrency=2, timeout=400.0
        )
    assert len(caught.value.candidates) == 2
    assert len(caught.value.runs) == 3


def test_synthesis_failure_keeps_the_candidates(
    fake: FakeCodegenAPI, client: CodegenClient
) -> None:
    """A failed synthesis run raises an error that still carries every candidate."""
    fake.queue_outcome(RunOutcome("ERROR", duration=20.0), prompt_matches=SYNTHESIS)
    with pytest.raises(CodegenMultiRunSynthesisError) as caught:
        client.multi_run_agent.create_multi_run(org_id=fake.org_id, prompt="Merge", concurrency=2)
    error = caught.value
    assert len(error.candidates) == 2
    assert error.run is not None and error.run.status == "ERROR"
    assert len(error.runs) == 3


def test_synthesis_that_cannot_start_keeps_the_candidates(
    clients: Clients, fake: FakeCodegenAPI
) -> None:
    """When the synthesis create is refused (402), the candidates are still on the error."""
    fake.set_run_allowance(fake.org_id, 2)
    with clients.of(fake) as client, pytest.raises(CodegenMultiRunSynthesisError) as caught:
        client.multi_run_agent.create_multi_run(org_id=fake.org_id, prompt="Budget", concurrency=2)
    assert len(caught.value.candidates) == 2 and caught.value.run is None


def test_refused_candidate_create_is_a_multi_run_error_naming_working_runs(
    fake: FakeCodegenAPI, client: CodegenClient, caplog: pytest.LogCaptureFixture
) -> None:
    """A 402 on the second create is a CodegenMultiRunAbortedError (cause: the 402) naming the
    runs already working."""
    fake.set_run_allowance(fake.org_id, 1)
    with (
        caplog.at_level(logging.WARNING, logger="codegen_client"),
        pytest.raises(CodegenMultiRunAbortedError) as caught,
    ):
        client.multi_run_agent.create_multi_run(org_id=fake.org_id, prompt="Cap", concurrency=3)
    (working,) = fake.agent_runs
    assert str(working) in caplog.text
    assert len(creates(fake)) == 2
    assert isinstance(caught.value.__cause__, CodegenPlanLimitError)
    assert [r.id for r in caught.value.runs] == [working]


def test_result_reads_as_a_mapping(fake: FakeCodegenAPI, client: CodegenClient) -> None:
    """MultiRunResult is a read-only mapping of plain data next to its typed attributes."""
    result = client.multi_run_agent.create_multi_run(
        org_id=fake.org_id, prompt="Map me", concurrency=2
    )
    assert set(result) == {
        "final",
        "candidates",
        "agent_runs",
        "failed_agent_runs",
        "synthesis_agent_run",
        "multi_run_id",
    }
    plain = dict(result)
    assert plain["synthesis_agent_run"]["id"] == result.synthesis_run.id  # type: ignore[union-attr]
    assert [r["id"] for r in plain["agent_runs"]] == [r.id for r in result.runs]
    assert result.to_dict() == plain
    with pytest.raises(KeyError):
        result["nope"]


def test_lost_create_answer_does_not_duplicate_candidates(
    fake: FakeCodegenAPI, client: CodegenClient
) -> None:
    """A lost answer while creating candidates still yields exactly concurrency + 1 runs."""
    fake.inject(Fault("lost_response", "create_agent_run"))
    fake.inject(Fault("lost_response", "create_agent_run"))
    result = client.multi_run_agent.create_multi_run(
        org_id=fake.org_id, prompt="Once each", concurrency=3
    )
    assert len(fake.agent_runs) == 4
    assert len({r["id"] for r in result["agent_runs"]}) == 4


def test_interrupt_names_the_runs_still_working(
    fake: FakeCodegenAPI, client: CodegenClient, caplog: pytest.LogCaptureFixture
) -> None:
    """Ctrl-C mid-way re-raises KeyboardInterrupt after a warning listing the working runs."""
    created: list[int] = []

    def stop_after_two(event: MultiRunEvent) -> None:
        if event.kind == "created" and event.run is not None:
            created.append(event.run.id)
            if len(created) == 2:
                raise KeyboardInterrupt

    with (
        caplog.at_level(logging.WARNING, logger="codegen_client"),
        pytest.raises(KeyboardInterrupt) as caught,
    ):
        client.multi_run_agent.create_multi_run(
            org_id=fake.org_id, prompt="Stop", concurrency=3, on_progress=stop_after_two
        )
    assert "interrupted" in caplog.text
    assert all(str(run_id) in caplog.text for run_id in created)
    if sys.version_info >= (3, 11):  # exception notes exist from 3.11 on
        assert all(str(run_id) in caught.value.__notes__[0] for run_id in created)


# -- validation ----------------------------------------------------------------------------------


async def _async_report(event: MultiRunEvent) -> None:  # pragma: no cover - must never be called
    """An async on_progress: refused before any request instead of never being awaited."""


@pytest.mark.parametrize(
    ("options", "word"),
    [
        ({"concurrency": 0}, "concurrency"),
        ({"concurrency": 21}, "concurrency"),
        ({"concurrency": True}, "concurrency"),
        ({"temperature": 1.5}, "temperature"),
        ({"temperature": -0.1}, "temperature"),
        ({"synthesis_temperature": float("nan")}, "synthesis_temperature"),
        ({"timeout": 0}, "timeout"),
        ({"timeout": None}, "timeout"),
        ({"prompt": "   "}, "prompt"),
        ({"org_id": 0}, "org_id"),
        ({"repo_id": -1}, "repo_id"),
        ({"models": []}, "models"),
        ({"models": "gpt-5"}, "models"),
        ({"synthesis_prompt": "Merge {answers}"}, "{answers}"),
        ({"synthesis_prompt": "Merge {task}"}, "{candidates}"),
        ({"synthesis_prompt": "Merge {candidates!r}"}, "placeholders"),
        ({"synthesis_prompt": "Merge {candidates} {"}, "braces"),
        ({"metadata": {"multi_run_id": "x"}}, "multi_run_id"),
        ({"metadata": {"codegen_client_request_id": "x"}}, "codegen_client_request_id"),
        ({"agent_type": "robot"}, "agent_type"),
        ({"on_progress": 5}, "on_progress"),
        ({"on_progress": asyncio.sleep}, "on_progress must be a plain function"),
        ({"on_progress": _async_report, "concurrency": 2}, "on_progress must be a plain function"),
    ],
)
def test_arguments_are_checked_before_any_request(
    fake: FakeCodegenAPI, client: CodegenClient, options: dict[str, Any], word: str
) -> None:
    """Every bad argument raises CodegenInputError naming it, and nothing is sent."""
    arguments: dict[str, Any] = {"org_id": fake.org_id, "prompt": "Valid", **options}
    with pytest.raises(CodegenInputError, match=re.escape(word)):
        client.multi_run_agent.create_multi_run(**arguments)
    assert fake.requests == []


# -- async ---------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_async_cancel_names_the_runs_still_working(
    fake: FakeCodegenAPI, caplog: pytest.LogCaptureFixture
) -> None:
    """Cancelling the task leaves the same warning with the ids of the working runs.

    Single-sided: task cancellation exists on the async client only; the sync side's Ctrl-C is
    test_interrupt_names_the_runs_still_working.
    """
    async with fake.async_client() as client:
        with caplog.at_level(logging.WARNING, logger="codegen_client"):
            task = asyncio.ensure_future(
                client.multi_run_agent.create_multi_run(
                    org_id=fake.org_id, prompt="Cancel me", concurrency=2
                )
            )
            while len(fake.agent_runs) < 2:
                await asyncio.sleep(0)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
    assert "interrupted" in caplog.text
    assert all(str(run_id) in caplog.text for run_id in fake.agent_runs)


# -- the guide -----------------------------------------------------------------------------------


def test_guide_runs_as_written() -> None:
    """The MultiRunAgent guide (docs/guides/multi-run.md) runs as written on the offline API."""
    guide = Path(__file__).parents[1] / "docs" / "guides" / "multi-run.md"
    blocks = re.findall(r"```python\n(.*?)```", guide.read_text(encoding="utf-8"), flags=re.DOTALL)
    assert blocks
    namespace: dict[str, Any] = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)
    assert namespace["result"]["final"]


# -- every failure after the first create is a CodegenMultiRunError ------------------------------


def _inject_after_first_create(fake: FakeCodegenAPI, fault: Fault) -> Any:
    """An on_progress callback that queues ``fault`` once the first candidate exists."""

    def on_progress(event: MultiRunEvent) -> None:
        if event.kind == "created" and event.index == 0:
            fake.inject(fault)

    return on_progress


@pytest.mark.parametrize(
    ("fault", "cause"),
    [
        (Fault("status", "create_agent_run", status=402), CodegenPlanLimitError),
        (Fault("status", "create_agent_run", status=404), CodegenResourceNotFoundError),
        (Fault("status", "list_agent_runs", status=404), CodegenResourceNotFoundError),
    ],
    ids=["402-on-create", "404-on-create", "404-while-waiting"],
)
def test_a_failure_half_way_is_a_multi_run_error_with_its_cause(
    fake: FakeCodegenAPI, client: CodegenClient, fault: Fault, cause: type[Exception]
) -> None:
    """A 402 or 404 after the first create: CodegenMultiRunAbortedError with runs, candidates
    and multi_run_id, and the API error as __cause__ (sync and async)."""
    with pytest.raises(CodegenMultiRunAbortedError) as caught:
        client.multi_run_agent.create_multi_run(
            org_id=fake.org_id,
            prompt="Half way",
            concurrency=3,
            on_progress=_inject_after_first_create(fake, fault),
        )
    error = caught.value
    assert isinstance(error.__cause__, cause)
    assert error.runs and {r.id for r in error.runs} == set(fake.agent_runs)
    assert error.multi_run_id and error.candidates == []


def test_a_404_while_waiting_for_the_synthesis_keeps_the_candidates(
    fake: FakeCodegenAPI, client: CodegenClient
) -> None:
    """A 404 polling the synthesis run: CodegenMultiRunAbortedError still holds both answers."""

    def on_progress(event: MultiRunEvent) -> None:
        if event.kind == "synthesis_started":
            fake.inject(Fault("status", "get_agent_run", status=404))

    with pytest.raises(CodegenMultiRunAbortedError) as caught:
        client.multi_run_agent.create_multi_run(
            org_id=fake.org_id, prompt="Nearly", concurrency=2, on_progress=on_progress
        )
    assert len(caught.value.candidates) == 2 and len(caught.value.runs) == 3
    assert isinstance(caught.value.__cause__, CodegenResourceNotFoundError)
