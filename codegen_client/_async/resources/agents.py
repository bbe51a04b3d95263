"""Agent runs: ``client.agents``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from codegen_client._agents.create_plan import CreatePlan, check_request_id, tag_metadata
from codegen_client._agents.wait_plan import StatusCallback, WaitOptions, check_run_id
from codegen_client._async.create import AsyncCreateCalls, create_once, find_run
from codegen_client._async.pagination import AsyncPaginator
from codegen_client._async.resources._base import AsyncResource
from codegen_client._async.wait import settle_runs, wait_runs
from codegen_client._core import make_body
from codegen_client_generated.models.agent_run_action_input import AgentRunActionInput
from codegen_client_generated.models.agent_run_page import AgentRunPage
from codegen_client_generated.models.agent_run_response import AgentRunResponse
from codegen_client_generated.models.create_agent_run_input import CreateAgentRunInput
from codegen_client_generated.models.resume_agent_run_input import ResumeAgentRunInput

__all__ = ["AsyncAgents"]

Webhooks = Sequence[Mapping[str, str | None]]
DEFAULT_WAIT_TIMEOUT = 1800.0
# Sent with a repo_id that comes without an agent_type (see _create_body).
REPO_AGENT_TYPE = "codegen"
DEFAULT_POLL_INTERVAL = 1.0
DEFAULT_MAX_POLL_INTERVAL = 30.0


def _action_body(
    agent_run_id: int, before_card_order_id: str | None, after_card_order_id: str | None
) -> AgentRunActionInput:
    """The body ban, unban and remove-from-pr share."""
    return make_body(
        AgentRunActionInput,
        agent_run_id=agent_run_id,
        before_card_order_id=before_card_order_id,
        after_card_order_id=after_card_order_id,
    )


def _create_body(
    prompt: str,
    repo_id: int | None,
    model: str | None,
    agent_type: str | None,
    images: Sequence[str] | None,
    metadata: Mapping[str, Any] | None,
    webhooks: Webhooks | None,
) -> tuple[CreateAgentRunInput, str, bool]:
    """The create body (metadata tagged with a token), the token, and whether it is the caller's.

    A ``repo_id`` without an ``agent_type`` is sent with ``agent_type="codegen"``: the live API
    is reported to ignore the repository otherwise. An explicit ``agent_type`` is sent as given.
    """
    tagged, token, caller = tag_metadata(metadata)
    if repo_id is not None and agent_type is None:
        agent_type = REPO_AGENT_TYPE
    body = make_body(
        CreateAgentRunInput,
        prompt=prompt,
        repo_id=repo_id,
        model=model,
        agent_type=agent_type,
        images=images,
        metadata=tagged,
        webhooks=webhooks,
    )
    return body, token, caller


def _run_items(page: AgentRunPage) -> list[AgentRunResponse]:
    return page.items


class AsyncAgents(AsyncResource):
    """Start, read, list and steer agent runs.

    Example:
        >>> run = await client.agents.create_agent_run(1, prompt="Add a test")  # doctest: +SKIP
        >>> (await client.agents.get_agent_run(1, run.id)).status  # doctest: +SKIP
        'ACTIVE'

    """

    _current_user_id: int | None = None  # users/me, asked once by the create look-ups

    async def create_agent_run(
        self,
        org_id: int,
        prompt: str,
        *,
        repo_id: int | None = None,
        model: str | None = None,
        agent_type: str | None = None,
        images: Sequence[str] | None = None,
        metadata: Mapping[str, Any] | None = None,
        webhooks: Webhooks | None = None,
    ) -> AgentRunResponse:
        """Start an agent run. One call never starts (and bills) more than one run.

        The run's ``metadata`` gets a ``codegen_client_request_id`` token (your own keys are
        kept). When the answer to the POST is lost, times out, is a 5xx, or is empty or cannot
        be read, the client looks for a run carrying that token among your API runs, again
        and again for ``create_lookup_window`` seconds (15 by default) since the list may lag,
        and returns it. It posts again (up to ``max_retries`` times) only once a look-up
        proved that no run carries the token (a complete search of a list that shows a run
        started after the failure); otherwise it raises
        :class:`~codegen_client.CodegenCreateOutcomeUnknownError`. Pass your own
        ``metadata={"codegen_client_request_id": "..."}`` to make the call idempotent: it is
        looked up before the POST, so a repeat (any process, any time) returns the run the
        first call started. A 402 is never repeated.

        Users of the live API report that ``repo_id`` is ignored unless
        ``agent_type="codegen"`` is sent with it, so a ``repo_id`` without an ``agent_type``
        is sent with ``agent_type="codegen"``. An ``agent_type`` you pass is sent as given
        (``"claude_code"`` with a ``repo_id`` may then work without the repository).

        Args:
            org_id: The organization.
            prompt: What the agent should do.
            repo_id: The repository to work in (sends ``agent_type="codegen"`` unless you
                pass an ``agent_type``).
            model: A model ``value`` from ``client.models.get_models``.
            agent_type: ``"codegen"`` or ``"claude_code"`` (None: the organization's default,
                or ``"codegen"`` with a ``repo_id``).
            images: Pictures as base64 data URIs (``data:image/png;base64,...``).
            metadata: Any JSON object (nested at most 32 levels, the object itself counting
                as one; strings without lone surrogates; integers of at most 4300 digits),
                stored with the run and returned with it.
            webhooks: Webhooks for this run only: ``[{"url": ..., "secret": ...}]``.

        Returns:
            The new run (status ``ACTIVE``).

        Raises:
            CodegenInputError: An argument is invalid (nothing was sent).
            CodegenPlanLimitError: The plan's agent-run allowance is used up.
            CodegenResourceNotFoundError: The organization has no repositories.
            CodegenCreateOutcomeUnknownError: The create failed ambiguously and no look-up
                could tell whether it started a run; its ``request_id`` finds it later.
            CodegenApiError: Any other failure (after an ambiguous failure: only when no run
                carrying this call's token exists).

        """
        body, token, caller = _create_body(
            prompt, repo_id, model, agent_type, images, metadata, webhooks
        )
        plan = CreatePlan(
            org_id,
            token,
            caller_token=caller,
            max_retries=self._core.settings.max_retries,
            window=self._core.settings.create_lookup_window,
        )
        return await create_once(AsyncCreateCalls(self, org_id, body), self._core.clock, plan)

    async def find_agent_run(self, org_id: int, request_id: str) -> AgentRunResponse | None:
        """Find the run a create started, by the request id in its metadata.

        Reads your API runs in the organization, newest first, until one carries
        ``metadata["codegen_client_request_id"] == request_id``: the id a
        :class:`~codegen_client.CodegenCreateOutcomeUnknownError` or an interrupted
        ``codegen-client agent-run`` names, or your own.

        Args:
            org_id: The organization.
            request_id: The request id.

        Returns:
            The newest run carrying it, or None when none of your API runs does.

        Raises:
            CodegenInputError: ``request_id`` is not a non-empty string (nothing was sent).
            CodegenCreateOutcomeUnknownError: You have too many API runs to read them all.
            CodegenApiError: A request failed.

        """
        token = check_request_id(request_id)
        return await find_run(AsyncCreateCalls(self, org_id, None), self._core.clock, token)

    async def get_agent_run(self, org_id: int, agent_run_id: int) -> AgentRunResponse:
        """Read one agent run: its status, and its ``result`` once complete.

        Raises:
            CodegenResourceNotFoundError: No such run in the organization.
            CodegenResponseError: The answer is about another run.
            CodegenApiError: Any other failure.

        """
        result: AgentRunResponse = await self._core.call(
            "get_agent_run", org_id=org_id, agent_run_id=agent_run_id
        )
        return check_run_id(result, agent_run_id)

    async def list_agent_runs(
        self,
        org_id: int,
        *,
        user_id: int | None = None,
        source_type: str | None = None,
        skip: int = 0,
        limit: int = 100,
    ) -> AgentRunPage:
        """One page of the organization's runs, newest first.

        Args:
            org_id: The organization.
            user_id: Only runs started by this user.
            source_type: Only runs from this source (``"API"``, ``"SLACK"``, ...; any case).
            skip: Runs to pass over.
            limit: Page size, 1..100.

        Returns:
            The page: ``items``, ``total``, ``page``, ``size``, ``pages``.

        Raises:
            CodegenApiError: On failure.

        """
        result: AgentRunPage = await self._core.call(
            "list_agent_runs",
            org_id=org_id,
            user_id=user_id,
            source_type=source_type,
            skip=skip,
            limit=limit,
        )
        return result

    def iter_agent_runs(
        self,
        org_id: int,
        *,
        user_id: int | None = None,
        source_type: str | None = None,
        page_size: int = 100,
        max_items: int | None = None,
    ) -> AsyncPaginator[AgentRunResponse]:
        """Iterate the organization's runs, newest first, fetching pages as needed.

        Each run is yielded once even when new runs shift the pages (see
        :mod:`codegen_client._pagination`); runs created after iteration began are not included.

        Args:
            org_id: The organization.
            user_id: Only runs started by this user.
            source_type: Only runs from this source.
            page_size: Runs per request, 1..100.
            max_items: Stop after this many runs.

        Returns:
            A lazy iterable of runs.

        Raises:
            CodegenInputError: An argument is invalid; ``page_size`` and ``max_items`` are
                checked here, the others when iteration starts (before any request).

        """
        return AsyncPaginator(
            lambda skip, limit: self.list_agent_runs(
                org_id, user_id=user_id, source_type=source_type, skip=skip, limit=limit
            ),
            _run_items,
            page_size=page_size,
            max_items=max_items,
            newest_first=True,
        )

    async def resume_agent_run(
        self,
        org_id: int,
        agent_run_id: int,
        prompt: str,
        *,
        model: str | None = None,
        images: Sequence[str] | None = None,
        webhooks: Webhooks | None = None,
    ) -> AgentRunResponse:
        """Give a ``PAUSED`` run a new prompt and set it working again.

        Raises:
            CodegenResourceNotFoundError: No such run.
            CodegenApiError: Any other failure.

        """
        body = make_body(
            ResumeAgentRunInput,
            agent_run_id=agent_run_id,
            prompt=prompt,
            model=model,
            images=images,
            webhooks=webhooks,
        )
        result: AgentRunResponse = await self._core.call(
            "resume_agent_run", org_id=org_id, body=body
        )
        return result

    async def ban_all_checks_for_agent_run(
        self,
        org_id: int,
        agent_run_id: int,
        *,
        before_card_order_id: str | None = None,
        after_card_order_id: str | None = None,
    ) -> Any:
        """Stop the run's pull request from triggering the agent on failing checks.

        Returns:
            The API's acknowledgement (its shape is not documented).

        Raises:
            CodegenResourceNotFoundError: No such run.
            CodegenApiError: Any other failure.

        """
        return await self._core.call(
            "ban_all_checks_for_agent_run",
            org_id=org_id,
            body=_action_body(agent_run_id, before_card_order_id, after_card_order_id),
        )

    async def unban_all_checks_for_agent_run(
        self,
        org_id: int,
        agent_run_id: int,
        *,
        before_card_order_id: str | None = None,
        after_card_order_id: str | None = None,
    ) -> Any:
        """Let failing checks on the run's pull request trigger the agent again.

        Returns:
            The API's acknowledgement (its shape is not documented).

        Raises:
            CodegenResourceNotFoundError: No such run.
            CodegenApiError: Any other failure.

        """
        return await self._core.call(
            "unban_all_checks_for_agent_run",
            org_id=org_id,
            body=_action_body(agent_run_id, before_card_order_id, after_card_order_id),
        )

    async def remove_codegen_from_pr(
        self,
        org_id: int,
        agent_run_id: int,
        *,
        before_card_order_id: str | None = None,
        after_card_order_id: str | None = None,
    ) -> Any:
        """Make Codegen stop working on the pull request the run opened.

        Returns:
            The API's acknowledgement (its shape is not documented).

        Raises:
            CodegenResourceNotFoundError: No such run.
            CodegenApiError: Any other failure.

        """
        return await self._core.call(
            "remove_codegen_from_pr",
            org_id=org_id,
            body=_action_body(agent_run_id, before_card_order_id, after_card_order_id),
        )

    async def wait_for_agent_run(
        self,
        org_id: int,
        agent_run_id: int,
        *,
        timeout: float | None = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        max_poll_interval: float = DEFAULT_MAX_POLL_INTERVAL,
        on_status_change: StatusCallback | None = None,
    ) -> AgentRunResponse:
        """Poll a run until it finishes, and return it.

        Statuses compare without regard to case. ``COMPLETE`` and the failure statuses
        (``ERROR``, ``FAILED``, ``CANCELLED``, ``TIMEOUT``, ``MAX_ITERATIONS_REACHED``,
        ``OUT_OF_TOKENS``, ``STOPPED``) end the wait: check ``status`` (or
        ``agent_run_phase(run.status)``) to tell them apart. Unknown statuses count as still
        running. Waits go through the client's clock and requests through its rate limiter.

        Args:
            org_id: The organization.
            agent_run_id: The run.
            timeout: Seconds to wait in all (None: no limit).
            poll_interval: First wait between polls; each wait is 1.5 times the one before.
            max_poll_interval: Longest wait between polls.
            on_status_change: Called with the run when it is first seen and whenever its
                status changes.

        Returns:
            The run in its final state (``result`` holds the answer when ``COMPLETE``).

        Raises:
            CodegenInputError: An argument is invalid (nothing was sent).
            CodegenAgentRunPausedError: The run is ``PAUSED``, waiting for input.
            CodegenAgentRunTimeoutError: ``timeout`` passed; ``run`` is its last known state.
            CodegenApiError: A request failed for good.

        """
        options = WaitOptions(timeout, poll_interval, max_poll_interval, on_status_change)
        return (await wait_runs(self, self._core.clock, org_id, [agent_run_id], options))[0]

    async def wait_for_agent_runs(
        self,
        org_id: int,
        agent_run_ids: Sequence[int],
        *,
        timeout: float | None = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        max_poll_interval: float = DEFAULT_MAX_POLL_INTERVAL,
        on_status_change: StatusCallback | None = None,
        raise_on_paused: bool = True,
    ) -> list[AgentRunResponse]:
        """Poll many runs until each one finishes; the cost per round does not grow with them.

        Each round reads one newest-first page of the organization's runs and fetches singly
        only the runs that are not on it (a single run left is fetched directly).

        Args:
            org_id: The organization.
            agent_run_ids: The runs.
            timeout: Seconds to wait in all (None: no limit).
            poll_interval: First wait between rounds; each wait is 1.5 times the one before.
            max_poll_interval: Longest wait between rounds.
            on_status_change: Called with a run when it is first seen and whenever its status
                changes.
            raise_on_paused: When False, a ``PAUSED`` run is returned as it is (and no longer
                polled) instead of raising once the others have settled.

        Returns:
            The runs in their final state, in the order of ``agent_run_ids``.

        Raises:
            CodegenInputError: An argument is invalid (nothing was sent).
            CodegenAgentRunPausedError: A run is ``PAUSED``; raised once every other run has
                settled, and carrying them all in ``runs``.
            CodegenAgentRunTimeoutError: ``timeout`` passed; ``runs`` holds every run's last
                known state, ``pending`` those still working.
            CodegenApiError: A request failed for good.

        """
        options = WaitOptions(timeout, poll_interval, max_poll_interval, on_status_change)
        if not raise_on_paused:
            return await settle_runs(self, self._core.clock, org_id, agent_run_ids, options)
        return await wait_runs(self, self._core.clock, org_id, agent_run_ids, options)
