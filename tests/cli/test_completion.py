"""Shell completion: typer's --show-completion and --install-completion, and completing for real.

Each test runs the installed command as a shell would, through click's completion protocol
(the ``_CODEGEN_CLIENT_COMPLETE`` variable the printed script sets).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.cli.terminal import COMMAND

pytestmark = pytest.mark.skipif(not COMMAND.exists(), reason="the console script is not installed")


def _run(*argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CODEGEN_", "_CODEGEN"))}
    return subprocess.run(
        [str(COMMAND), *argv],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _complete_bash(line: str) -> list[str]:
    words = line.split(" ")
    done = _run(
        COMP_WORDS=line, COMP_CWORD=str(len(words) - 1), _CODEGEN_CLIENT_COMPLETE="complete_bash"
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_prints_the_script_for_a_shell(shell: str) -> None:
    """`--show-completion SHELL` prints the script that wires completion to this command."""
    done = _run("--show-completion", shell)
    assert done.returncode == 0, done.stderr
    assert "_CODEGEN_CLIENT_COMPLETE" in done.stdout
    assert "codegen-client" in done.stdout


def test_commands_and_options_complete() -> None:
    """Command names, a command's options and a group's subcommands complete."""
    assert _complete_bash("codegen-client agent-r") == ["agent-run", "agent-runs"]
    assert _complete_bash("codegen-client agent-run 123 Fix --repo-") == ["--repo-id"]
    assert _complete_bash("codegen-client webhooks ") == ["get", "set", "delete", "test"]
    assert "--offline" in _complete_bash("codegen-client --off")


def test_install_completion_writes_the_shell_setup(tmp_path: Path) -> None:
    """`--install-completion bash` adds the script to the user's bash setup (here, a temp HOME)."""
    done = _run("--install-completion", "bash", HOME=str(tmp_path), SHELL="/bin/bash")
    assert done.returncode == 0, done.stderr
    assert "codegen-client" in (tmp_path / ".bashrc").read_text()
    assert any("_CODEGEN_CLIENT_COMPLETE" in p.read_text() for p in tmp_path.rglob("*.sh"))
