"""Agent runs: lifecycle on the clock, bodies, outcomes, resume, ban, allowance, logs."""

from __future__ import annotations

import math
from typing import Any

import httpx

from codegen_client.testing import FakeCodegenAPI, ManualClock, RunOutcome


def _create(http: httpx.Client, org_id: int, **body: Any) -> dict[str, Any]:
    body.setdefault("prompt", "Fix the flaky login test")
    response = http.post(f"/organizations/{org_id}/agent/run", json=body)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def _get(http: httpx.Client, org_id: int, run_id: int) -> dict[str, Any]:
    result: dict[str, Any] = http.get(f"/organizations/{org_id}/agent/run/{run_id}").json()
    return result


def test_created_run_body(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """A new run is ACTIVE, API-sourced, with web_url, created_at and no PRs or summary."""
    run = _create(http, fake.org_id)
    assert run["status"] == "ACTIVE"
    assert run["source_type"] == "API"
    assert run["organization_id"] == fake.org_id
    assert run["web_url"] == f"https://codegen.com/agent/trace/{run['id']}"
    assert run["created_at"] == fake.timestamp(0.0)
    assert run["github_pull_requests"] == []
    assert run["result"] is None
    assert "summary" not in run
    assert "metadata" not in run


def test_timestamps_look_like_the_real_service(fake: FakeCodegenAPI, clock: ManualClock) -> None:
    """created_at is 'YYYY-MM-DD HH:MM:SS.ffffff' and follows the clock."""
    clock.advance(3723.25)
    run = fake.add_agent_run()
    text = fake.runs.to_json(run, fake.now())["created_at"]
    assert text == "2025-06-28 10:02:03.250000"  # seed 7: a week after 2025-06-21 09:00


def test_metadata_is_stored_and_returned(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """metadata comes back exactly as given, on create and later reads."""
    meta = {"ticket": "ENG-12", "nested": {"n": [1, 2]}}
    run = _create(http, fake.org_id, metadata=meta)
    assert run["metadata"] == meta
    assert _get(http, fake.org_id, run["id"])["metadata"] == meta


def test_run_completes_after_run_duration(
    fake: FakeCodegenAPI, http: httpx.Client, clock: ManualClock
) -> None:
    """ACTIVE until run_duration clock seconds, then COMPLETE with result and summary."""
    run = _create(http, fake.org_id)
    clock.advance(599.9)
    assert _get(http, fake.org_id, run["id"])["status"] == "ACTIVE"
    clock.advance(0.1)
    done = _get(http, fake.org_id, run["id"])
    assert done["status"] == "COMPLETE"
    assert done["result"].startswith("## Done: Fix the flaky login test")
    assert isinstance(done["summary"], str)


def test_result_is_deterministic_for_prompt_and_seed() -> None:
    """Same seed and prompt give the same result; another seed gives another."""

    def result(seed: int) -> Any:
        fake = FakeCodegenAPI(seed=seed, clock=ManualClock())
        run = fake.add_agent_run(prompt="Add pagination to /users", status="COMPLETE")
        return fake.runs.to_json(run, fake.now())["result"]

    assert result(1) == result(1)
    assert result(1) != result(2)


def test_queued_error_outcome(fake: FakeCodegenAPI, http: httpx.Client, clock: ManualClock) -> None:
    """queue_outcome makes the next run end ERROR without a result; later runs complete."""
    fake.queue_outcome(RunOutcome("ERROR", duration=30))
    failing = _create(http, fake.org_id)
    fine = _create(http, fake.org_id)
    clock.advance(600)
    assert _get(http, fake.org_id, failing["id"])["status"] == "ERROR"
    assert _get(http, fake.org_id, failing["id"])["result"] is None
    assert _get(http, fake.org_id, fine["id"])["status"] == "COMPLETE"


def test_outcome_by_prompt_pattern(
    fake: FakeCodegenAPI, http: httpx.Client, clock: ManualClock
) -> None:
    """prompt_matches applies an outcome to every matching prompt, and only to those."""
    fake.queue_outcome(RunOutcome("TIMEOUT"), count=None, prompt_matches=r"(?i)migrat")
    a = _create(http, fake.org_id, prompt="Migrate the DB")
    b = _create(http, fake.org_id, prompt="Write docs")
    c = _create(http, fake.org_id, prompt="Run the migration again")
    clock.advance(600)
    statuses = [_get(http, fake.org_id, r["id"])["status"] for r in (a, b, c)]
    assert statuses == ["TIMEOUT", "COMPLETE", "TIMEOUT"]


def test_custom_duration_and_result(
    fake: FakeCodegenAPI, http: httpx.Client, clock: ManualClock
) -> None:
    """An outcome can set the duration and the exact result text."""
    fake.queue_outcome(RunOutcome(duration=5, result="42", summary="the answer"))
    run = _create(http, fake.org_id)
    clock.advance(5)
    body = _get(http, fake.org_id, run["id"])
    assert (body["status"], body["result"], body["summary"]) == ("COMPLETE", "42", "the answer")


def test_never_finishing_run(fake: FakeCodegenAPI, http: httpx.Client, clock: ManualClock) -> None:
    """RunOutcome.never_finishes keeps a run ACTIVE however long the clock runs."""
    fake.queue_outcome(RunOutcome.never_finishes())
    run = _create(http, fake.org_id)
    clock.advance(1e7)
    assert _get(http, fake.org_id, run["id"])["status"] == "ACTIVE"


def test_paused_run_stays_paused_until_resumed(
    fake: FakeCodegenAPI, http: httpx.Client, clock: ManualClock
) -> None:
    """PAUSED lasts until resume; resume makes it ACTIVE, appends the prompt, then completes."""
    fake.queue_outcome(RunOutcome("PAUSED", duration=60))
    run = _create(http, fake.org_id, prompt="Upgrade React")
    clock.advance(10_000)
    assert _get(http, fake.org_id, run["id"])["status"] == "PAUSED"
    resumed = http.post(
        f"/organizations/{fake.org_id}/agent/run/resume",
        json={"agent_run_id": run["id"], "prompt": "Use version 19"},
    ).json()
    assert resumed["status"] == "ACTIVE"
    assert fake.agent_runs[run["id"]].prompt == "Upgrade React\n\nUse version 19"
    clock.advance(600)
    assert _get(http, fake.org_id, run["id"])["status"] == "COMPLETE"


def test_add_agent_run_with_status(fake: FakeCodegenAPI) -> None:
    """add_agent_run(status=...) stores a run already in that status."""
    for status in ("COMPLETE", "FAILED", "CANCELLED", "PAUSED", "ACTIVE"):
        run = fake.add_agent_run(status=status)
        assert run.status_at(fake.now() + 1e6) == status


def test_ban_stops_working_run(
    fake: FakeCodegenAPI, http: httpx.Client, clock: ManualClock
) -> None:
    """ban flags the run and cancels it if it is still working; unban clears the flag."""
    run = _create(http, fake.org_id)
    clock.advance(10)
    path = f"/organizations/{fake.org_id}/agent/run"
    assert http.post(f"{path}/ban", json={"agent_run_id": run["id"]}).status_code == 200
    assert fake.agent_runs[run["id"]].banned
    assert _get(http, fake.org_id, run["id"])["status"] == "CANCELLED"
    assert http.post(f"{path}/unban", json={"agent_run_id": run["id"]}).status_code == 200
    assert not fake.agent_runs[run["id"]].banned


def test_remove_from_pr_leaves_finished_run(
    fake: FakeCodegenAPI, http: httpx.Client, clock: ManualClock
) -> None:
    """remove-from-pr does not change a run that already completed."""
    run = _create(http, fake.org_id)
    clock.advance(600)
    path = f"/organizations/{fake.org_id}/agent/run/remove-from-pr"
    assert http.post(path, json={"agent_run_id": run["id"]}).status_code == 200
    assert _get(http, fake.org_id, run["id"])["status"] == "COMPLETE"


def test_allowance_used_up_is_402(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """After the allowance, create answers 402 with the documented body."""
    fake.set_run_allowance(fake.org_id, 2)
    _create(http, fake.org_id)
    _create(http, fake.org_id)
    response = http.post(f"/organizations/{fake.org_id}/agent/run", json={"prompt": "x"})
    assert response.status_code == 402
    assert response.json()["status_code"] == 402
    assert response.json()["message"].startswith("Alloted agent runs")


def test_org_without_repos_is_404(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """Creating a run in an organization with no repositories answers the documented 404."""
    response = http.post(f"/organizations/{fake.empty_org_id()}/agent/run", json={"prompt": "x"})
    assert response.status_code == 404
    assert response.json() == {
        "message": "No repos found in the organization. Please add some repos and try again.",
        "status_code": 404,
    }


def test_setup_commands_start_a_setup_run(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """setup-commands/generate starts a SETUP_COMMANDS run and returns its id, status, url."""
    repo = fake.organizations[fake.org_id].repositories[0]
    body = http.post(
        f"/organizations/{fake.org_id}/setup-commands/generate", json={"repo_id": repo.id}
    ).json()
    run = fake.agent_runs[body["agent_run_id"]]
    assert run.source_type == "SETUP_COMMANDS"
    assert body == {"agent_run_id": run.id, "status": "ACTIVE", "url": run.web_url}


def test_analyze_logs_starts_a_run(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """analyze-logs starts an API run for a sandbox with logs; 400/404 otherwise."""
    org = fake.org_id
    sandboxes = [s for s in fake.state.sandboxes.values() if s.organization_id == org]
    with_logs = next(s for s in sandboxes if s.has_logs)
    without = next(s for s in sandboxes if not s.has_logs)
    body = http.post(f"/organizations/{org}/sandbox/{with_logs.id}/analyze-logs").json()
    assert fake.agent_runs[body["agent_run_id"]].source_type == "API"
    assert body["status"] == "ACTIVE"
    assert http.post(f"/organizations/{org}/sandbox/{without.id}/analyze-logs").status_code == 400
    assert http.post(f"/organizations/{org}/sandbox/1/analyze-logs").status_code == 404


def _logs(http: httpx.Client, fake: FakeCodegenAPI, run_id: int, **params: Any) -> Any:
    path = f"/alpha/organizations/{fake.org_id}/agent/run/{run_id}/logs"
    return http.get(path, params=params).json()


def test_logs_accumulate_while_working(
    fake: FakeCodegenAPI, http: httpx.Client, clock: ManualClock
) -> None:
    """One log entry per log_interval of work, then a final entry when the run ends."""
    run = _create(http, fake.org_id)
    assert _logs(http, fake, run["id"])["total_logs"] == 0
    clock.advance(15 * 4 + 1)
    body = _logs(http, fake, run["id"])
    assert body["total_logs"] == 4
    assert [log["created_at"] for log in body["logs"]] == [
        fake.timestamp(15.0 * n) for n in range(1, 5)
    ]
    clock.advance(1000)
    done = _logs(http, fake, run["id"])
    assert done["total_logs"] == 600 // 15 + 1
    assert done["status"] == "COMPLETE"


def test_logs_page_and_reverse(
    fake: FakeCodegenAPI, http: httpx.Client, clock: ManualClock
) -> None:
    """Logs page with skip/limit, and reverse pages from the newest entry."""
    run = _create(http, fake.org_id)
    clock.advance(600)
    everything = _logs(http, fake, run["id"], limit=100)["logs"]
    page = _logs(http, fake, run["id"], skip=10, limit=10)
    assert page["logs"] == everything[10:20]
    assert (page["page"], page["size"], page["pages"]) == (2, 10, math.ceil(41 / 10))
    newest = _logs(http, fake, run["id"], limit=3, reverse="true")["logs"]
    assert newest == everything[::-1][:3]
    assert newest[0]["message_type"] == "FINAL_ANSWER"
    assert all(log["agent_run_id"] == run["id"] for log in everything)


def test_logs_body_carries_the_run(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """The logs body repeats the run's id, status, web_url and metadata."""
    run = _create(http, fake.org_id, metadata={"k": "v"})
    body = _logs(http, fake, run["id"])
    assert body["id"] == run["id"]
    assert body["web_url"] == run["web_url"]
    assert body["metadata"] == {"k": "v"}
    assert body["logs"] == []


def test_logs_of_failed_run_end_with_error(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """A run that ended ERROR has an ERROR entry last."""
    run = fake.add_agent_run(status="ERROR")
    logs = _logs(http, fake, run.id)["logs"]
    assert logs[-1]["message_type"] == "ERROR"
