"""Tables people can read at any width: short timestamps, words and URLs never split.

Run in a real pseudo-terminal (``COLUMNS`` and the terminal size agree), as a person would.
"""

from __future__ import annotations

import re

import pytest

from tests.cli.terminal import COMMAND, run_in_terminal

pytestmark = pytest.mark.skipif(not COMMAND.exists(), reason="the console script is not installed")

RUN_URLS = ["https://codegen.com/agent/trace/98765", "https://codegen.com/agent/trace/98764"]
PR_URL = "https://github.com/lumen-logistics/example-app/pull/42"
LONG_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT|\.\d{6}|\+00:00")


def _whole_on_a_line(url: str, output: str) -> bool:
    return any(url in line for line in output.splitlines())


@pytest.mark.parametrize("columns", [40, 60])
def test_narrow_run_list_keeps_urls_and_timestamps_whole(columns: int) -> None:
    """`agent-runs` in a narrow terminal prints each run as field lines: URLs whole, times short."""
    code, output = run_in_terminal(["--offline", "agent-runs", "123"], columns)
    assert code == 0, output
    for url in RUN_URLS:
        assert _whole_on_a_line(url, output), output
    assert re.search(r"^Created +2025-\d\d-\d\d \d\d:\d\d$", output, re.M), output
    assert not LONG_TIMESTAMP.search(output)
    # Only a word longer than the terminal may pass its edge (none here but at 40 columns).
    too_long = [line for line in output.splitlines() if len(line) > columns]
    assert all(" " not in line.strip() for line in too_long), too_long


def test_wide_run_list_is_a_table_with_short_timestamps() -> None:
    """At 120 columns the runs form a table, a row each, timestamps to the minute."""
    code, output = run_in_terminal(["--offline", "agent-runs", "123"], 120)
    assert code == 0, output
    rows = [line for line in output.splitlines() if line.startswith("│ 9876")]
    assert len(rows) == 2
    for row, url in zip(rows, RUN_URLS, strict=True):
        assert re.search(rf"│ COMPLETE │ 2025-\d\d-\d\d \d\d:\d\d +│ API +│ {url} +│$", row)


@pytest.mark.parametrize("columns", [60, 120])
def test_a_run_ends_with_its_pull_request_url_whole(columns: int) -> None:
    """`get-agent-run` ends with the run's PR URL on one line, at any width that holds it."""
    code, output = run_in_terminal(["--offline", "get-agent-run", "123", "98765"], columns)
    assert code == 0, output
    last = output.rstrip().splitlines()[-1]
    assert last.strip() == PR_URL or last == f"Pull request: {PR_URL}"
    assert re.search(r"2025-\d\d-\d\d \d\d:\d\d:\d\d UTC", output)
    assert not LONG_TIMESTAMP.search(output)


def test_stderr_messages_wrap_at_spaces_on_a_terminal() -> None:
    """The --offline notice and an error line wrap between words on a 50-column terminal."""
    code, output = run_in_terminal(["--offline", "get-agent-run", "123", "1"], 50)
    assert code == 4
    lines = output.splitlines()
    assert all(len(line) <= 50 or " " not in line for line in lines), lines  # a long URL alone
    assert "`codegen-client fake-server`" in output  # the command named stays whole
    assert "https://offline-api.invalid/v1/organizations/123/agent/run/1:" in lines
    assert " ".join(output.split()).startswith("offline: answering from an in-process")
