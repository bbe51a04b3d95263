"""Preview endpoints of agent runs (the API's ``/alpha`` routes): ``client.agents_alpha``."""

from __future__ import annotations

import json
from collections.abc import Hashable

from codegen_client._agents.activity import ActivityReader, AgentRunSummary
from codegen_client._agents.wait_plan import check_run_id
from codegen_client._async.pagination import AsyncPaginator
from codegen_client._async.resources._base import AsyncResource
from codegen_client._pagination import count_of
from codegen_client_generated.models.agent_run_log_response import AgentRunLogResponse
from codegen_client_generated.models.agent_run_response import AgentRunResponse
from codegen_client_generated.models.agent_run_with_logs_response import (
    AgentRunWithLogsResponse,
)

__all__ = ["AsyncAgentsAlpha"]


def _log_items(page: AgentRunWithLogsResponse) -> list[AgentRunLogResponse]:
    return page.logs


def _log_total(page: AgentRunWithLogsResponse) -> int | None:
    # Log pages count their items in total_logs, which may be null or absent.
    return count_of(page.total_logs)


def _log_key(entry: AgentRunLogResponse) -> Hashable:
    # Log entries carry no id. All their fields together (time to the microsecond included)
    # tell two entries apart; JSON with sorted keys makes that hashable, nested dicts too.
    return json.dumps(entry.to_dict(), sort_keys=True, default=str)


class AsyncAgentsAlpha(AsyncResource):
    """Read the step-by-step log of an agent run: thoughts, tool calls and their results.

    These routes are a preview of the API (``/alpha``) and may change.

    Example:
        >>> async for entry in client.agents_alpha.iter_agent_run_logs(1, 2):  # doctest: +SKIP
        ...     print(entry.created_at, entry.message_type, entry.tool_name)

    """

    async def get_agent_run_logs(
        self,
        org_id: int,
        agent_run_id: int,
        *,
        skip: int = 0,
        limit: int = 100,
        reverse: bool = False,
    ) -> AgentRunWithLogsResponse:
        """One page of a run's log, with the run itself.

        Args:
            org_id: The organization.
            agent_run_id: The run.
            skip: Log entries to pass over.
            limit: Page size, 1..100.
            reverse: True for newest entries first (default: oldest first).

        Returns:
            The run's fields (``status``, ``result``, ...) plus ``logs`` and ``total_logs``
            (the page fields may be None).

        Raises:
            CodegenInputError: An argument is invalid (nothing was sent).
            CodegenResourceNotFoundError: No such run in the organization.
            CodegenApiError: Any other failure.

        """
        result: AgentRunWithLogsResponse = await self._core.call(
            "get_agent_run_logs",
            org_id=org_id,
            agent_run_id=agent_run_id,
            skip=skip,
            limit=limit,
            reverse=reverse,
        )
        return result

    def iter_agent_run_logs(
        self,
        org_id: int,
        agent_run_id: int,
        *,
        reverse: bool = False,
        page_size: int = 100,
        max_items: int | None = None,
    ) -> AsyncPaginator[AgentRunLogResponse]:
        """Iterate a run's log entries, fetching pages as needed.

        With ``reverse=True`` entries the run writes meanwhile push older ones down the pages;
        each entry is still yielded once (entries are told apart by all their fields).

        Args:
            org_id: The organization.
            agent_run_id: The run.
            reverse: True for newest entries first.
            page_size: Entries per request, 1..100.
            max_items: Stop after this many entries.

        Returns:
            A lazy iterable of log entries.

        Raises:
            CodegenInputError: An argument is invalid; ``page_size`` and ``max_items`` are
                checked here, the others when iteration starts (before any request).

        """
        return AsyncPaginator(
            lambda skip, limit: self.get_agent_run_logs(
                org_id, agent_run_id, skip=skip, limit=limit, reverse=reverse
            ),
            _log_items,
            key=_log_key,
            total_of=_log_total,
            page_size=page_size,
            max_items=max_items,
        )

    async def summarize_agent_run(
        self, org_id: int, agent_run_id: int, *, max_log_entries: int | None = None
    ) -> AgentRunSummary:
        """What a run did, read from its log: files changed, commands, test results, PRs.

        Reads the whole log oldest first (one request per 100 entries), then the run itself
        (for its status and pull requests). Tool calls the reader does not know are skipped.

        Args:
            org_id: The organization.
            agent_run_id: The run.
            max_log_entries: Read at most this many entries (None: all); the summary's
                ``complete`` says whether the end was reached.

        Returns:
            An :class:`~codegen_client.AgentRunSummary` (``.to_dict()`` for JSON).

        Raises:
            CodegenInputError: An argument is invalid (nothing was sent).
            CodegenResourceNotFoundError: No such run in the organization.
            CodegenApiError: Any other failure.

        """
        reader = ActivityReader()
        async for entry in self.iter_agent_run_logs(
            org_id, agent_run_id, max_items=None if max_log_entries is None else max_log_entries + 1
        ):
            if max_log_entries is not None and reader.entries == max_log_entries:
                return reader.summary(await self._run(org_id, agent_run_id), complete=False)
            reader.read(entry.to_dict())
        return reader.summary(await self._run(org_id, agent_run_id))

    async def _run(self, org_id: int, agent_run_id: int) -> AgentRunResponse:
        run: AgentRunResponse = await self._core.call(
            "get_agent_run", org_id=org_id, agent_run_id=agent_run_id
        )
        return check_run_id(run, agent_run_id)
