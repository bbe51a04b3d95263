"""The README's "Command line" section stays in step with the app."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from codegen_client.cli._app import app
from codegen_client.cli._errors import ExitCode

README = Path(__file__).resolve().parents[2] / "README.md"


def _section() -> str:
    text = README.read_text()
    start = text.index("## Command line\n")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def test_every_command_has_a_readme_row_with_an_example() -> None:
    """Each top-level command (and each subcommand of a group) appears in the README table."""
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


def test_readme_exit_code_table_matches_the_code() -> None:
    """The README's exit-code table lists exactly the codes the CLI uses."""
    rows = re.findall(r"^\| (\d+) \| ", _section(), flags=re.MULTILINE)
    assert [int(code) for code in rows] == [int(code) for code in ExitCode]
