"""Shell completion: typer's --show-completion and --install-completion, and completing for real.

Each test runs the installed command as a shell would, through click's completion protocol
(the ``_CODEGEN_CLIENT_COMPLETE`` variable the printed script sets).
"""

from __future__ import annotations

import os
import shutil
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


def _under(shell: str, argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the command as a child of ``shell``, as a user typing it there would.

    typer finds the shell to complete for from the parent process (shellingham), so the test
    must give the command a real parent shell rather than whatever runs the test suite (make
    runs a recipe with a loop under ``sh``, for which typer has no completion).
    """
    found = shutil.which(shell)
    if found is None:
        if os.environ.get("CI") == "true":  # .ci/run installs the three shells
            pytest.fail(f"{shell} is not installed, and CI must run the completion tests")
        pytest.skip(f"{shell} is not installed")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CODEGEN_", "_CODEGEN"))}
    return subprocess.run(
        [found, "-c", f"{COMMAND} {argv}; exit"],  # a second command: the shell forks, not execs
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


# What only each shell's script holds: bash's `complete` builtin, zsh's compdef, fish's own.
_SCRIPT_MARK = {"bash": "complete -o", "zsh": "compdef", "fish": "complete --command"}


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_prints_the_script_for_the_shell_it_runs_in(shell: str) -> None:
    """`--show-completion` prints the script for the user's shell, wired to this command."""
    done = _under(shell, "--show-completion")
    assert done.returncode == 0, done.stderr
    assert "_CODEGEN_CLIENT_COMPLETE" in done.stdout
    assert "codegen-client" in done.stdout
    assert _SCRIPT_MARK[shell] in done.stdout


def test_commands_and_options_complete() -> None:
    """Command names, a command's options and a group's subcommands complete."""
    assert _complete_bash("codegen-client agent-r") == ["agent-run", "agent-runs"]
    assert _complete_bash("codegen-client agent-run 123 Fix --repo-") == ["--repo-id"]
    assert _complete_bash("codegen-client webhooks ") == ["get", "set", "delete", "test"]
    assert "--offline" in _complete_bash("codegen-client --off")


def test_install_completion_writes_the_shell_setup(tmp_path: Path) -> None:
    """`--install-completion`, typed in bash, adds the script to the user's bash setup (here, a
    temporary HOME)."""
    done = _under("bash", "--install-completion", HOME=str(tmp_path))
    assert done.returncode == 0, done.stderr + done.stdout
    assert "bash completion installed" in done.stdout
    assert "codegen-client" in (tmp_path / ".bashrc").read_text()
    assert any("_CODEGEN_CLIENT_COMPLETE" in p.read_text() for p in tmp_path.rglob("*.sh"))
