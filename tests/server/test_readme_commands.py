"""Every example of the command table runs as written, with --offline and against fake-server."""

from __future__ import annotations

import os
import queue
import re
import shlex
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import typer.main
import typer.testing
from typer.testing import CliRunner

from codegen_client import _client as client_module
from codegen_client.cli._app import app
from codegen_client.cli._session import OFFLINE_NOTICE
from codegen_client.testing import ScaledClock

from .conftest import LOOPBACK, SERVER_EXTRA

pytestmark = LOOPBACK

ROOT = Path(__file__).resolve().parents[2]
# The table lives in the README; it may move to the CLI guide with the same rows.
TABLE_SOURCES = (ROOT / "README.md", ROOT / "docs" / "guides" / "cli.md")
START_TIMEOUT = 20.0
STOP_TIMEOUT = 30.0  # generous: a loaded 2-core machine starts and stops processes slowly
ENV = {"SECRET": "s3cret-for-the-example"}  # the table's webhook example reads "$SECRET"


def command_table_examples(markdown: str) -> list[str]:
    """Return the example commands of the ``| command | example |`` table, in order.

    Args:
        markdown: A Markdown document.

    Returns:
        Each row's first ``codegen-client ...`` code span (``\\|`` unescaped); [] without a table.

    """
    lines = markdown.splitlines()
    header = next(
        (i for i, line in enumerate(lines) if line.startswith("| command | example")), None
    )
    if header is None:
        return []
    examples = []
    for line in lines[header + 2 :]:
        if not line.startswith("|"):
            break
        cells = re.split(r"(?<!\\)\|", line)
        found = re.search(r"`(codegen-client [^`]+)`", cells[2])
        if found:
            examples.append(found.group(1).replace("\\|", "|"))
    return examples


def table_examples() -> list[str]:
    """The examples from the first source that has the table."""
    for source in TABLE_SOURCES:
        if source.exists() and (examples := command_table_examples(source.read_text())):
            return examples
    raise AssertionError("no command table found in " + ", ".join(map(str, TABLE_SOURCES)))


EXAMPLES = table_examples()
CLIENT_EXAMPLES = [e for e in EXAMPLES if not e.startswith("codegen-client fake-server")]


@pytest.fixture(scope="module", autouse=True)
def _build_the_command_once() -> Iterator[None]:
    """Build the click command once for the module's ~50 invocations (typer rebuilds it each)."""
    command = typer.main.get_command(app)
    with pytest.MonkeyPatch.context() as patch:
        if hasattr(typer.testing, "_get_command"):
            patch.setattr(typer.testing, "_get_command", lambda given: command)
        yield


def argv_of(example: str) -> list[str]:
    """Split an example as a shell would (``$SECRET`` expanded), without ``codegen-client``."""
    saved = {name: os.environ.get(name) for name in ENV}
    os.environ.update(ENV)
    try:
        return shlex.split(os.path.expandvars(example))[1:]
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def test_the_table_is_found_and_covers_the_documented_ids() -> None:
    """The parser finds every row, including the ids the seeded data must hold."""
    assert len(EXAMPLES) >= 25
    text = " ".join(EXAMPLES)
    for documented in ("user 123 456", "98765", "--repo-id 7", "20001", "5551234", "linear"):
        assert documented in text
    assert command_table_examples(
        "| command | example |\n|---|---|\n| `a\\|b` | `codegen-client x` |"
    ) == ["codegen-client x"]


@pytest.fixture
def in_tmp_with_image(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty folder holding the ``shot.png`` the agent-run example attaches."""
    (tmp_path / "shot.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    monkeypatch.chdir(tmp_path)
    for name in ("CODEGEN_API_KEY", "CODEGEN_BASE_URL", "CODEGEN_ORG_ID"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


@pytest.mark.parametrize("example", CLIENT_EXAMPLES)
def test_example_runs_offline(example: str, in_tmp_with_image: Path) -> None:
    """The example exits 0 with --offline, which says once on stderr its state is short-lived."""
    result = CliRunner().invoke(app, ["--offline", *argv_of(example)], env=ENV)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count(OFFLINE_NOTICE) == 1


@dataclass
class Served:
    """A running `fake-server` process: its banner settings and the stderr it wrote."""

    settings: dict[str, str]
    banner: str
    stderr: list[str]


def start_fake_server(argv: list[str]) -> tuple[subprocess.Popen[str], Served]:
    """Start `python -m codegen_client ARGV` and read its banner up to "Press Ctrl-C"."""
    pytest.importorskip("uvicorn", reason=SERVER_EXTRA)
    process = subprocess.Popen(
        [sys.executable, "-m", "codegen_client", *argv],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    lines: queue.Queue[str] = queue.Queue()
    stdout, stderr = process.stdout, process.stderr
    served = Served({}, "", [])
    threading.Thread(target=lambda: [lines.put(x) for x in stdout], daemon=True).start()
    threading.Thread(target=lambda: [served.stderr.append(x) for x in stderr], daemon=True).start()
    try:
        while "Press Ctrl-C" not in served.banner:
            line = lines.get(timeout=START_TIMEOUT)
            served.banner += line
            name, sep, value = line.strip().partition("=")
            if sep and re.fullmatch("CODEGEN_[A-Z_]+", name):
                served.settings[name] = value
    except BaseException:
        process.kill()
        process.wait()
        raise
    return process, served


def stop(process: subprocess.Popen[str]) -> int:
    """Ctrl-C the server and return its exit code."""
    process.send_signal(signal.SIGINT)
    try:
        return process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise


@pytest.fixture(scope="module")
def fake_server() -> Iterator[Served]:
    """`fake-server -v` on a free port with a fast clock; exits 0 on Ctrl-C afterwards."""
    process, served = start_fake_server(
        ["fake-server", "--port", "0", "--speed", "1000", "--run-duration", "60", "-v"]
    )
    try:
        yield served
    finally:
        assert stop(process) == 0, "".join(served.stderr)


@pytest.mark.parametrize("example", CLIENT_EXAMPLES)
def test_example_runs_against_fake_server(
    example: str, fake_server: Served, in_tmp_with_image: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The example exits 0 against `codegen-client fake-server`, configured as its banner says."""
    monkeypatch.setattr(client_module, "SystemClock", lambda: ScaledClock(1000.0))
    env = {
        **ENV,
        "CODEGEN_BASE_URL": fake_server.settings["CODEGEN_BASE_URL"],
        "CODEGEN_API_KEY": fake_server.settings["CODEGEN_API_KEY"],
    }
    result = CliRunner().invoke(app, argv_of(example), env=env)
    assert result.exit_code == 0, result.stderr
    assert OFFLINE_NOTICE not in result.stderr


def test_fake_server_logs_each_request_without_the_key(fake_server: Served) -> None:
    """With -v, the served fake printed one line per request so far, and never the key."""
    key = fake_server.settings["CODEGEN_API_KEY"]
    logged = "".join(fake_server.stderr)
    assert "GET /v1/organizations/123/agent/run/98765 200" in logged or not CLIENT_EXAMPLES
    assert key not in logged


def test_fake_server_example_serves_and_stops(in_tmp_with_image: Path) -> None:
    """The table's fake-server example starts, prints its banner and exits 0 on Ctrl-C."""
    (example,) = [e for e in EXAMPLES if e.startswith("codegen-client fake-server")]
    argv = argv_of(example)
    if "--port" in argv:  # the documented port may be taken on this machine
        argv[argv.index("--port") + 1] = "0"
    process, served = start_fake_server(argv)
    assert stop(process) == 0, "".join(served.stderr)
    assert served.settings["CODEGEN_ORG_ID"] == "123"
    assert "agent run 98765" in served.banner
