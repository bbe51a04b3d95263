"""`make demo` runs the README's example end to end on the offline API, with no key."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[2] / "scripts" / "demo.py"


def test_demo_runs_offline_and_prints_the_readme_steps(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without CODEGEN_API_KEY the demo uses the offline API and prints every step."""
    monkeypatch.delenv("CODEGEN_API_KEY", raising=False)
    namespace = runpy.run_path(str(DEMO))
    assert namespace["main"]() == 0
    out = capsys.readouterr().out
    assert "running against the offline Codegen API" in out
    assert "Found 3 organizations" in out
    assert "status: ACTIVE" in out
    assert "finished: COMPLETE" in out
    assert "As expected, no such user" in out
    assert "MultiRunAgent: 3 candidates, 4 agent runs in all" in out
