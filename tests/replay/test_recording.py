"""``make cassettes`` re-records every cassette and leaves every one of them in place."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def test_recording_writes_every_cassette_the_replay_reads(tmp_path: Path) -> None:
    """The recording path of make cassettes, into a temporary folder: one file per test."""
    env = {**os.environ, "CODEGEN_RECORD": "fake", "CODEGEN_CASSETTE_DIR": str(tmp_path)}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            str(HERE / "test_operations.py"),
            "--record-mode=rewrite",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    recorded = sorted(p.name for p in (tmp_path / "test_operations").glob("*.yaml"))
    committed = sorted(p.name for p in (HERE / "cassettes" / "test_operations").glob("*.yaml"))
    assert recorded == committed
    assert len(recorded) >= 30
    assert (tmp_path / "ids.json").exists()
    for cassette in (tmp_path / "test_operations").glob("*.yaml"):
        assert "interactions: []" not in cassette.read_text(), cassette.name
