"""How the rate budget is shared: one per operation, in the client's pacer and the offline API."""

from __future__ import annotations

import pytest

from codegen_client import CodegenRateLimitError, ManualClock
from codegen_client.testing import FakeCodegenAPI
from tests.both import Clients

# Two operations with the same documented limit (60 per 30 s), often used together (a wait).
MIXED = ["get_agent_run"] * 60 + ["list_agent_runs"] * 60 + ["get_agent_run"]


def _send(client: object, fake: FakeCodegenAPI, run_id: int, operation: str) -> None:
    agents = client.agents  # type: ignore[attr-defined]
    if operation == "get_agent_run":
        agents.get_agent_run(fake.org_id, run_id)
    else:
        agents.list_agent_runs(fake.org_id, limit=1)


def test_the_offline_api_counts_each_operation_on_its_own_budget(clients: Clients) -> None:
    """Unpaced: 60 gets and 60 lists at one instant pass; the 61st get is refused (429)."""
    fake = FakeCodegenAPI(clock=ManualClock())
    run = fake.add_agent_run(status="ACTIVE")
    client = clients.of(fake, rate_limits=False, max_retries=0)
    for operation in MIXED[:-1]:
        _send(client, fake, run.id, operation)
    with pytest.raises(CodegenRateLimitError):
        _send(client, fake, run.id, MIXED[-1])


def test_the_pacer_waits_exactly_where_the_offline_api_would_refuse(clients: Clients) -> None:
    """Paced, the same calls get no 429, and the one pause comes before the 61st get only."""
    clock = ManualClock()
    fake = FakeCodegenAPI(clock=clock)
    run = fake.add_agent_run(status="ACTIVE")
    client = clients.of(fake, max_retries=0)
    for operation in MIXED:
        _send(client, fake, run.id, operation)
    assert len(clock.sleeps) == 1 and 30.0 <= clock.sleeps[0] <= 31.0
    paused_before = [r.operation_id for r in fake.requests if r.time > 0]
    assert paused_before == ["get_agent_run"]
    assert all(r.status == 200 for r in fake.requests)
