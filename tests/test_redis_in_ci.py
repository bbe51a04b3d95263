"""Without redis-server, the Redis tests skip on a developer's machine and fail under CI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ONE_REDIS_TEST = "tests/core/test_shared_budget.py::test_rate_limits_off_never_asks_redis"


def _run_without_redis_server(ci: str | None) -> subprocess.CompletedProcess[str]:
    """Run one Redis test in a new pytest whose PATH has no redis-server."""
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PATH"] = str(Path(sys.executable).parent)  # the venv's commands only
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", ONE_REDIS_TEST + "[sync]"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("ci", ["true", "1"])
def test_ci_fails_when_redis_server_is_missing(ci: str) -> None:
    """CI=true (as .ci/run sets it): no redis-server is an error, never a skip."""
    result = _run_without_redis_server(ci)
    assert result.returncode != 0, result.stdout
    assert "CI must run the Redis tests" in result.stdout
    assert "1 error" in result.stdout


def test_a_developer_machine_skips_when_redis_server_is_missing() -> None:
    """Outside CI the same test is skipped, saying what to install."""
    result = _run_without_redis_server(None)
    assert result.returncode == 0, result.stdout
    assert "1 skipped" in result.stdout
    assert "apt-get install redis-server" in result.stdout
