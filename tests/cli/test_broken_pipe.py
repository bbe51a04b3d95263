"""A reader that stops early (`| head`) ends the installed command with 141, quietly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

COMMAND = Path(sys.executable).parent / "codegen-client"


def _run_into_closed_pipe(*argv: str) -> subprocess.CompletedProcess[str]:
    """Run the installed command with stdout on a pipe whose read end is already closed."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `| head -0`: the reader is gone before anything is written
    env = {k: v for k, v in os.environ.items() if not k.startswith("CODEGEN_")}
    try:
        return subprocess.run(
            [str(COMMAND), *argv],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            env=env,
            check=False,
        )
    finally:
        os.close(write_end)


@pytest.mark.parametrize(
    "argv",
    [
        ["--offline", "organizations"],
        ["--offline", "organizations", "--json"],
        ["--offline", "agent-runs", "123", "--all"],
        ["--offline", "me"],
        ["--offline", "agent-run", "123", "Fix the flaky test", "--wait", "--json"],
        ["--help"],
    ],
    ids=["table", "json", "all-pages", "record", "wait-json", "help"],
)
def test_closed_stdout_exits_141_without_a_word(argv: list[str]) -> None:
    """Tables, JSON and help written to a closed pipe exit 141 with nothing on stderr."""
    assert COMMAND.exists(), f"the console script is not installed next to {sys.executable}"
    result = _run_into_closed_pipe(*argv)
    assert result.returncode == 141, result.stderr
    # --offline's one-line notice (its state lasts one command) and a wait's progress lines
    # are all that may reach stderr.
    said = [
        line
        for line in result.stderr.splitlines()
        if not line.startswith(("offline: ", "Agent run "))
    ]
    assert said == []
