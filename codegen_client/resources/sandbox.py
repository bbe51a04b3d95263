"""Sandbox log analysis: ``client.sandbox``."""

from __future__ import annotations

from codegen_client.resources._base import AsyncResource, SyncResource
from codegen_client_generated.models.analyze_logs_response import AnalyzeLogsResponse

__all__ = ["AsyncSandbox", "Sandbox"]


class Sandbox(SyncResource):
    """Ask an agent why a sandbox's setup failed.

    Example:
        >>> started = client.sandbox.analyze_sandbox_logs(org_id=1, sandbox_id=9)  # doctest: +SKIP
        >>> started.agent_run_id  # doctest: +SKIP
        321

    """

    def analyze_sandbox_logs(self, org_id: int, sandbox_id: int) -> AnalyzeLogsResponse:
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
        result: AnalyzeLogsResponse = self._core.call(
            "analyze_sandbox_logs", org_id=org_id, sandbox_id=sandbox_id
        )
        return result


class AsyncSandbox(AsyncResource):
    """Ask an agent why a sandbox's setup failed (async).

    Example:
        >>> await client.sandbox.analyze_sandbox_logs(org_id=1, sandbox_id=9)  # doctest: +SKIP

    """

    async def analyze_sandbox_logs(self, org_id: int, sandbox_id: int) -> AnalyzeLogsResponse:
        """Start a log-analysis run; see :meth:`Sandbox.analyze_sandbox_logs`."""
        result: AnalyzeLogsResponse = await self._core.call(
            "analyze_sandbox_logs", org_id=org_id, sandbox_id=sandbox_id
        )
        return result
