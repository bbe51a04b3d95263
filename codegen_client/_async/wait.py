"""The loops of ``wait_for_agent_run(s)``; `codegen_client._agents.wait_plan` explains them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from codegen_client._agents.wait_plan import (
    LIST_PAGE_SIZE,
    TRANSIENT,
    WaitOptions,
    Watch,
    raise_if_paused,
    take_changed,
)
from codegen_client._deadline import DeadlinePassed, deadline_at
from codegen_client._seams import acall_back, acheck_callback

if TYPE_CHECKING:
    from codegen_client._clock import Clock
    from codegen_client_generated.models.agent_run_page import AgentRunPage
    from codegen_client_generated.models.agent_run_response import AgentRunResponse

__all__ = ["AsyncRunReader", "settle_runs", "wait_runs"]


class AsyncRunReader(Protocol):
    """What a wait needs of the agents namespace: one run, and the newest page of runs."""

    async def get_agent_run(self, org_id: int, agent_run_id: int) -> AgentRunResponse: ...

    async def list_agent_runs(self, org_id: int, *, limit: int = 100) -> AgentRunPage: ...


async def settle_runs(
    agents: AsyncRunReader, clock: Clock, org_id: int, ids: Sequence[int], options: WaitOptions
) -> list[AgentRunResponse]:
    """Poll until every run is final or paused; return them in the order given.

    Args:
        agents: The namespace whose ``get_agent_run`` and ``list_agent_runs`` poll.
        clock: Where the waits between rounds go.
        org_id: The organization.
        ids: The runs.
        options: Deadline, poll intervals and the status callback.

    Returns:
        Every run's final (or paused) state, in the order of ``ids``.

    Raises:
        CodegenInputError: The callback cannot be run by this client.
        CodegenAgentRunTimeoutError: The deadline passed first.
        CodegenApiError: A request failed for good.

    """
    acheck_callback("on_status_change", options.on_status_change)
    watch = Watch(ids, options, clock.now())
    try:
        # Every call of the wait gets the time left: no pause, retry or request runs past it.
        with deadline_at(watch.call_deadline):
            await _poll(agents, clock, org_id, watch)
    except DeadlinePassed as passed:
        raise watch.timeout_error(clock.now(), passed.error) from passed.error
    return watch.settled()


async def _poll(agents: AsyncRunReader, clock: Clock, org_id: int, watch: Watch) -> None:
    """Poll rounds until no run is left working (see `settle_runs`)."""
    options = watch.options
    pending = watch.pending()
    while pending:
        try:
            if len(pending) == 1:
                watch.observe(await agents.get_agent_run(org_id, pending[0]))
            else:
                page = await agents.list_agent_runs(org_id, limit=LIST_PAGE_SIZE)
                for run_id in watch.take_page(page, pending):
                    watch.observe(await agents.get_agent_run(org_id, run_id))
            watch.failed_rounds = 0
        except TRANSIENT as error:
            watch.round_failed(error)
        callback = options.on_status_change
        for run in take_changed(watch):
            if callback is not None:
                await acall_back(callback, run)
        pending = watch.pending()
        if pending:
            wait = watch.next_wait(clock.now())
            if wait is None:
                raise watch.timeout_error()
            await clock.asleep(wait)


async def wait_runs(
    agents: AsyncRunReader, clock: Clock, org_id: int, ids: Sequence[int], options: WaitOptions
) -> list[AgentRunResponse]:
    """Like `settle_runs`, but a PAUSED run raises once every run has settled.

    Raises:
        CodegenAgentRunPausedError: A run waits for input (the error carries every run).
        CodegenAgentRunTimeoutError: The deadline passed first.

    """
    return raise_if_paused(await settle_runs(agents, clock, org_id, ids, options))
