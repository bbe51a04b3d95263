"""``client.agents_alpha``: the generated namespace plus what a run did, read from its log."""

from __future__ import annotations

from codegen_client._agents.activity import ActivityReader, AgentRunSummary
from codegen_client_generated.models.agent_run_response import AgentRunResponse
from codegen_client_generated.operations import OPERATIONS
from codegen_client_generated.resources._async.agents_alpha import AsyncAgentsAlphaBase

__all__ = ["AsyncAgentsAlpha"]


class AsyncAgentsAlpha(AsyncAgentsAlphaBase):
    """Read the step-by-step log of an agent run: thoughts, tool calls and their results.

    These routes are a preview of the API (``/alpha``) and may change.

    Examples:
        >>> async for entry in client.agents_alpha.iter_agent_run_logs(1, 2):  # doctest: +SKIP
        ...     print(entry.created_at, entry.message_type, entry.tool_name)
        >>> summary = await client.agents_alpha.summarize_agent_run(1, 2)  # doctest: +SKIP

    """

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
            An [`AgentRunSummary`][codegen_client.AgentRunSummary] (``.to_dict()`` for JSON).

        Raises:
            CodegenInputError: An argument is invalid (nothing was sent).
            CodegenResourceNotFoundError: No such run in the organization.
            CodegenApiError: Any other failure.

        """
        reader = ActivityReader()
        limit = None if max_log_entries is None else max_log_entries + 1
        async for entry in self.iter_agent_run_logs(org_id, agent_run_id, max_items=limit):
            if max_log_entries is not None and reader.entries == max_log_entries:
                return reader.summary(await self._run(org_id, agent_run_id), complete=False)
            reader.read(entry.to_dict())
        return reader.summary(await self._run(org_id, agent_run_id))

    async def _run(self, org_id: int, agent_run_id: int) -> AgentRunResponse:
        run: AgentRunResponse = await self._core.call(
            OPERATIONS["get_agent_run"],
            (org_id, agent_run_id),
            None,
            None,
            AgentRunResponse.from_dict,
            expect=(("id", agent_run_id),),
        )
        return run
