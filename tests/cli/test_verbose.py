"""`-v` shows what the client does while a command seems to stand still."""

from __future__ import annotations

from codegen_client.testing import FakeCodegenAPI, Fault
from tests.cli.conftest import Invoke


def test_verbose_shows_requests_and_retries(cli: Invoke, fake: FakeCodegenAPI) -> None:
    """-v prints each request with its status, and each retry with its wait, on stderr."""
    fake.inject(Fault("status", "get_organizations", status=503, count=1))
    result = cli("-v", "organizations", "--json")
    assert result.exit_code == 0, result.stderr
    assert "retrying get_organizations in" in result.stderr
    assert "GET https://" in result.stderr
    assert "-> 503" in result.stderr and "-> 200" in result.stderr


def test_without_verbose_stderr_stays_empty(cli: Invoke, fake: FakeCodegenAPI) -> None:
    """Without -v a retried command prints nothing on stderr."""
    fake.inject(Fault("status", "get_organizations", status=503, count=1))
    result = cli("organizations", "--json")
    assert result.exit_code == 0
    assert result.stderr == ""


def test_verbose_shows_pacing_waits(cli: Invoke, fake: FakeCodegenAPI) -> None:
    """Creating 11 runs (10 per minute allowed) logs the wait before the 11th, with the limit."""
    result = cli("-v", "multi-run-agent", fake.org_id, "Add retries", "--concurrency", "11")
    assert result.exit_code == 0, result.stderr
    pacing = [line for line in result.stderr.splitlines() if "pacing create_agent_run" in line]
    assert pacing, result.stderr[-2000:]
    assert "pacing create_agent_run: waiting " in pacing[0]
    assert "(limit 10 per 60s)" in pacing[0]


def test_offline_logs_and_errors_name_the_offline_api(cli: Invoke, fake: FakeCodegenAPI) -> None:
    """With --offline, -v's request lines and the error name offline-api.invalid, never the
    real API's host."""
    result = cli("-v", "agent-run", fake.org_id, "Fix it", "--repo-id", "99")
    assert result.exit_code == 4
    assert "POST https://offline-api.invalid/v1/organizations/" in result.stderr
    last = result.stderr.splitlines()[-1]
    assert last.startswith("error: HTTP 404: POST https://offline-api.invalid/v1/")
    assert "api.codegen.com" not in result.stderr
