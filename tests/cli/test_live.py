"""Progress on stderr: a live display on a terminal, plain lines that follow the statuses when
piped; times waited and run URLs in both."""

from __future__ import annotations

import json
import re
import sys

import pytest
from rich.console import Console

from codegen_client.cli import _live
from codegen_client.testing import FakeCodegenAPI, ManualClock, RunOutcome
from tests.cli.conftest import Invoke


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the CLI believe stderr is a terminal 100 columns wide (stdout stays a pipe)."""
    monkeypatch.setattr(
        _live,
        "stderr_console",
        lambda: Console(file=sys.stderr, force_terminal=True, color_system=None, width=100),
    )


def test_piped_wait_prints_a_line_per_status_with_the_url_then_the_time(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """Piped, --wait writes plain lines: the URL with the first status, the time with the last."""
    result = cli("agent-run", org_id, "Quiet please", "--wait", "--json")
    assert result.exit_code == 0, result.stderr
    (run,) = fake.agent_runs.values()
    lines = result.stderr.splitlines()
    assert lines == [
        f"Agent run {run.id}: ACTIVE {run.web_url}",
        lines[1],
    ]
    # Runs take 120 s of the fake's clock; the last poll sees it done a little later.
    assert re.fullmatch(rf"Agent run {run.id}: COMPLETE after 2m \d\ds", lines[1])
    assert "\x1b" not in result.stderr  # no control characters in a log
    assert json.loads(result.stdout)["status"] == "COMPLETE"


@pytest.mark.usefixtures("terminal")
def test_wait_on_a_terminal_shows_status_time_and_url(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """On a terminal, --wait redraws the status and the time waited, with the run's URL under it;
    the last frame stays, without the spinner."""
    result = cli("agent-run", org_id, "Show me", "--wait", "--json")
    assert result.exit_code == 0
    (run,) = fake.agent_runs.values()
    assert f"Agent run {run.id}: ACTIVE · 0s" in result.stderr
    assert re.search(
        rf"Agent run {run.id}: COMPLETE after 2m \d\ds\n  {run.web_url}", result.stderr
    )
    assert json.loads(result.stdout)["id"] == run.id


def test_wait_agent_run_names_the_url_it_learns_from_the_first_poll(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """wait-agent-run knows only the id at first; the URL comes with the first status."""
    run = fake.add_agent_run(org_id, "Earlier")
    result = cli("wait-agent-run", org_id, run.id, "--json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0] == f"Agent run {run.id}: ACTIVE {run.web_url}"


@pytest.mark.usefixtures("terminal")
def test_multi_run_on_a_terminal_is_a_live_table(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """On a terminal, multi-run-agent draws a table: a row per candidate and the synthesis, with
    status, time and URL, under a title with the time waited."""
    fake.queue_outcome(RunOutcome("ERROR", duration=30), count=1)
    result = cli("multi-run-agent", org_id, "Compare", "--concurrency", 3, "--json")
    assert result.exit_code == 0, result.stderr
    runs = list(fake.agent_runs.values())
    final_frame = result.stderr.rsplit("Multi-run of 3 candidates", 1)[-1]
    assert re.match(r" · \dm \d\ds *\n", final_frame)
    assert re.search(r"Run +┃ ID +┃ Status +┃ Time +┃ Web URL", final_frame)
    first = rf"candidate 1 +│ {runs[0].id} +│ ERROR +│ \d+s +│ {runs[0].web_url}"
    assert re.search(first, final_frame)
    for number, run in enumerate(runs[1:3], start=2):
        row = rf"candidate {number} +│ {run.id} +│ COMPLETE +│ 2m \d\ds"
        assert re.search(row, final_frame)
    assert re.search(rf"synthesis +│ {runs[3].id} +│ COMPLETE", final_frame)
    assert json.loads(result.stdout)["final"]


def test_piped_multi_run_prints_lines_that_follow_the_statuses(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """Piped, multi-run-agent writes one line each time a run starts or changes status."""
    fake.queue_outcome(RunOutcome("ERROR", duration=30), count=1)
    result = cli("multi-run-agent", org_id, "Compare", "--concurrency", 3, "--json")
    assert result.exit_code == 0, result.stderr
    first, second, third, synthesis = fake.agent_runs.values()
    lines = result.stderr.splitlines()
    assert lines[:3] == [
        f"candidate {n}: run {run.id} ACTIVE {run.web_url}"
        for n, run in enumerate((first, second, third), start=1)
    ]
    assert re.fullmatch(rf"candidate 1: run {first.id} ERROR after \d+s", lines[3])
    assert re.fullmatch(rf"candidate 2: run {second.id} COMPLETE after 2m \d\ds", lines[4])
    assert re.fullmatch(rf"candidate 3: run {third.id} COMPLETE after 2m \d\ds", lines[5])
    assert lines[6] == f"synthesis: run {synthesis.id} ACTIVE {synthesis.web_url}"
    assert re.fullmatch(rf"synthesis: run {synthesis.id} COMPLETE after 2m \d\ds", lines[7])
    assert len(lines) == 8


def test_multi_run_display_keeps_its_rows_without_a_terminal() -> None:
    """Without a terminal the display draws no table but keeps its rows in order.

    A row that never got a run reads "not started" once the display closes.
    """
    fake = FakeCodegenAPI(clock=ManualClock())
    with fake.client() as client:
        five = client.agents.create_agent_run(fake.org_id, "five")
        nine = client.agents.create_agent_run(fake.org_id, "nine")
    with _live.MultiRunDisplay(2, fake.clock) as display:
        display.update("candidate 1", five, "ACTIVE")
        display.update("synthesis", nine, "ACTIVE")
    assert display.lines == {
        "candidate 1": f"run {five.id}: ACTIVE",
        "candidate 2": "not started",
        "synthesis": f"run {nine.id}: ACTIVE",
    }


@pytest.mark.usefixtures("terminal")
def test_a_failed_multi_run_leaves_no_row_starting_on_screen(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The table left on screen after a failure says which candidates never started."""
    fake = FakeCodegenAPI(clock=ManualClock())
    with fake.client() as client:
        five = client.agents.create_agent_run(fake.org_id, "five")
    with (
        pytest.raises(RuntimeError),
        _live.MultiRunDisplay(3, fake.clock) as display,
    ):
        display.update("candidate 1", five, "ACTIVE")
        raise RuntimeError("the second create failed")
    last_frame = capsys.readouterr().err.rsplit("Multi-run of 3 candidates", 1)[1]
    assert "candidate 2" in last_frame and "candidate 3" in last_frame
    assert "starting" not in last_frame
    assert last_frame.count("not started") == 2


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0s"), (59.9, "59s"), (60, "1m 00s"), (125, "2m 05s"), (3725, "1h 02m"), (-3, "0s")],
)
def test_elapsed_reads_like_a_stopwatch(seconds: float, text: str) -> None:
    """Times waited read 45s, 2m 05s, 1h 02m."""
    assert _live.elapsed(seconds) == text
