"""Models agent runs may use: ``client.models``."""

from __future__ import annotations

from codegen_client._async.resources._base import AsyncResource
from codegen_client_generated.models.models_response import ModelsResponse

__all__ = ["AsyncModels"]


class AsyncModels(AsyncResource):
    """List the models an organization's agent runs may use, by provider.

    Example:
        >>> found = await client.models.get_models(org_id=1)  # doctest: +SKIP
        >>> [m.value for p in found.providers for m in p.models]  # doctest: +SKIP
        ['claude-sonnet-4', 'gpt-5']

    """

    async def get_models(self, org_id: int) -> ModelsResponse:
        """Read the models on offer and the organization's default.

        Args:
            org_id: The organization.

        Returns:
            ``providers`` (each with its ``models``: ``label`` and ``value``) and
            ``default_model``. Pass a ``value`` as ``model`` to ``create_agent_run``.

        Raises:
            CodegenInputError: An argument is invalid (nothing was sent).
            CodegenApiError: Any other failure.

        """
        result: ModelsResponse = await self._core.call("get_models", org_id=org_id)
        return result
