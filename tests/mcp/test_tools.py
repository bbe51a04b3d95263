"""The MCP tools in process, on the offline API's ManualClock: exact times, no real waiting.

The server is built on an AsyncCodegenClient (MCP servers are async), so these tests run on
that client only; the blocking client's methods underneath are pinned by the library's tests.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
import pytest
from mcp import Client

from codegen_client._agents.create_plan import REQUEST_ID_KEY
from codegen_client.cli._mcp_server import build_server
from codegen_client.testing import FakeCodegenAPI, Fault, ManualClock, RunOutcome
from tests.mcp.conftest import Progress

pytestmark = pytest.mark.anyio


@asynccontextmanager
async def connected(fake: FakeCodegenAPI) -> AsyncIterator[Client]:
    async with fake.async_client() as codegen, Client(build_server(codegen)) as client:
        yield client


async def _call(client: Client, name: str, arguments: dict[str, Any], **options: Any) -> Any:
    result = await client.call_tool(name, arguments, **options)
    assert not result.is_error, result.content
    return result.structured_content


async def test_a_wait_of_5_s_on_a_600_s_run_returns_within_6_s() -> None:
    """Measured: wait_for_agent_run(timeout=5) on a 600 s run is back within 6 s of the clock."""
    clock = ManualClock()
    fake = FakeCodegenAPI(clock=clock, run_duration=600.0)
    async with connected(fake) as client:
        run = await _call(client, "create_agent_run", {"org_id": fake.org_id, "prompt": "Slow"})
        start = clock.now()
        progress = Progress()
        waited = await _call(
            client,
            "wait_for_agent_run",
            {"org_id": fake.org_id, "agent_run_id": run["id"], "timeout": 5},
            progress_callback=progress,
        )
        elapsed = clock.now() - start
    assert waited["id"] == run["id"] and waited["status"] == "ACTIVE"
    assert 5 <= elapsed <= 6
    assert progress.seen[-1][0] == pytest.approx(elapsed)
    assert progress.seen[-1][1] == 5


async def test_a_paused_run_is_returned_as_it_is() -> None:
    """A PAUSED run ends the wait with its state (no error): it waits for a person."""
    fake = FakeCodegenAPI(clock=ManualClock())
    fake.queue_outcome(RunOutcome("PAUSED", duration=60))
    async with connected(fake) as client:
        run = await _call(client, "create_agent_run", {"org_id": fake.org_id, "prompt": "Ask"})
        waited = await _call(
            client, "wait_for_agent_run", {"org_id": fake.org_id, "agent_run_id": run["id"]}
        )
    assert waited["status"] == "PAUSED"


async def test_a_multi_run_cut_by_its_deadline_returns_the_runs_as_they_are() -> None:
    """At its timeout create_multi_run returns final null and the runs, with the usual keys."""
    fake = FakeCodegenAPI(clock=ManualClock(), run_duration=600.0)
    async with connected(fake) as client:
        result = await _call(
            client,
            "create_multi_run",
            {"org_id": fake.org_id, "prompt": "Slow", "concurrency": 2, "timeout": 30},
        )
    assert result["final"] is None
    assert set(result) == {
        "final",
        "candidates",
        "agent_runs",
        "failed_agent_runs",
        "synthesis_agent_run",
        "multi_run_id",
    }
    assert [run["status"] for run in result["agent_runs"]] == ["ACTIVE", "ACTIVE"]


async def test_repeats_racing_the_first_call_start_one_run() -> None:
    """Three creates with one request_id at once, while the first POST is slow: one run.

    Each repeat's look-up would run while the first POST is still on its way and find
    nothing; the server holds a repeat until the first call with its request_id is done.
    """
    fake = FakeCodegenAPI(clock=ManualClock())
    fake.inject(Fault("slow", "create_agent_run", delay=1.0, count=3))
    ids: list[int] = []
    arguments = {"org_id": fake.org_id, "prompt": "Once", "request_id": "job-1"}
    async with connected(fake) as client:

        async def create() -> None:
            ids.append((await _call(client, "create_agent_run", arguments))["id"])

        async with anyio.create_task_group() as group:
            for _ in range(3):
                group.start_soon(create)
    assert len(ids) == 3 and len(set(ids)) == 1
    assert len(fake.agent_runs) == 1
    assert len(fake.requests_for("create_agent_run")) == 1
    assert next(iter(fake.agent_runs.values())).metadata == {REQUEST_ID_KEY: "job-1"}
