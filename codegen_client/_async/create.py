"""The duplicate-free create driver; `codegen_client._agents.create_plan` holds its decisions.

The driver only sends what a plan asks for (the POST, a page of the user's API runs, the
organization's newest runs, ``users/me``, a run by id) and tells the plan what came back, so
the sync client's twin (generated from this module) cannot decide differently. Creates with the
same caller's request id on one client share one flight: one of them posts, the others wait for
its run (`codegen_client._agents.ledger`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from codegen_client._agents.create_plan import (
    LOOKUP_PAGE_SIZE,
    LOOKUP_SOURCE_TYPE,
    Answer,
    CreatePlan,
    Step,
    server_date,
)
from codegen_client._agents.find_plan import FindPlan
from codegen_client._agents.ledger import ledger_of
from codegen_client._capture import capture_response
from codegen_client._deadline import bounded_pause
from codegen_client._exceptions import CodegenApiError
from codegen_client._options import CallOptions, NotGiven, Timeout
from codegen_client._seams import ajoin_flight
from codegen_client._validation import check_argument
from codegen_client_generated.models.agent_run_response import AgentRunResponse
from codegen_client_generated.models.user_response import UserResponse
from codegen_client_generated.operations import OPERATIONS

if TYPE_CHECKING:
    from collections.abc import Mapping

    from codegen_client._async.core import AsyncCore
    from codegen_client._clock import Clock
    from codegen_client_generated.models.agent_run_page import AgentRunPage

_CREATE = OPERATIONS["create_agent_run"]
_ME = OPERATIONS["get_current_user"]

__all__ = [
    "AsyncCreateCalls",
    "AsyncRunLister",
    "create_once",
    "create_run",
    "find_once",
    "find_run",
]


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

    async def get_agent_run(
        self, org_id: int, agent_run_id: int, *, timeout: Timeout | NotGiven = ...
    ) -> AgentRunResponse: ...


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
        self.clock = agents._core.clock

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

    async def run(self, run_id: int) -> AgentRunResponse:
        """One run by id (the answer is checked to be that run)."""
        return await self.agents.get_agent_run(self.org_id, run_id, timeout=self.options.timeout)

    async def newest(self) -> Answer:
        """The organization's newest runs (of anyone), with the answer's ``Date`` and timing."""
        sent = self.clock.now()
        with capture_response() as captured:
            page = await self.agents.list_agent_runs(
                self.org_id, limit=LOOKUP_PAGE_SIZE, timeout=self.options.timeout
            )
        return Answer(page, server_date(captured.response), sent, self.clock.now())

    async def page(self, user_id: int, skip: int) -> Answer:
        """One newest-first page of the user's API runs, with its ``Date`` and timing."""
        sent = self.clock.now()
        with capture_response() as captured:
            page = await self.agents.list_agent_runs(
                self.org_id,
                user_id=user_id,
                source_type=LOOKUP_SOURCE_TYPE,
                skip=skip,
                limit=LOOKUP_PAGE_SIZE,
                timeout=self.options.timeout,
            )
        return Answer(page, server_date(captured.response), sent, self.clock.now(), skip)

    async def lists(self, step: Step) -> Answer:
        """The list answer a ``"page"`` or ``"probe"`` step asks for."""
        if step.kind == "probe":
            return await self.newest()
        return await self.page(step.user_id, step.skip)


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
    with plan.guard(clock.now):
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
                elif step.kind == "me":
                    plan.took_user(await calls.me())
                elif step.kind == "get":
                    plan.took_run(await calls.run(step.run_id))
                else:
                    plan.took_list(await calls.lists(step), clock.now())
            except CodegenApiError as error:
                plan.failed(error, clock.now())


async def create_run(
    agents: AsyncRunLister,
    org_id: int,
    body: Mapping[str, object],
    options: CallOptions,
    token: str,
    *,
    caller_token: bool,
) -> AgentRunResponse:
    """``create_agent_run``: one POST per caller's token on this client, and never two runs.

    A create whose caller's token is already being created on this client (another thread or
    task) sends nothing: it waits for that create and returns its run (or raises its error).

    Raises:
        CodegenCreateOutcomeUnknownError: No look-up could settle whether a run was started.
        CodegenApiError: The create failed, and no run carrying the token exists.

    """
    calls = AsyncCreateCalls(agents, org_id, body, options)
    core, clock = agents._core, calls.clock
    ledger = ledger_of(core)
    flight = None
    while caller_token and flight is None:
        flight, leads = ledger.board(calls.org_id, token)
        if not leads:
            joined = await ajoin_flight(flight)
            if joined is not None:
                return joined
            flight = None  # its leader was interrupted before it settled: take over
    settings = core.settings
    plan = CreatePlan(
        calls.org_id,
        token,
        caller_token=caller_token,
        max_retries=settings.max_retries,
        window=settings.create_lookup_window,
        idempotency_window=settings.idempotency_window,
        posting=ledger.posting(calls.org_id, token, clock.now(), settings.idempotency_window),
    )
    run = None
    error: BaseException | None = None
    try:
        run = await create_once(calls, clock, plan)
        return run
    except CodegenApiError as failure:
        error = failure
        raise
    finally:
        if flight is not None:
            ledger.land(calls.org_id, token, flight)
            flight.finish(run, error)


async def find_once(calls: AsyncCreateCalls, plan: FindPlan) -> AgentRunResponse | None:
    """Send what ``plan`` asks for until it has its answer.

    Raises:
        CodegenLookupInconclusiveError: It could not search, or cannot tell yet.
        CodegenApiError: A request was refused (401, 403, 404, 422...).

    """
    while True:
        step = plan.next_step()
        if step.kind == "done":
            return plan.result()
        if step.kind == "get":
            try:
                run = await calls.run(step.run_id)
            except CodegenApiError:
                plan.failed_get()
            else:
                plan.took_run(run)
            continue
        try:
            if step.kind == "me":
                plan.took_user(await calls.me())
            else:
                plan.took_list(await calls.lists(step), calls.clock.now())
        except CodegenApiError as error:
            failure = plan.failed(error)
            if failure is error:
                raise
            raise failure from error


async def find_run(agents: AsyncRunLister, org_id: int, token: str) -> AgentRunResponse | None:
    """``find_agent_run``: the run carrying ``token``, None when proven absent, or an error.

    Raises:
        CodegenLookupInconclusiveError: It could not search, or cannot tell yet.
        CodegenApiError: A request was refused (401, 403, 404, 422...).

    """
    calls = AsyncCreateCalls(agents, org_id, None, CallOptions())
    settings = agents._core.settings
    posting = ledger_of(agents._core).known(calls.org_id, token)
    plan = FindPlan(calls.org_id, token, posting, settings.idempotency_window)
    return await find_once(calls, plan)
