"""``make cassettes`` re-records every cassette and leaves every one of them in place."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


COMMITTED = HERE / "cassettes" / "test_operations"


def _record(into: Path, *selection: str) -> None:
    """Run the recording path of ``make cassettes`` against the offline API, into ``into``."""
    env = {**os.environ, "CODEGEN_RECORD": "fake", "CODEGEN_CASSETTE_DIR": str(into)}
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
            *selection,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


def test_recording_writes_every_cassette_the_replay_reads(tmp_path: Path) -> None:
    """The recording path of make cassettes, into a temporary folder: one file per test."""
    _record(tmp_path)
    recorded = sorted(p.name for p in (tmp_path / "test_operations").glob("*.yaml"))
    committed = sorted(p.name for p in COMMITTED.glob("*.yaml"))
    assert recorded == committed
    assert len(recorded) >= 30
    assert (tmp_path / "ids.json").exists()
    for cassette in (tmp_path / "test_operations").glob("*.yaml"):
        assert "interactions: []" not in cassette.read_text(), cassette.name


def test_a_cassette_does_not_depend_on_the_tests_recorded_before_it(tmp_path: Path) -> None:
    """Recording two tests alone writes their cassettes as the whole recording does.

    Adding a test that only reads then changes no other cassette (the request ids of the
    offline API's answers are counted per test).
    """
    _record(tmp_path / "all")
    _record(tmp_path / "two", "-k", "test_get_users or test_get_check_suite_settings")
    for name in ("test_get_users.yaml", "test_get_check_suite_settings.yaml"):
        alone = (tmp_path / "two" / "test_operations" / name).read_text()
        assert alone == (tmp_path / "all" / "test_operations" / name).read_text(), name
