"""Let an agent work out a repository's setup commands: ``client.setup_commands``."""

from __future__ import annotations

from codegen_client._async.resources._base import AsyncResource
from codegen_client._core import make_body
from codegen_client_generated.models.generate_setup_commands_input import (
    GenerateSetupCommandsInput,
)
from codegen_client_generated.models.setup_commands_response import SetupCommandsResponse

__all__ = ["AsyncSetupCommands"]


class AsyncSetupCommands(AsyncResource):
    """Start an agent that reads a repository and writes the commands to set it up.

    Example:
        >>> started = await client.setup_commands.generate_setup_commands(1, 7)  # doctest: +SKIP
        >>> await client.agents.get_agent_run(1, started.agent_run_id).status  # doctest: +SKIP
        'ACTIVE'

    """

    async def generate_setup_commands(
        self,
        org_id: int,
        repo_id: int,
        *,
        prompt: str | None = None,
        trigger_source: str | None = None,
    ) -> SetupCommandsResponse:
        """Start a setup-commands agent run on a repository. Never retried: each call starts one.

        Args:
            org_id: The organization.
            repo_id: The repository to analyse.
            prompt: Extra instructions for the agent.
            trigger_source: Where the request came from (the server's default:
                ``"setup-commands"``).

        Returns:
            The started run: ``agent_run_id``, ``status`` and ``url``. Follow it with
            ``client.agents.get_agent_run``.

        Raises:
            CodegenInputError: An argument is invalid (nothing was sent).
            CodegenBadRequestError: The API refused the repository.
            CodegenApiError: Any other failure.

        """
        body = make_body(
            GenerateSetupCommandsInput,
            repo_id=repo_id,
            prompt=prompt,
            trigger_source=trigger_source,
        )
        result: SetupCommandsResponse = await self._core.call(
            "generate_setup_commands", org_id=org_id, body=body
        )
        return result
