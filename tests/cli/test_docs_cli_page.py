"""The documentation's command-line page stays in step with the app."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from codegen_client.cli._app import app
from codegen_client.cli._errors import ExitCode

PAGE = Path(__file__).resolve().parents[2] / "docs" / "guides" / "cli.md"


def _section() -> str:
    return PAGE.read_text()


def test_every_command_has_a_row_with_an_example() -> None:
    """Each top-level command (and each subcommand of a group) has a row in the page's table."""
    section = _section()
    command = typer.main.get_command(app)
    assert isinstance(command, typer.core.TyperGroup)
    for name, sub in command.commands.items():
        assert f"| `{name}" in section, name
        assert f"`codegen-client {name}" in section, name
        if isinstance(sub, typer.core.TyperGroup):
            row = next(line for line in section.splitlines() if line.startswith(f"| `{name} "))
            for child in sub.commands:
                assert child in row, (name, child)


def test_exit_code_table_matches_the_code() -> None:
    """The page's exit-code table lists exactly the codes the CLI uses."""
    rows = re.findall(r"^\| (\d+) \| ", _section(), flags=re.MULTILINE)
    assert [int(code) for code in rows] == [int(code) for code in ExitCode]
