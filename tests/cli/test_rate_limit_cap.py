"""The command line hands control back at once when the API asks for a day-long wait."""

from __future__ import annotations

from codegen_client.cli._errors import ExitCode
from codegen_client.testing import FakeCodegenAPI, Fault
from tests.cli.conftest import Invoke


def test_a_day_long_retry_after_exits_5_at_once(cli: Invoke, fake: FakeCodegenAPI) -> None:
    """One 429 with Retry-After: 86400 exits 5 (rate limited) without waiting, one request sent."""
    fake.inject(Fault("rate_limit", retry_after=86400))
    result = cli("organizations")
    assert result.exit_code == ExitCode.RATE_LIMITED == 5
    assert result.stderr.startswith("error: ")
    assert fake.clock.now() < 120
    assert len(fake.requests) == 1


def test_max_retry_wait_from_the_environment_reaches_the_command(
    cli: Invoke, fake: FakeCodegenAPI
) -> None:
    """CODEGEN_MAX_RETRY_WAIT=5 makes a 429 asking for 10 s exit 5 instead of waiting."""
    fake.inject(Fault("rate_limit", retry_after=10))
    result = cli("organizations", env={"CODEGEN_MAX_RETRY_WAIT": "5"})
    assert result.exit_code == 5
    assert fake.clock.now() < 5
