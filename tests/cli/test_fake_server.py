"""`fake-server`: its options, and the README's five commands against it over loopback HTTP."""

from __future__ import annotations

import queue
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from codegen_client import _client as client_module
from codegen_client.cli._app import app
from codegen_client.testing import ScaledClock, server

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0


def test_fake_server_passes_every_option(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every fake-server option reaches run_fake_server under its own name."""
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(server, "run_fake_server", lambda **kw: calls.append(kw))
    result = CliRunner().invoke(
        app,
        [
            "fake-server", "--host", "127.0.0.2", "--port", "0", "--api-key", "sk-test",
            "--seed", "3", "--run-duration", "5", "--no-rate-limits", "--speed", "50",
            "--org-id", "5000", "-v",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert calls == [
        {
            "host": "127.0.0.2",
            "port": 0,
            "api_key": "sk-test",
            "seed": 3,
            "run_duration": 5.0,
            "rate_limits": False,
            "speed": 50.0,
            "org_id": 5000,
            "verbose": True,
        }
    ]


def test_fake_server_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without options it serves 127.0.0.1:8080 with the fake key, rate limits on, real time."""
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(server, "run_fake_server", lambda **kw: calls.append(kw))
    assert CliRunner().invoke(app, ["fake-server"]).exit_code == 0
    from codegen_client.testing import DEFAULT_API_KEY

    assert calls[0]["host"] == "127.0.0.1"
    assert calls[0]["port"] == 8080
    assert calls[0]["api_key"] == DEFAULT_API_KEY
    assert calls[0]["rate_limits"] is True
    assert calls[0]["speed"] == 1.0
    assert calls[0]["org_id"] == 123, "the README's commands name organization 123"
    assert calls[0]["verbose"] is False


def test_fake_server_port_in_use_exits_6() -> None:
    """A port already taken exits 6 with one line on stderr."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(app, ["fake-server", "--port", str(port)])
    assert result.exit_code == 6
    assert result.stderr.startswith(f"error: cannot serve on 127.0.0.1:{port}")


@pytest.fixture
def served() -> Iterator[dict[str, str]]:
    """Run `python -m codegen_client fake-server --port 0` (fast clock); stop it afterwards."""
    command = [
        sys.executable, "-m", "codegen_client", "fake-server",
        "--port", "0", "--speed", "1000", "--run-duration", "60",
    ]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    stdout = process.stdout
    threading.Thread(target=lambda: [lines.put(line) for line in stdout], daemon=True).start()
    settings: dict[str, str] = {}
    try:
        while "CODEGEN_ORG_ID" not in settings:
            line = lines.get(timeout=START_TIMEOUT).strip()
            if line.startswith("CODEGEN_"):
                name, _, value = line.partition("=")
                settings[name] = value
        yield settings
    finally:
        process.send_signal(signal.SIGINT)
        try:
            code = process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise
        assert code == 0, process.stderr.read() if process.stderr else ""


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_readme_commands_against_the_loopback_server(
    served: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's five commands work online against `codegen-client fake-server`."""
    # The server runs 1000 times faster than real time; so does the client's polling.
    monkeypatch.setattr(client_module, "SystemClock", lambda: ScaledClock(1000.0))
    env = {
        "CODEGEN_BASE_URL": served["CODEGEN_BASE_URL"],
        "CODEGEN_API_KEY": served["CODEGEN_API_KEY"],
    }
    assert served["CODEGEN_ORG_ID"] == "123"
    org = "123"  # as the README writes the commands
    runner = CliRunner()

    def run(*argv: str) -> str:
        result = runner.invoke(app, list(argv), env=env)
        assert result.exit_code == 0, result.stderr
        return result.stdout

    assert org in run("organizations")
    assert "Repositories of organization" in run("repositories", org)
    assert "GitHub user" in run("users", org)
    started = run("agent-run", org, "Create a Python function to calculate the Fibonacci sequence")
    assert "ACTIVE" in started
    multi = run("multi-run-agent", org, "Create a Python function ...", "--concurrency", "3")
    assert "3 of 3 candidates gave an answer" in multi
    assert "Final answer:" in multi
