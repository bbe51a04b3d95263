"""Ctrl-C at any early moment of the installed command: exit 130, never a traceback.

A real process gets a real SIGINT at moments of its start-up, found by watching Python's
``-X importtime`` lines: while typer loads, while the command is built and parsed, and once
the command has begun (it then names what it leaves behind, here nothing).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from codegen_client.cli._interrupt import INTERRUPTED
from tests.cli.terminal import COMMAND

pytestmark = pytest.mark.skipif(not COMMAND.exists(), reason="the console script is not installed")

TIMEOUT = 60
# Module imports that finish at successive moments of `--offline organizations`, in order:
# while the command line's modules load (typer, then the commands' modules), typer and rich
# loaded (the commands are built next), the global options parsed, the command started (its
# offline API), the client being made. Only names every supported typer version imports.
MOMENTS = [
    "typer",
    "codegen_client.cli._account",
    "codegen_client.cli._multi_run",
    "codegen_client.cli._app",
    "codegen_client.cli._log",
    "codegen_client.testing",
    "codegen_client._sync.client",
]


def _interrupt_when_imported(module: str) -> tuple[int, list[str]]:
    """Run the command, SIGINT it as soon as ``module`` is imported; exit code and stderr."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CODEGEN_")}
    process = subprocess.Popen(
        [sys.executable, "-X", "importtime", str(COMMAND), "--offline", "organizations"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stderr is not None
    said = []
    try:
        for line in process.stderr:
            if not line.startswith("import time:"):
                said.append(line.rstrip("\n"))
            elif line.rsplit("|", 1)[-1].strip() == module:
                process.send_signal(signal.SIGINT)
                break
        else:
            raise AssertionError(f"{module} was never imported: no moment to interrupt at")
        said += [line.rstrip("\n") for line in process.stderr if not line.startswith("import")]
        return process.wait(timeout=TIMEOUT), said
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.parametrize("module", MOMENTS)
def test_ctrl_c_while_starting_exits_130_without_a_traceback(module: str) -> None:
    """SIGINT while typer loads, the command is built or parsed, or the command begins: 130,
    and at most one line saying so (plus --offline's notice)."""
    code, said = _interrupt_when_imported(module)
    assert code == INTERRUPTED, said
    assert not any("Traceback" in line or "KeyboardInterrupt" in line for line in said), said
    rest = [line for line in said if not line.startswith("offline: ")]
    assert rest in ([], ["error: interrupted"], ["interrupted"]), rest
