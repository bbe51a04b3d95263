"""The duplicate-free create driver; :mod:`codegen_client._agents.create_plan` holds its decisions.

The driver only sends what the plan asks for (the POST, a look-up page, ``users/me``, the
newest run) and tells the plan what came back, so the sync client's twin (generated from this
module) cannot decide differently.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from codegen_client._agents.create_plan import (
    LOOKUP_PAGE_SIZE,
    LOOKUP_SOURCE_TYPE,
    CreatePlan,
    RunScan,
    found_or_raise,
    server_date,
)
from codegen_client._capture import capture_response
from codegen_client._deadline import bounded_pause
from codegen_client._exceptions import CodegenApiError
from codegen_client._options import CallOptions, NotGiven, Timeout
from codegen_client._validation import check_argument
from codegen_client_generated.models.agent_run_response import AgentRunResponse
from codegen_client_generated.models.user_response import UserResponse
from codegen_client_generated.operations import OPERATIONS

if TYPE_CHECKING:
    from collections.abc import Mapping

    from codegen_client._async.core import AsyncCore
    from codegen_client._clock import Clock
    from codegen_client_generated.models.agent_run_page import AgentRunPage

__all__ = ["AsyncCreateCalls", "AsyncRunLister", "create_once", "find_run"]

_CREATE = OPERATIONS["create_agent_run"]
_ME = OPERATIONS["get_current_user"]


class AsyncRunLister(Protocol):
    """What a create needs of the agents namespace: its core, run lists, the caller's id."""

    _core: AsyncCore
    _current_user_id: int | None

    async def list_agent_runs(
        self,
        org_id: int,
        *,
        user_id: int | None = None,
        source_type: str | None = None,
        skip: int = 0,
        limit: int = 100,
        timeout: Timeout | NotGiven = ...,
    ) -> AgentRunPage: ...


class AsyncCreateCalls:
    """The requests of a create and its look-ups, sent through the client's ``agents``.

    The create's body is checked before anything is sent (a look-up may come first); its
    per-request options go with the POST, and its timeout with every request.
    """

    def __init__(
        self,
        agents: AsyncRunLister,
        org_id: int,
        body: Mapping[str, object] | None,
        options: CallOptions,
    ) -> None:
        self.agents = agents
        # Checked here: a look-up may be sent before the POST that would check it.
        self.org_id: int = check_argument("org_id", org_id)
        if body is not None:
            self.agents._core.build(
                _CREATE, (self.org_id,), None, body, *options
            )  # checks every field and option now, before any request
        self.body = body
        self.options = options

    async def post(self) -> AgentRunResponse:
        """Send the create once (the core still repeats 429s and failed connects)."""
        result: AgentRunResponse = await self.agents._core.call(
            _CREATE, (self.org_id,), None, self.body, AgentRunResponse.from_dict, *self.options
        )
        return result

    async def me(self) -> int:
        """The current user's id (asked once per client)."""
        if self.agents._current_user_id is None:
            user = await self.agents._core.call(
                _ME, (), None, None, UserResponse.from_dict, self.options.timeout
            )
            self.agents._current_user_id = int(user.id)
        return self.agents._current_user_id

    async def newest(self) -> tuple[AgentRunPage, datetime | None]:
        """The organization's newest run (of anyone), and its answer's ``Date``."""
        with capture_response() as captured:
            page = await self.agents.list_agent_runs(
                self.org_id, limit=1, timeout=self.options.timeout
            )
        return page, server_date(captured.response)

    async def page(self, user_id: int, skip: int) -> tuple[AgentRunPage, datetime | None]:
        """One newest-first page of the user's API runs, and its answer's ``Date``."""
        with capture_response() as captured:
            page = await self.agents.list_agent_runs(
                self.org_id,
                user_id=user_id,
                source_type=LOOKUP_SOURCE_TYPE,
                skip=skip,
                limit=LOOKUP_PAGE_SIZE,
                timeout=self.options.timeout,
            )
        return page, server_date(captured.response)


async def create_once(calls: AsyncCreateCalls, clock: Clock, plan: CreatePlan) -> AgentRunResponse:
    """Create one run as ``plan`` decides: look up, POST, look up again, never post blindly.

    Args:
        calls: Sends the requests.
        clock: Where time is read and waits go.
        plan: The decisions (token, retries, look-up window).

    Returns:
        The run this call created, or the one found carrying its token.

    Raises:
        CodegenCreateOutcomeUnknownError: No look-up could settle whether a run was started.
        CodegenApiError: The create failed, and no run carrying the token exists.

    """
    with plan.guard():
        while True:
            step = plan.next_step(clock.now())
            if step.kind == "done":
                return plan.run()
            if step.kind == "sleep":
                await clock.asleep(bounded_pause(clock, step.seconds))
                continue
            try:
                if step.kind == "post":
                    plan.took_post(await calls.post(), clock.now())
                elif step.kind == "probe":
                    page, date = await calls.newest()
                    plan.took_probe(page, date, clock.now())
                elif step.kind == "me":
                    plan.took_user(await calls.me())
                else:
                    page, date = await calls.page(step.user_id, step.skip)
                    plan.took_page(page, date, clock.now())
            except CodegenApiError as error:
                plan.failed(error, clock.now())


async def find_run(
    calls: AsyncCreateCalls, clock: Clock, request_id: str
) -> AgentRunResponse | None:
    """The newest of the user's API runs carrying ``request_id``, or None.

    Raises:
        CodegenCreateOutcomeUnknownError: Too many runs to search them all.
        CodegenApiError: A request failed.

    """
    scan = RunScan(request_id, None)
    user_id = await calls.me()
    while scan.more:
        page, date = await calls.page(user_id, scan.skip)
        scan.take(page, date, clock.now())
    return found_or_raise(scan, calls.org_id)
