"""``python -m codegen_client.testing`` needs the server extra only, not the cli one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Run the module with typer and rich made unimportable, as in an install with only [server].
PROBE = """
import sys
sys.modules["typer"] = None
sys.modules["rich"] = None
import runpy
sys.argv = ["python -m codegen_client.testing", *sys.argv[1:]]
runpy.run_module("codegen_client.testing", run_name="__main__")
"""


def test_module_without_the_cli_extra_shows_its_help() -> None:
    """--help lists the server's options although the cli extra is missing."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "--help"],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    for option in ("--port", "--api-key", "--no-rate-limits", "--org-id", "--log-requests"):
        assert option in done.stdout


def test_module_without_the_cli_extra_refuses_a_bad_port_with_exit_2() -> None:
    """An out-of-range port is a usage error (exit 2) naming the option, without the cli."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "--port", "70000"],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 2
    assert "--port" in done.stderr
    assert "Traceback" not in done.stderr
