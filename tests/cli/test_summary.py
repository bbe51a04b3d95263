"""`summary ORG RUN`: what an agent run did, as tables or --json."""

from __future__ import annotations

from codegen_client.testing import FakeCodegenAPI, ManualClock
from tests.cli.conftest import Invoke, json_of


def _finished_run(cli: Invoke, fake: FakeCodegenAPI, org_id: int) -> tuple[int, str]:
    repo = fake.organizations[org_id].repositories[0]
    run = json_of(cli("agent-run", org_id, "Fix it", "--repo-id", repo.id, "--json"))
    assert isinstance(fake.clock, ManualClock)
    fake.clock.advance(fake.run_duration + 1)
    return run["id"], repo.full_name


def test_summary_json_has_files_commands_tests_and_the_pr(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """--json prints the summary's fields: files, commands with exit codes, tests, PR URLs."""
    run_id, full_name = _finished_run(cli, fake, org_id)
    data = json_of(cli("summary", org_id, run_id, "--json"))
    assert (data["agent_run_id"], data["status"], data["complete"]) == (run_id, "COMPLETE", True)
    assert data["files_changed"] and data["commands"] and data["tests"]
    assert all(isinstance(c["exit_code"], int) for c in data["commands"])
    assert data["pull_requests"][0].startswith(f"https://github.com/{full_name}/pull/")


def test_summary_tables_for_people(cli: Invoke, fake: FakeCodegenAPI, org_id: int) -> None:
    """Without --json: the run, then a table of files, commands and test runs."""
    run_id, full_name = _finished_run(cli, fake, org_id)
    result = cli("summary", org_id, run_id)
    assert result.exit_code == 0, result.stderr
    for heading in ("Files changed", "Commands", "Test runs", f"github.com/{full_name}/pull/"):
        assert heading in result.stdout
    assert "log entries read" in result.stdout


def test_summary_of_an_unknown_run_exits_4(cli: Invoke, org_id: int) -> None:
    """A run that does not exist is a not-found error (exit 4)."""
    result = cli("summary", org_id, 999_999_999)
    assert result.exit_code == 4
