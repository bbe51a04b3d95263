"""Help written for people: metavars, repeatable options, placeholders, misplaced options."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from codegen_client.cli._app import app

COMMAND = Path(sys.executable).parent / "codegen-client"
# Owned by the offline-server work; its options get their metavars there.
NOT_YET: set[str] = set()
PYTHON_TYPES = re.compile(
    r"<[a-z][^>]*>|\b(?:int|str|float|bool|dict|NoneType|Optional|Path)\b|list\["
)


def _commands() -> Iterator[tuple[list[str], Any]]:
    """Every command and subcommand, as (path of names, click command)."""
    root = typer.main.get_command(app)
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        if name in NOT_YET:
            continue
        children = getattr(command, "commands", None)
        if children:
            for child_name, child in children.items():
                yield [name, child_name], child
        else:
            yield [name], command


def _help(path: list[str]) -> str:
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    return result.output


ALL = list(_commands())
IDS = [" ".join(path) for path, _ in ALL]


@pytest.mark.parametrize(("path", "command"), ALL, ids=IDS)
def test_help_names_no_python_types(path: list[str], command: Any) -> None:
    """No help line shows a Python type (`<int range>`, `str`, `list[Path]`, `Optional`)."""
    text = _help(path)
    description = {line.strip() for line in (command.help or "").splitlines()}
    lines = [line for line in text.splitlines() if line.strip() not in description]
    offending = [line for line in lines if PYTHON_TYPES.search(line)]
    assert not offending, offending


@pytest.mark.parametrize(("path", "command"), ALL, ids=IDS)
def test_repeatable_options_say_so(path: list[str], command: Any) -> None:
    """Every option that may be given more than once says `repeatable` in its help."""
    for param in command.params:
        if getattr(param, "multiple", False):
            assert "repeatable" in (param.help or ""), (path, param.name)


def test_agent_run_metavars_say_what_to_give() -> None:
    """`agent-run --help` shows --image PATH, --repo-id ID, --model TEXT and --metadata JSON."""
    text = _help(["agent-run"])
    for expected in ("--image PATH", "--repo-id ID", "--model TEXT", "--metadata JSON"):
        assert expected in text, expected
    assert "repeatable" in text


def test_synthesis_prompt_help_lists_every_placeholder() -> None:
    """`--synthesis-prompt` names {candidates}, {task} and {count}."""
    text = " ".join(_help(["multi-run-agent"]).split())
    start = text.index("--synthesis-prompt")
    assert all(p in text[start : start + 300] for p in ("{candidates}", "{task}", "{count}"))


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CODEGEN_")}
    return subprocess.run(
        [str(COMMAND), *argv], capture_output=True, text=True, timeout=60, env=env, check=False
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["me", "--offline"],
        ["organizations", "--api-key", "k"],
        ["webhooks", "get", "123", "--offline"],
        ["--json", "organizations"],
        ["--offline", "--json", "me"],
    ],
    ids=["global-after", "key-after", "group-global-after", "json-before", "json-before-2"],
)
def test_misplaced_option_gets_a_placement_hint(argv: list[str]) -> None:
    """A global option after the command, or --json before it, exits 2 saying where it goes."""
    result = _run(*argv)
    assert result.returncode == 2
    assert "global options such as --offline" in result.stderr
    assert "go before the command" in result.stderr
    assert result.stdout == ""


def test_unknown_option_gets_no_placement_hint() -> None:
    """An option no command has is just unknown: no hint about placement."""
    result = _run("--offline", "organizations", "--bogus")
    assert result.returncode == 2
    assert "No such option" in result.stderr and "--bogus" in result.stderr
    assert "global options" not in result.stderr


def _help_on_a_terminal(*path: str) -> str:
    """`codegen-client PATH --help` with stdout on a pseudo-terminal (rich's help panels)."""
    master, slave = os.openpty()
    env = {**os.environ, "COLUMNS": "120", "TERM": "xterm"}
    process = subprocess.Popen([str(COMMAND), *path, "--help"], stdout=slave, stderr=slave, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    assert process.wait(timeout=60) == 0
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", b"".join(chunks).decode())


@pytest.mark.parametrize(
    "path", [[], ["agent-run"], ["multi-run-agent"], ["webhooks", "set"], ["logs"]], ids=str
)
def test_terminal_help_names_no_python_types(path: list[str]) -> None:
    """At a terminal too (rich panels), flags and arguments show no `<bool>` or `<int range>`."""
    text = _help_on_a_terminal(*path)
    assert "Usage" in text
    offending = [line for line in text.splitlines() if PYTHON_TYPES.search(line)]
    assert not offending, offending
