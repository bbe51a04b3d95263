"""The live display on stderr: a spinner for one run, a line per candidate, quiet when piped."""

from __future__ import annotations

import json
import re
import sys

import pytest
from rich.console import Console

from codegen_client.cli import _live
from codegen_client.testing import FakeCodegenAPI, RunOutcome
from tests.cli.conftest import Invoke


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the CLI believe stderr is a terminal (stdout stays a pipe)."""
    monkeypatch.setattr(
        _live,
        "stderr_console",
        lambda: Console(file=sys.stderr, force_terminal=True, color_system=None, width=100),
    )


def test_wait_is_quiet_when_stderr_is_not_a_terminal(cli: Invoke, org_id: int) -> None:
    """Piped, `agent-run --wait` writes nothing to stderr and only the result to stdout."""
    result = cli("agent-run", org_id, "Quiet please", "--wait", "--json")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert json.loads(result.stdout)["status"] == "COMPLETE"


@pytest.mark.usefixtures("terminal")
def test_wait_shows_a_spinner_with_the_status(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """On a terminal, --wait draws the run's id and latest status on stderr, not stdout."""
    result = cli("agent-run", org_id, "Show me", "--wait", "--json")
    assert result.exit_code == 0
    (run,) = fake.agent_runs.values()
    assert f"Agent run {run.id}: COMPLETE" in result.stderr
    assert json.loads(result.stdout)["id"] == run.id


@pytest.mark.usefixtures("terminal")
def test_multi_run_shows_a_line_per_candidate(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """On a terminal, multi-run-agent keeps one status line per candidate and the synthesis."""
    fake.queue_outcome(RunOutcome("ERROR", duration=30), count=1)
    result = cli("multi-run-agent", org_id, "Compare", "--concurrency", 3, "--json")
    assert result.exit_code == 0, result.stderr
    runs = list(fake.agent_runs.values())
    final_frame = result.stderr.rsplit("candidate 1", 1)[-1]
    assert f"run {runs[0].id}: ERROR" in final_frame
    for number, run in enumerate(runs[1:3], start=2):
        assert f"candidate {number}" in final_frame
        assert f"run {run.id}: COMPLETE" in final_frame
    assert re.search(rf"synthesis +run {runs[3].id}: COMPLETE", final_frame)
    assert json.loads(result.stdout)["final"]


def test_multi_run_display_tracks_lines_without_a_terminal() -> None:
    """Without a terminal the display draws nothing but still keeps its lines."""
    with _live.MultiRunDisplay(2) as display:
        display.set_line("candidate 1", "run 5: ACTIVE")
        display.set_line("synthesis", "run 9: ACTIVE")
    assert display.lines == {
        "candidate 1": "run 5: ACTIVE",
        "candidate 2": "starting",
        "synthesis": "run 9: ACTIVE",
    }
