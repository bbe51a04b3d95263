"""capture_response() records the calls of its block only, also when tasks outlive the block."""

from __future__ import annotations

import asyncio
import contextvars
import threading

import httpx
import pytest

from codegen_client import capture_response

from .helpers import Script, run_body

OK = httpx.Response(200, json=run_body())


@pytest.mark.anyio
async def test_a_task_started_in_the_block_does_not_record_after_it() -> None:
    """A task created inside the block that calls after the block ended adds nothing.

    Single-sided: tasks exist on the async client only; the sync twin below uses a thread.
    """
    go = asyncio.Event()
    async with Script(OK).async_client() as client:

        async def later() -> None:
            await go.wait()
            await client.agents.get_agent_run(org_id=1, agent_run_id=7)

        with capture_response() as captured:
            await client.agents.get_agent_run(org_id=1, agent_run_id=7)
            task = asyncio.create_task(later())
        go.set()
        await task
    assert len(captured.responses) == 1


def test_a_thread_started_in_the_block_does_not_record_after_it() -> None:
    """A thread running a copy of the block's context, calling after the block, adds nothing.

    Single-sided: an async client is not shared with other threads; the twin above uses a task.
    """
    client = Script(OK).client()
    go = threading.Event()

    def later() -> None:
        go.wait()
        client.agents.get_agent_run(org_id=1, agent_run_id=7)

    with capture_response() as captured:
        client.agents.get_agent_run(org_id=1, agent_run_id=7)
        context = contextvars.copy_context()
        thread = threading.Thread(target=context.run, args=(later,))
        thread.start()
    go.set()
    thread.join()
    assert len(captured.responses) == 1
