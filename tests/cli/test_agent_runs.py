"""Agent-run commands: agent-run, agent-runs, get/wait/resume, ban/unban, remove-from-pr."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest

from codegen_client._sync.agents import Agents
from codegen_client.testing import FakeCodegenAPI, RunOutcome
from tests.cli.conftest import Invoke, json_of

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24


def test_agent_run_prints_the_new_run(cli: Invoke, fake: FakeCodegenAPI, org_id: int) -> None:
    """`agent-run ORG PROMPT` starts one run and shows its id and ACTIVE status."""
    result = cli("agent-run", org_id, "Add a test")
    assert result.exit_code == 0, result.stderr
    (run,) = fake.agent_runs.values()
    assert run.prompt == "Add a test"
    assert str(run.id) in result.stdout
    assert "ACTIVE" in result.stdout


def test_agent_run_json_is_the_run(cli: Invoke, fake: FakeCodegenAPI, org_id: int) -> None:
    """`agent-run --json` prints the created run's object and nothing else."""
    data = json_of(cli("agent-run", org_id, "Add a test", "--json"))
    assert data["id"] in fake.agent_runs
    assert data["status"] == "ACTIVE"
    assert data["organization_id"] == org_id


def test_agent_run_sends_every_option(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int, tmp_path: Path
) -> None:
    """--repo-id, --model, --agent-type, --metadata and --image reach the create request."""
    repo_id = fake.organizations[org_id].repositories[0].id
    (tmp_path / "shot.png").write_bytes(PNG)
    (tmp_path / "noext").write_bytes(PNG)
    result = cli(
        "agent-run", org_id, "Fix it",
        "--repo-id", repo_id,
        "--model", "claude-sonnet-4-5",
        "--agent-type", "claude_code",
        "--metadata", '{"ticket": 7}',
        "--image", tmp_path / "shot.png",
        "--image", tmp_path / "noext",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    body = fake.requests_for("create_agent_run")[0].json
    assert body["repo_id"] == repo_id
    assert body["model"] == "claude-sonnet-4-5"
    assert body["agent_type"] == "claude_code"
    assert body["metadata"]["ticket"] == 7
    expected = "data:image/png;base64," + base64.b64encode(PNG).decode()
    assert body["images"] == [expected, expected]


def test_repo_id_alone_is_sent_with_agent_type_codegen(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """`agent-run ORG PROMPT --repo-id N` sends agent_type "codegen" (the type that honours it)."""
    repo_id = fake.organizations[org_id].repositories[0].id
    assert cli("agent-run", org_id, "Fix it", "--repo-id", repo_id).exit_code == 0
    body = fake.requests_for("create_agent_run")[0].json
    assert (body["repo_id"], body["agent_type"]) == (repo_id, "codegen")


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [
        ("--metadata", "{not json", "not valid JSON"),
        ("--metadata", "[1, 2]", "JSON object"),
        ("--image", "missing.png", "cannot read"),
        ("--agent-type", "robot", "agent_type"),
    ],
)
def test_agent_run_bad_input_exits_6_and_sends_nothing(
    cli: Invoke,
    fake: FakeCodegenAPI,
    org_id: int,
    option: str,
    value: str,
    words: str,
) -> None:
    """Bad JSON, a missing image or an invalid value exit 6 with one line, before any request."""
    result = cli("agent-run", org_id, "Fix it", option, value)
    assert result.exit_code == 6
    assert words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert fake.requests_for("create_agent_run") == []


def test_agent_run_image_that_is_not_an_image_exits_6(
    cli: Invoke, org_id: int, tmp_path: Path
) -> None:
    """An --image file that is neither named nor shaped like an image is refused."""
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    result = cli("agent-run", org_id, "Fix it", "--image", path)
    assert result.exit_code == 6
    assert "not a PNG, JPEG, GIF or WebP image" in result.stderr


def test_agent_run_wait_shows_the_result(cli: Invoke, fake: FakeCodegenAPI, org_id: int) -> None:
    """`agent-run --wait` waits for COMPLETE and prints the run's result under 'Result:'."""
    result = cli("agent-run", org_id, "Write a haiku", "--wait")
    assert result.exit_code == 0, result.stderr
    (run,) = fake.agent_runs.values()
    assert "COMPLETE" in result.stdout
    assert "Result:" in result.stdout
    assert run.result is not None
    assert run.result.splitlines()[0] in result.stdout


def test_agent_run_wait_json_is_the_final_run(cli: Invoke, org_id: int) -> None:
    """`agent-run --wait --json` prints only the finished run (status COMPLETE, result)."""
    data = json_of(cli("agent-run", org_id, "Write a haiku", "--wait", "--json"))
    assert data["status"] == "COMPLETE"
    assert data["result"]


def test_wait_ends_with_the_pull_request_url(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """`agent-run --repo-id N --wait` ends with the PR URL; `--json` has it in the run."""
    repo = fake.organizations[org_id].repositories[0]
    result = cli("agent-run", org_id, "Add a CHANGELOG", "--repo-id", repo.id, "--wait")
    assert result.exit_code == 0, result.stderr
    last = result.stdout.rstrip().splitlines()[-1]
    assert re.fullmatch(rf"Pull request: https://github\.com/{repo.full_name}/pull/\d+", last)
    (run,) = fake.agent_runs.values()
    waited = json_of(cli("wait-agent-run", org_id, run.id, "--json"))
    assert [pr["url"] for pr in waited["github_pull_requests"]] == [last.split(" ")[-1]]


def test_a_finished_run_without_a_pull_request_says_so(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """`wait-agent-run` on a run that opened no PR ends with `Pull request: none`."""
    run = fake.add_agent_run(org_id, "Explain the build")
    result = cli("wait-agent-run", org_id, run.id)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.rstrip().splitlines()[-1] == "Pull request: none"


def test_agent_run_wait_on_a_failed_run_exits_8(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """A run that ends ERROR exits 8 after printing the run, with one error line."""
    fake.queue_outcome(RunOutcome("ERROR", duration=30))
    result = cli("agent-run", org_id, "Break", "--wait", "--json")
    assert result.exit_code == 8
    assert json.loads(result.stdout)["status"] == "ERROR"
    *progress, last = result.stderr.splitlines()
    assert last.startswith("error: agent run") and "ERROR" in last
    assert all(line.startswith("Agent run ") for line in progress)  # the piped progress lines


def test_agent_run_wait_on_a_paused_run_exits_8(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """A run that pauses for input exits 8 and says it is paused."""
    fake.queue_outcome(RunOutcome("PAUSED", duration=30))
    result = cli("agent-run", org_id, "Ask me", "--wait")
    assert result.exit_code == 8
    assert "PAUSED" in result.stderr.upper()


def test_agent_run_wait_deadline_exits_9_naming_the_run(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """A run still working at --timeout exits 9 and names the run, which keeps working."""
    fake.queue_outcome(RunOutcome.never_finishes())
    result = cli("agent-run", org_id, "Forever", "--wait", "--timeout", 60)
    assert result.exit_code == 9
    (run,) = fake.agent_runs.values()
    assert str(run.id) in result.stderr
    assert "wait-agent-run" in result.stderr


def test_ctrl_c_while_waiting_exits_130_listing_the_run(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C during --wait exits 130 and prints the id of the run still working."""

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Agents, "wait_for_agent_run", interrupted)
    result = cli("agent-run", org_id, "Long job", "--wait")
    assert result.exit_code == 130
    (run,) = fake.agent_runs.values()
    assert f"{run.id} (org {org_id})" in result.stderr
    assert "interrupted" in result.stderr


def test_agent_runs_lists_newest_first_with_filters(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """`agent-runs ORG` lists runs newest first; --source-type and --user-id are sent."""
    old = fake.add_agent_run(org_id, "old", source_type="SLACK")
    new = fake.add_agent_run(org_id, "new", source_type="API")
    page = json_of(cli("agent-runs", org_id, "--json"))
    assert [r["id"] for r in page["items"]] == [new.id, old.id]
    slack = json_of(cli("agent-runs", org_id, "--source-type", "SLACK", "--json"))
    assert [r["id"] for r in slack["items"]] == [old.id]
    mine = cli("agent-runs", org_id, "--user-id", fake.current_user.id)
    assert mine.exit_code == 0
    assert str(new.id) in mine.stdout
    assert fake.requests_for("list_agent_runs")[-1].query["user_id"] == str(fake.current_user.id)


def test_get_agent_run_shows_status_and_result(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """`get-agent-run ORG RUN` shows a finished run with its result."""
    run = fake.add_agent_run(org_id, "done already", status="COMPLETE")
    result = cli("get-agent-run", org_id, run.id)
    assert result.exit_code == 0
    assert "COMPLETE" in result.stdout
    assert "Result:" in result.stdout
    assert json_of(cli("get-agent-run", org_id, run.id, "--json"))["id"] == run.id


def test_get_agent_run_unknown_exits_4(cli: Invoke, org_id: int) -> None:
    """An unknown run id exits 4 (not found) with one line on stderr and nothing on stdout."""
    result = cli("get-agent-run", org_id, 1, "--json")
    assert result.exit_code == 4
    assert result.stdout == ""
    assert result.stderr.startswith("error: HTTP 404")


def test_wait_agent_run_waits_for_an_existing_run(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """`wait-agent-run ORG RUN` polls until the run completes and prints it."""
    run = fake.add_agent_run(org_id, "working")
    data = json_of(cli("wait-agent-run", org_id, run.id, "--json"))
    assert data["status"] == "COMPLETE"


def test_resume_agent_run_sets_a_paused_run_working(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """`resume-agent-run ORG RUN PROMPT` resumes a paused run; with --wait it completes."""
    run = fake.add_agent_run(org_id, "needs input", status="PAUSED")
    data = json_of(cli("resume-agent-run", org_id, run.id, "Use Postgres", "--json"))
    assert data["status"] == "ACTIVE"
    assert fake.requests_for("resume_agent_run")[0].json["prompt"] == "Use Postgres"
    waited = json_of(cli("wait-agent-run", org_id, run.id, "--json"))
    assert waited["status"] == "COMPLETE"


def test_resume_with_wait_prints_the_final_run(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """`resume-agent-run --wait` waits for the resumed run to finish."""
    run = fake.add_agent_run(org_id, "needs input", status="PAUSED")
    result = cli("resume-agent-run", org_id, run.id, "Go on", "--wait")
    assert result.exit_code == 0, result.stderr
    assert "COMPLETE" in result.stdout


@pytest.mark.parametrize(
    ("command", "operation"),
    [
        ("ban-checks", "ban_all_checks_for_agent_run"),
        ("unban-checks", "unban_all_checks_for_agent_run"),
        ("remove-from-pr", "remove_codegen_from_pr"),
    ],
)
def test_pull_request_actions_send_the_run_id(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int, command: str, operation: str
) -> None:
    """ban-checks, unban-checks and remove-from-pr act on the run and confirm it."""
    run = fake.add_agent_run(org_id, "opened a PR", status="COMPLETE")
    result = cli(command, org_id, run.id)
    assert result.exit_code == 0, result.stderr
    assert str(run.id) in result.stdout
    assert fake.requests_for(operation)[0].json["agent_run_id"] == run.id
    json.loads(cli(command, org_id, run.id, "--json").stdout)


def test_offline_without_injection_runs_a_whole_agent_run(org_id: int) -> None:
    """Plain `--offline` (own fake, fast clock) starts a run and waits for its result."""
    from typer.testing import CliRunner

    from codegen_client.cli._app import app

    runner = CliRunner()
    orgs = json.loads(runner.invoke(app, ["--offline", "organizations", "--json"]).stdout)
    first = orgs["items"][0]["id"]
    result = runner.invoke(app, ["--offline", "agent-run", str(first), "Hello", "--wait"])
    assert result.exit_code == 0, result.stderr
    assert "COMPLETE" in result.stdout
