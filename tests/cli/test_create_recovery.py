"""The command line after a create's outcome is unknown: request ids, find-agent-run, exit codes.

Exit codes are read from real processes: each runs the command line on an in-process offline
API that a short script sets up (faults, a lagging list) with a 1000x clock.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from codegen_client._agents.create_plan import REQUEST_ID_KEY
from codegen_client.testing import FakeCodegenAPI
from tests.cli.conftest import Invoke, json_of

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60

SCRIPT = """
import json, sys, time
from codegen_client import ScaledClock
from codegen_client.cli._app import app
from codegen_client.testing import FakeCodegenAPI, Fault

fake = FakeCodegenAPI(clock=ScaledClock(1000.0), run_duration=120.0, org_id=123, list_lag=LAG)
posts = []
handle = fake.handle

def traced(request):
    if request.method == "POST":
        token = json.loads(request.read())["metadata"]["codegen_client_request_id"]
        posts.append(token)
        print("POSTED", token, file=sys.stderr, flush=True)
        if len(posts) == BLOCK_AT:
            # The test interrupts the process here. Short sleeps, so that a SIGINT that lands
            # between two of them is acted on at once (one long sleep could miss it).
            for _ in range(1200):
                time.sleep(0.1)
    return handle(request)

fake.handle = traced
SETUP
try:
    app(ARGS, obj=fake, prog_name="codegen-client")
finally:
    for run in fake.agent_runs.values():
        token = (run.metadata or {}).get("codegen_client_request_id")
        if token:
            print("STORED", token, flush=True)
"""


def _script(args: list[str], setup: str = "", lag: float = 0.0, block_at: int = 0) -> str:
    return (
        textwrap.dedent(SCRIPT)
        .replace("LAG", repr(lag))
        .replace("BLOCK_AT", str(block_at))
        .replace("SETUP", setup)
        .replace("ARGS", repr(["--offline", *args]))
    )


def _run(args: list[str], **options: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _script(args, **options)],  # type: ignore[arg-type]
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def _interrupted(args: list[str], block_at: int) -> tuple[int, str, str]:
    """Run until the ``block_at``-th POST is in flight, press Ctrl-C; return code and output."""
    process = subprocess.Popen(
        [sys.executable, "-c", _script(args, block_at=block_at)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    seen: list[str] = []
    try:
        while sum(line.startswith("POSTED") for line in seen) < block_at:
            line = process.stderr.readline()
            assert line, "the process ended before its POST: " + "".join(seen)
            seen.append(line)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return process.returncode, out, "".join(seen) + err


def _posted(stderr: str) -> list[str]:
    return re.findall(r"^POSTED ([\w-]+)$", stderr, flags=re.MULTILINE)


def test_outcome_unknown_prints_the_request_id_and_the_find_command() -> None:
    """A lost answer behind a list lagging past the window: exit 1, the id and how to find it."""
    result = _run(
        ["agent-run", "123", "Fix the build"],
        setup='fake.inject(Fault("lost_response", "create_agent_run"))',
        lag=60.0,
    )
    assert result.returncode == 1, result.stderr
    (token,) = _posted(result.stderr)
    assert result.stdout.split() == ["STORED", token]  # one run, and it carries that id
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(error_lines) == 1
    assert token in error_lines[0]
    assert f"`codegen-client find-agent-run 123 {token}`" in error_lines[0]
    assert "posted once and nothing more was posted" in error_lines[0]
    assert "on any client never starts a second run" in error_lines[0]


def test_outcome_unknown_during_multi_run_agent_names_the_request_id() -> None:
    """multi-run-agent whose first candidate's answer is lost behind a lagging list: exit 1."""
    result = _run(
        ["multi-run-agent", "123", "Add retries", "--concurrency", "2"],
        setup='fake.inject(Fault("lost_response", "create_agent_run"))',
        lag=60.0,
    )
    assert result.returncode == 1, result.stderr
    (token,) = _posted(result.stderr)
    assert f"`codegen-client find-agent-run 123 {token}`" in result.stderr
    assert result.stdout.split() == ["STORED", token]


def test_ctrl_c_during_agent_run_prints_the_request_id() -> None:
    """Ctrl-C while the POST is in flight: exit 130, the request id and the find command."""
    code, _, stderr = _interrupted(["agent-run", "123", "Slow create"], block_at=1)
    assert code == 130, stderr
    (token,) = _posted(stderr)
    assert f"request id {token}" in stderr
    assert f"`codegen-client find-agent-run 123 {token}`" in stderr
    assert "do not start the run again until it has shown the run" in stderr
    assert "interrupted" in stderr


def test_ctrl_c_during_multi_run_agent_prints_the_request_id() -> None:
    """Ctrl-C during the second candidate's POST: exit 130, its request id, the first run."""
    code, out, stderr = _interrupted(
        ["multi-run-agent", "123", "Add retries", "--concurrency", "3"], block_at=2
    )
    assert code == 130, stderr
    first, second = _posted(stderr)
    assert f"`codegen-client find-agent-run 123 {second}`" in stderr
    assert "agent runs still working" in stderr
    assert out.split() == ["STORED", first]


def test_find_agent_run_exit_codes() -> None:
    """find-agent-run exits 0 with the run, and 10 (cannot tell yet) when none carries the id."""
    setup = f'fake.add_agent_run(metadata={{"{REQUEST_ID_KEY}": "known-1"}})'
    found = _run(["find-agent-run", "123", "known-1", "--json"], setup=setup)
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout.split("STORED")[0])["metadata"][REQUEST_ID_KEY] == "known-1"
    missing = _run(["find-agent-run", "123", "unknown-2"], setup=setup)
    assert missing.returncode == 10
    (line,) = missing.stderr.splitlines()
    assert line.startswith("error: cannot tell yet whether an agent run carrying request id")
    assert "unknown-2" in line and "do not start the run again" in line


def test_find_agent_run_shows_the_run(cli: Invoke, fake: FakeCodegenAPI, org_id: int) -> None:
    """find-agent-run prints the run carrying the id (here, one made by agent-run)."""
    meta = json.dumps({REQUEST_ID_KEY: "r-9"})
    made = json_of(cli("agent-run", org_id, "Tagged", "--metadata", meta, "--json"))
    shown = json_of(cli("find-agent-run", org_id, "r-9", "--json"))
    assert shown["id"] == made["id"]
    assert len(fake.requests_for("create_agent_run")) == 1


def test_the_recovery_in_a_new_process_never_posts_a_second_run() -> None:
    """The hint's recovery from another process: find says it cannot tell; a repeat posts nothing.

    The run the first process started is stored, but the list lags an hour behind it (3.6 s
    of real time at the scripts' 1000x clock).
    """
    token = "cgc-" + "5e" * 16
    setup = f'fake.add_agent_run(metadata={{"{REQUEST_ID_KEY}": "{token}"}})'
    find = _run(["find-agent-run", "123", token], setup=setup, lag=3600.0)
    assert find.returncode == 10, find.stderr
    assert "do not start the run again" in find.stderr
    meta = json.dumps({REQUEST_ID_KEY: token})
    args = ["agent-run", "123", "Fix the build", "--metadata", meta]
    repeat = _run(args, setup=setup, lag=3600.0)
    assert repeat.returncode == 1, repeat.stderr
    assert _posted(repeat.stderr) == []
    (line,) = [line for line in repeat.stderr.splitlines() if line.startswith("error:")]
    assert "this call posted nothing" in line and f"find-agent-run 123 {token}" in line
    assert repeat.stdout.split() == ["STORED", token]
