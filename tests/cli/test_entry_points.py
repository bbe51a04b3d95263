"""The ways to start the command line, and what starting it costs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *argv], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.parametrize("entry", [["cli.py"], ["-m", "codegen_client"]])
def test_cli_py_and_python_m_run_the_same_app(entry: list[str]) -> None:
    """`python cli.py` and `python -m codegen_client` run the command line."""
    result = _run(*entry, "--offline", "organizations", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["items"]


def test_console_script_is_declared() -> None:
    """pyproject declares the `codegen-client` console script on cli.main."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["codegen-client"] == "codegen_client.cli:main"


def test_importing_the_package_does_not_import_httpx() -> None:
    """``import codegen_client`` stays cheap: httpx is imported with the first client."""
    result = _run("-c", "import sys, codegen_client; print('httpx' in sys.modules)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_starting_the_cli_imports_neither_rich_nor_the_generated_client() -> None:
    """Building the app (what --help needs) leaves rich and the generated code unimported."""
    probe = (
        "import sys, codegen_client.cli._app; "
        "print(sorted(m for m in ('rich', 'codegen_client_generated') if m in sys.modules))"
    )
    result = _run("-c", probe)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_help_exits_0_and_lists_every_command() -> None:
    """`--help` exits 0 and names every top-level command."""
    result = _run("-m", "codegen_client", "--help")
    assert result.returncode == 0
    for command in (
        "organizations", "users", "user", "me", "repositories", "integrations", "models",
        "cli-rules", "mcp-providers", "agent-run", "agent-runs", "get-agent-run",
        "wait-agent-run", "resume-agent-run", "ban-checks", "unban-checks", "remove-from-pr",
        "logs", "multi-run-agent", "setup-commands", "analyze-logs", "edit-pr", "slack-token",
        "webhooks", "check-suite-settings", "oauth", "fake-server",
    ):  # fmt: skip
        assert f"  {command} " in result.stdout


def test_importing_the_main_module_does_not_run_the_cli() -> None:
    """`import codegen_client.__main__` (pydoc, doctest collection) starts nothing."""
    result = _run("-c", "import codegen_client.__main__; print('imported')")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "imported\n"
