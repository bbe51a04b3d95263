"""``python -m codegen_client.testing`` without the cli extra says how to install it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Run the module with typer made unimportable, as in an install without the cli extra.
PROBE = """
import sys
sys.modules["typer"] = None
import runpy
runpy.run_module("codegen_client.testing", run_name="__main__")
"""


def test_module_without_the_cli_extra_prints_the_install_line_and_exits_2() -> None:
    """No traceback: one line naming the extra, and exit 2."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE], check=False, capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines() == [
        "codegen-client: the command line is not installed; "
        "install it with: pip install 'codegen-client[cli]'"
    ]
