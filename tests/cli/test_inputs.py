"""What the command line reads besides its arguments: a prompt from standard input (``-``) and
image files, each size-checked before it is read."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from codegen_client.cli._inputs import MAX_IMAGE_BYTES, MAX_PROMPT_BYTES
from codegen_client.testing import FakeCodegenAPI
from tests.cli.conftest import Invoke
from tests.cli.terminal import COMMAND

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24
# A process that reads forever would hang: these bound how long a refusal may take.
REFUSAL_TIMEOUT = 60


def test_dash_reads_the_prompt_from_standard_input(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """`agent-run ORG -` sends what standard input holds, without the whitespace around it."""
    runner_input = "\n  Write a function that adds two numbers.\nKeep it short.\n\n"
    result = cli("agent-run", org_id, "-", input=runner_input)
    assert result.exit_code == 0, result.stderr
    (run,) = fake.agent_runs.values()
    assert run.prompt == "Write a function that adds two numbers.\nKeep it short."


def test_resume_and_multi_run_read_a_dash_prompt_too(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """`resume-agent-run ... -` and `multi-run-agent ORG -` read standard input as well."""
    paused = fake.add_agent_run(org_id, "Start", status="PAUSED")
    assert cli("resume-agent-run", org_id, paused.id, "-", input="Use Postgres").exit_code == 0
    assert paused.prompt.endswith("\n\nUse Postgres")
    result = cli("multi-run-agent", org_id, "-", "--concurrency", 1, input="Compare the options")
    assert result.exit_code == 0, result.stderr
    assert fake.requests_for("create_agent_run")[-1].json["prompt"] == "Compare the options"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "standard input is empty"),
        (b" \n\t\n", "standard input is empty"),
        (b"caf\xe9", "not UTF-8 text"),
        (b"x" * (MAX_PROMPT_BYTES + 1), "more than 10 MiB"),
    ],
    ids=["empty", "blank", "latin-1", "too-big"],
)
def test_a_bad_dash_prompt_exits_6_and_sends_nothing(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int, data: bytes, words: str
) -> None:
    """Empty, blank, non-UTF-8 or oversized standard input exits 6 before any request."""
    result = cli("agent-run", org_id, "-", input=data)
    assert result.exit_code == 6
    assert words in result.stderr
    assert fake.requests == []


def test_an_image_over_the_limit_is_refused_unread(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int, tmp_path: Path
) -> None:
    """A (sparse) 30 MiB file given to --image exits 6 from its size, before any request."""
    big = tmp_path / "huge.png"
    with big.open("wb") as file:
        file.truncate(30 * 1024 * 1024)
    result = cli("agent-run", org_id, "Look", "--image", big)
    assert result.exit_code == 6
    assert f"more than the {MAX_IMAGE_BYTES // 2**20} MiB an image may have" in result.stderr
    assert fake.requests == []


def _refused(argv: list[str], stdin: int | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CODEGEN_")}
    return subprocess.run(
        [str(COMMAND), "--offline", *argv],
        stdin=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=REFUSAL_TIMEOUT,
        check=False,
    )


@pytest.mark.skipif(not COMMAND.exists(), reason="the console script is not installed")
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_endless_inputs_fail_fast_with_exit_6(tmp_path: Path) -> None:
    """`--image /dev/zero`, `--image FIFO` and `- < /dev/zero` exit 6 at once, never hang."""
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)  # nobody ever writes to it: a blocking open would wait forever
    for image in ("/dev/zero", str(fifo)):
        done = _refused(["agent-run", "123", "Look", "--image", image])
        assert (done.returncode, done.stderr) == (
            6,
            f"error: --image {image}: not a regular file\n",
        )
    with open("/dev/zero", "rb") as zeros:
        done = _refused(["agent-run", "123", "-"], stdin=zeros.fileno())
    assert done.returncode == 6
    assert "standard input holds more than 10 MiB" in done.stderr
    assert "Traceback" not in done.stderr
