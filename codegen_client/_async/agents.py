"""The agent-run methods with behaviour of their own, on top of the generated ``client.agents``.

``create_agent_run`` never starts two runs, ``find_agent_run`` finds the run a create started,
and the waits poll runs until they finish. Every other method of ``client.agents`` is generated
from the spec (``codegen_client_generated.resources._async.agents``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from codegen_client._options import NOT_GIVEN, Body, CallOptions, Headers, NotGiven, Query, Timeout
from codegen_client_generated.models.agent_run_response import AgentRunResponse
from codegen_client_generated.resources._async.agents import AsyncAgentsBase

if TYPE_CHECKING:
    from codegen_client._agents.wait_plan import StatusCallback

# The create and wait machinery loads on first use, so a process that only reads runs (the
# first call of a CLI command or a serverless function) does not pay for it.

__all__ = ["AsyncAgents"]

Webhooks = Sequence[Mapping[str, str | None]]
DEFAULT_WAIT_TIMEOUT = 1800.0
DEFAULT_POLL_INTERVAL = 1.0
DEFAULT_MAX_POLL_INTERVAL = 30.0
# Sent with a repo_id that comes without an agent_type (see create_agent_run).
REPO_AGENT_TYPE = "codegen"


class AsyncAgents(AsyncAgentsBase):
    """Start, read, list and steer agent runs.

    Examples:
        >>> run = await client.agents.create_agent_run(1, "Add a test")  # doctest: +SKIP
        >>> run = await client.agents.wait_for_agent_run(1, run.id)  # doctest: +SKIP
        >>> run.status, run.result  # doctest: +SKIP
        ('COMPLETE', '## Done ...')

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
        timeout: Timeout | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
    ) -> AgentRunResponse:
        """Start an agent run. One call never starts (and bills) more than one run.

        The run's ``metadata`` gets a ``codegen_client_request_id`` token (your own keys are
        kept). When the answer to the POST is lost, times out, is a 5xx, cannot be read or is
        about another run, the client looks for a run carrying that token among your API runs,
        again and again for ``create_lookup_window`` seconds (30 by default) since the list
        may lag, and returns it. It posts again (up to ``max_retries`` times) only once one
        list answer proved that no run carries the token; otherwise it raises
        [`CodegenCreateOutcomeUnknownError`][codegen_client.CodegenCreateOutcomeUnknownError].
        Pass your own
        ``metadata={"codegen_client_request_id": "..."}`` to make the call idempotent for
        ``idempotency_window`` seconds (24 hours by default): it is looked up before the POST,
        so a repeat returns the run the first call started, and concurrent calls with it on
        one client send one POST. Repeating a create with the request id of an
        outcome-unknown error never starts a second run. A 402 is never repeated. See "No
        duplicate runs" in the docs for what this rests on.

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
            timeout: The timeout of each request this call sends (seconds or an
                ``httpx.Timeout``), instead of the client's.
            extra_headers: Headers to add to the create request.
            extra_query: Query parameters to add to the create request.
            extra_body: Fields to add to the create request's JSON body.

        Returns:
            The new run (status ``ACTIVE``), or the one your request id already started.

        Raises:
            CodegenInputError: An argument is invalid (nothing was sent).
            CodegenPlanLimitError: The plan's agent-run allowance is used up.
            CodegenResourceNotFoundError: The organization has no repositories.
            CodegenCreateOutcomeUnknownError: No look-up could tell whether a run carrying the
                request id was started (``posted`` says whether this call sent a POST); its
                ``request_id`` finds it later.
            CodegenApiError: Any other failure (after an ambiguous failure: only when no run
                carrying this call's token exists).

        """
        from codegen_client._agents.create_plan import tag_metadata
        from codegen_client._async.create import create_run

        tagged, token, caller = tag_metadata(metadata)
        if repo_id is not None and agent_type is None:
            agent_type = REPO_AGENT_TYPE
        body = {
            "prompt": prompt,
            "repo_id": repo_id,
            "model": model,
            "agent_type": agent_type,
            "images": images,
            "metadata": tagged,
            "webhooks": webhooks,
        }
        options = CallOptions(timeout, extra_headers, extra_query, extra_body)
        return await create_run(self, org_id, body, options, token, caller_token=caller)

    async def find_agent_run(self, org_id: int, request_id: str) -> AgentRunResponse | None:
        """Find the run a create started, by the request id in its metadata.

        Reads your API runs in the organization, newest first, for one carrying
        ``metadata["codegen_client_request_id"] == request_id``: the id a
        [`CodegenCreateOutcomeUnknownError`][codegen_client.CodegenCreateOutcomeUnknownError]
        or an interrupted
        ``codegen-client agent-run`` names, or your own. None means *proven absent*: no run
        carries it and none will, which only the client that sent the create can prove (it
        knows when it posted); then starting the run again is safe. When it cannot tell yet,
        it raises instead of answering None.

        Args:
            org_id: The organization.
            request_id: The request id.

        Returns:
            The newest run carrying it, or None when it is proven that no run does, nor will.

        Raises:
            CodegenInputError: ``request_id`` is not a non-empty string (nothing was sent).
            CodegenLookupInconclusiveError: It could not search (too many of your API runs
                inside the idempotency window, or the look-up failed: no answer, a 5xx, a 429),
                or found none but cannot prove that none will show (ask again later).
            CodegenApiError: A request was refused (401, 403, 404, 422...).

        """
        from codegen_client._agents.create_plan import check_request_id
        from codegen_client._async.create import find_run

        return await find_run(self, org_id, check_request_id(request_id))

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
        from codegen_client._agents.wait_plan import WaitOptions
        from codegen_client._async.wait import wait_runs

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
        from codegen_client._agents.wait_plan import WaitOptions
        from codegen_client._async.wait import settle_runs, wait_runs

        options = WaitOptions(timeout, poll_interval, max_poll_interval, on_status_change)
        if not raise_on_paused:
            return await settle_runs(self, self._core.clock, org_id, agent_run_ids, options)
        return await wait_runs(self, self._core.clock, org_id, agent_run_ids, options)
