"""The usage that specified this package runs as written, in real processes, offline.

The seed README showed a Python snippet and five ``python cli.py`` commands. Here the snippet
runs as a script and the commands as processes, against ``codegen-client fake-server`` (the
served offline API, configured as its banner says), and the commands with ``--offline`` too.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import LOOPBACK
from .test_readme_commands import Served, start_fake_server, stop

pytestmark = LOOPBACK

ROOT = Path(__file__).resolve().parents[2]
RUN_TIMEOUT = 120.0
SEED_KEY = "your-api-key"

# The seed's statements as it wrote them; only `org_id = ...`, which its excerpt left out, is
# the README's own line. The prints after it are this test's.
SEED_SNIPPET = """\
from codegen_client import CodegenClient, CodegenResourceNotFoundError

client = CodegenClient(api_key="your-api-key")

organizations = client.organizations.get_organizations()
org_id = organizations.items[0].id
users = client.users.get_users(org_id=org_id)
user = client.users.get_user(org_id=123, user_id=456)
agent_run = client.agents.create_agent_run(org_id=org_id, prompt="...", repo_id=123)
agent_run = client.agents.get_agent_run(org_id=org_id, agent_run_id=agent_run.id)
"""
SEED_PRINTS = """
print("org", org_id, "users", users.total)
print("user", user.id, user.github_username)
print("run", agent_run.id, agent_run.status)
"""

SEED_COMMANDS = [
    "python cli.py organizations",
    "python cli.py repositories 123",
    "python cli.py users 123",
    'python cli.py agent-run 123 "Create a Python function to calculate the Fibonacci sequence"',
    'python cli.py multi-run-agent 123 "Create a Python function ..." --concurrency 3',
]
# What each command's table must show (from the seeded organization 123).
SHOWS = ["Lumen Logistics", "lumen-logistics/fibonacci", "samriv56", "ACTIVE", "3 of 3"]


@pytest.fixture(scope="module")
def seed_server() -> Iterator[Served]:
    """`fake-server` accepting the seed's key, on a clock 1000 times faster."""
    argv = ["fake-server", "--port", "0", "--speed", "1000", "--run-duration", "60", "--api-key"]
    process, served = start_fake_server([*argv, SEED_KEY])
    try:
        yield served
    finally:
        assert stop(process) == 0, "".join(served.stderr)


def _env(**settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CODEGEN_")}
    env.update(settings)
    return env


def _run_all(commands: list[list[str]], env: dict[str, str]) -> list[tuple[int, str, str]]:
    """Run the commands side by side (each is a process of its own); exit codes and output."""
    processes = [
        subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for argv in commands
    ]
    outcomes = []
    for process in processes:
        out, err = process.communicate(timeout=RUN_TIMEOUT)
        outcomes.append((process.returncode, out, err))
    return outcomes


def _argv(command: str) -> list[str]:
    import shlex

    words = shlex.split(command)
    assert words[0] == "python"
    return [sys.executable, *words[1:]]


def test_the_seed_snippet_runs_as_written(seed_server: Served, tmp_path: Path) -> None:
    """The snippet finds organization 123, user 456 in it, and starts a run in repository 123."""
    script = tmp_path / "seed_example.py"
    script.write_text(SEED_SNIPPET + SEED_PRINTS)
    env = _env(CODEGEN_BASE_URL=seed_server.settings["CODEGEN_BASE_URL"])
    ((code, out, err),) = _run_all([[sys.executable, str(script)]], env)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "org 123 users 13"
    assert lines[1] == "user 456 samriv56"
    assert lines[2].startswith("run ") and lines[2].endswith((" ACTIVE", " COMPLETE"))


def test_the_seed_commands_run_as_written_against_fake_server(seed_server: Served) -> None:
    """The five commands exit 0 with CODEGEN_BASE_URL and CODEGEN_API_KEY from the banner."""
    env = _env(
        CODEGEN_BASE_URL=seed_server.settings["CODEGEN_BASE_URL"],
        CODEGEN_API_KEY=seed_server.settings["CODEGEN_API_KEY"],
    )
    outcomes = _run_all([_argv(command) for command in SEED_COMMANDS], env)
    for command, shows, (code, out, err) in zip(SEED_COMMANDS, SHOWS, outcomes, strict=True):
        assert code == 0, f"{command}: {err}"
        assert shows in out, f"{command}: {out}"


def test_the_seed_commands_run_as_written_offline() -> None:
    """The same five commands with --offline (no key, no server) exit 0 and show the same."""
    commands = [[*_argv(c)[:2], "--offline", *_argv(c)[2:]] for c in SEED_COMMANDS]
    outcomes = _run_all(commands, _env())
    for command, shows, (code, out, err) in zip(SEED_COMMANDS, SHOWS, outcomes, strict=True):
        assert code == 0, f"{command} --offline: {err}"
        assert shows in out, f"{command} --offline: {out}"
