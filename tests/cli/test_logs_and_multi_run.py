"""`logs` (one page, --follow) and `multi-run-agent`."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from codegen_client.cli._app import app
from codegen_client.testing import FakeCodegenAPI, ManualClock, RunOutcome
from tests.cli.conftest import Invoke, json_of


def test_logs_page_table_and_json(cli: Invoke, fake: FakeCodegenAPI, org_id: int) -> None:
    """`logs ORG RUN` shows a table of entries; --json the API's page with `logs`."""
    run = fake.add_agent_run(org_id, "logged", outcome=RunOutcome(duration=300), created_at=-600.0)
    page = json_of(cli("logs", org_id, run.id, "--json"))
    assert page["id"] == run.id
    assert page["logs"]
    table = cli("logs", org_id, run.id)
    assert table.exit_code == 0
    assert page["logs"][0]["message_type"] in table.stdout
    assert f"shown of {page['total_logs']}" in table.stdout


def test_logs_skip_limit_reverse_reach_the_api(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """--skip, --limit and --reverse are sent as query parameters."""
    run = fake.add_agent_run(org_id, "logged", outcome=RunOutcome(duration=300), created_at=-600.0)
    result = cli("logs", org_id, run.id, "--skip", 1, "--limit", 2, "--reverse", "--json")
    assert len(json_of(result)["logs"]) == 2
    query = fake.requests_for("get_agent_run_logs")[-1].query
    assert (query["skip"], query["limit"], query["reverse"].lower()) == ("1", "2", "true")


def test_logs_follow_prints_each_entry_once_until_the_run_ends(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """--follow --json prints every entry exactly once, as JSON lines, and stops at the end."""
    run = fake.add_agent_run(org_id, "working", outcome=RunOutcome(duration=300))
    result = cli("logs", org_id, run.id, "--follow", "--interval", 20, "--json")
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    final = json_of(cli("logs", org_id, run.id, "--limit", 100, "--json"))
    assert lines == final["logs"]
    assert final["status"] == "COMPLETE"
    # It polled several times while the run worked, each time from where it had got to.
    skips = [int(r.query["skip"]) for r in fake.requests_for("get_agent_run_logs")[:-1]]
    assert len(skips) > 2
    assert skips == sorted(skips)


def test_logs_follow_text_ends_with_the_status(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """--follow without --json prints one line per entry, then the run's final status."""
    run = fake.add_agent_run(org_id, "working", outcome=RunOutcome(duration=100))
    result = cli("logs", org_id, run.id, "-f", "--interval", 10)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-1] == f"agent run {run.id} is COMPLETE"


class _LogsWithoutStatus(FakeCodegenAPI):
    """An offline API whose logs pages leave out `status` (the spec makes it optional).

    After `limit` such pages it sends the status again, so a follower that relies on it
    ends instead of polling forever.
    """

    def __init__(self, limit: int, **options: Any) -> None:
        super().__init__(**options)
        self.limit = limit
        self.stripped = 0

    def handle(self, request: httpx.Request) -> httpx.Response:
        response = super().handle(request)
        if request.url.path.endswith("/logs") and self.stripped < self.limit:
            self.stripped += 1
            body = response.json()
            del body["status"]
            return httpx.Response(response.status_code, json=body, request=request)
        return response


def test_logs_follow_ends_when_the_logs_pages_omit_the_status() -> None:
    """--follow asks the run itself for its status when the logs page has none, and stops."""
    fake = _LogsWithoutStatus(limit=50, clock=ManualClock(), run_duration=120.0)
    run = fake.add_agent_run(prompt="working", outcome=RunOutcome(duration=100))
    argv = ["--offline", "logs", str(fake.org_id), str(run.id), "-f", "--interval", "10"]
    result = CliRunner().invoke(app, argv, obj=fake)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-1] == f"agent run {run.id} is COMPLETE"
    assert fake.stripped < 20, "it kept polling a log whose status it never learnt"
    assert fake.requests_for("get_agent_run")


def test_logs_page_without_a_status_shows_no_none() -> None:
    """A logs page without `status` gets a table title without one (not "(None)")."""
    fake = _LogsWithoutStatus(limit=1, clock=ManualClock())
    run = fake.add_agent_run(prompt="logged", outcome=RunOutcome(duration=300), created_at=-600.0)
    argv = ["--offline", "logs", str(fake.org_id), str(run.id)]
    result = CliRunner().invoke(app, argv, obj=fake)
    assert result.exit_code == 0, result.stderr
    assert f"Log of agent run {run.id}" in result.stdout
    assert "None" not in result.stdout


def test_logs_follow_with_reverse_is_a_usage_error(cli: Invoke, org_id: int) -> None:
    """--follow with --reverse exits 2 (usage) before any request."""
    result = cli("logs", org_id, 1, "--follow", "--reverse")
    assert result.exit_code == 2
    assert "--reverse" in result.stderr


def test_multi_run_agent_prints_runs_and_final_answer(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """`multi-run-agent ORG PROMPT --concurrency 3` starts 3 candidates and 1 synthesis run."""
    result = cli("multi-run-agent", org_id, "Write fizzbuzz", "--concurrency", 3)
    assert result.exit_code == 0, result.stderr
    assert len(fake.agent_runs) == 4
    for run_id in fake.agent_runs:
        assert str(run_id) in result.stdout
    assert result.stdout.count("│ candidate ") == 3
    assert result.stdout.count("│ synthesis ") == 1
    assert "3 of 3 candidates gave an answer" in result.stdout
    assert "Final answer:" in result.stdout


def test_multi_run_agent_json_and_options(cli: Invoke, fake: FakeCodegenAPI, org_id: int) -> None:
    """--json prints final/candidates/agent_runs; every option reaches the runs it shapes."""
    data = json_of(
        cli(
            "multi-run-agent", org_id, "Write fizzbuzz",
            "--concurrency", 2,
            "--models", "model-a", "--models", "model-b",
            "--model", "model-s",
            "--temperature", 0.5,
            "--synthesis-temperature", 0.1,
            "--synthesis-prompt", "Merge: {candidates}",
            "--metadata", '{"team": "core"}',
            "--agent-type", "codegen",
            "--timeout", 900,
            "--json",
        )
    )  # fmt: skip
    assert set(data) >= {"final", "candidates", "agent_runs"}
    assert len(data["candidates"]) == 2
    bodies = [r.json for r in fake.requests_for("create_agent_run")]
    assert [b["model"] for b in bodies] == ["model-a", "model-b", "model-s"]
    assert all(b["metadata"]["team"] == "core" for b in bodies)
    assert bodies[0]["metadata"]["temperature"] == 0.5
    assert bodies[2]["prompt"].startswith("Merge: ")


def test_multi_run_agent_all_candidates_failing_exits_8(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """When no candidate completes, the command exits 8 with one line on stderr."""
    fake.queue_outcome(RunOutcome("FAILED", duration=10), count=None)
    result = cli("multi-run-agent", org_id, "Impossible", "--concurrency", 2)
    assert result.exit_code == 8
    *progress, last = result.stderr.strip().splitlines()
    assert last.startswith("error: ")
    assert all(line.startswith("candidate ") for line in progress)  # the piped progress lines


def test_multi_run_agent_deadline_exits_9(cli: Invoke, fake: FakeCodegenAPI, org_id: int) -> None:
    """Candidates still working at --timeout exit 9 and are named on stderr."""
    fake.queue_outcome(RunOutcome.never_finishes(), count=None)
    result = cli("multi-run-agent", org_id, "Slow", "--concurrency", 2, "--timeout", 60)
    assert result.exit_code == 9
    for run_id in fake.agent_runs:
        assert str(run_id) in result.stderr


@pytest.mark.parametrize("concurrency", ["0", "21"])
def test_multi_run_agent_concurrency_out_of_range_is_usage(
    cli: Invoke, org_id: int, concurrency: str
) -> None:
    """--concurrency outside 1..20 exits 2 (usage)."""
    assert cli("multi-run-agent", org_id, "x", "--concurrency", concurrency).exit_code == 2


def _interrupt_first_sleep(fake: FakeCodegenAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the first wait on the clock raise KeyboardInterrupt, as Ctrl-C would."""

    def interrupted(seconds: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(fake.clock, "sleep", interrupted)


def test_ctrl_c_during_multi_run_exits_130_listing_working_runs(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while candidates work exits 130 and names every candidate run, once."""
    _interrupt_first_sleep(fake, monkeypatch)
    result = cli("multi-run-agent", org_id, "Long", "--concurrency", 3)
    assert result.exit_code == 130
    assert len(fake.agent_runs) == 3
    *progress, line = result.stderr.strip().splitlines()
    assert [p.split(":")[0] for p in progress] == ["candidate 1", "candidate 2", "candidate 3"]
    for run_id in fake.agent_runs:
        assert f"{run_id} (org {org_id})" in line


def test_ctrl_c_during_logs_follow_exits_130(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while following a log exits 130 and names the run still working."""
    run = fake.add_agent_run(org_id, "working", outcome=RunOutcome(duration=300))
    _interrupt_first_sleep(fake, monkeypatch)
    result = cli("logs", org_id, run.id, "--follow")
    assert result.exit_code == 130
    assert f"{run.id} (org {org_id})" in result.stderr


def test_multi_run_in_a_repository_ends_with_each_runs_pull_request(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """With --repo-id, the output ends with the PR each run opened, named by its role."""
    repo = fake.organizations[org_id].repositories[0]
    result = cli("multi-run-agent", org_id, "Add retries", "--concurrency", 2, "--repo-id", repo.id)
    assert result.exit_code == 0, result.stderr
    last = result.stdout.rstrip().splitlines()[-3:]
    names = [line.split(":", 1)[0] for line in last]
    assert names == [
        "Pull request (candidate 1)",
        "Pull request (candidate 2)",
        "Pull request (synthesis)",
    ]
    assert all(f"https://github.com/{repo.full_name}/pull/" in line for line in last)
