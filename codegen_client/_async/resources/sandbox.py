"""Sandbox log analysis: ``client.sandbox``."""

from __future__ import annotations

from codegen_client._async.resources._base import AsyncResource
from codegen_client_generated.models.analyze_logs_response import AnalyzeLogsResponse

__all__ = ["AsyncSandbox"]


class AsyncSandbox(AsyncResource):
    """Ask an agent why a sandbox's setup failed.

    Example:
        >>> started = await client.sandbox.analyze_sandbox_logs(1, sandbox_id=9)  # doctest: +SKIP
        >>> started.agent_run_id  # doctest: +SKIP
        321

    """

    async def analyze_sandbox_logs(self, org_id: int, sandbox_id: int) -> AnalyzeLogsResponse:
        """Start an agent run that reads a sandbox's setup logs. Never retried: it starts a run.

        Args:
            org_id: The organization.
            sandbox_id: The sandbox whose setup logs to read.

        Returns:
            The started run: ``agent_run_id``, ``status`` and ``message``. The findings become
            the run's ``result``; follow it with ``client.agents.get_agent_run``.

        Raises:
            CodegenInputError: An argument is invalid (nothing was sent).
            CodegenBadRequestError: The API refused the sandbox.
            CodegenResourceNotFoundError: No such sandbox.
            CodegenApiError: Any other failure.

        """
        result: AnalyzeLogsResponse = await self._core.call(
            "analyze_sandbox_logs", org_id=org_id, sandbox_id=sandbox_id
        )
        return result
