"""Models agent runs may use: ``client.models``."""

from __future__ import annotations

from codegen_client.resources._base import AsyncResource, SyncResource
from codegen_client_generated.models.models_response import ModelsResponse

__all__ = ["AsyncModels", "Models"]


class Models(SyncResource):
    """List the models an organization's agent runs may use, by provider.

    Example:
        >>> found = client.models.get_models(org_id=1)  # doctest: +SKIP
        >>> [m.value for p in found.providers for m in p.models]  # doctest: +SKIP
        ['claude-sonnet-4', 'gpt-5']

    """

    def get_models(self, org_id: int) -> ModelsResponse:
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
        result: ModelsResponse = self._core.call("get_models", org_id=org_id)
        return result


class AsyncModels(AsyncResource):
    """List the models agent runs may use (async).

    Example:
        >>> found = await client.models.get_models(org_id=1)  # doctest: +SKIP

    """

    async def get_models(self, org_id: int) -> ModelsResponse:
        """Read the models on offer; see :meth:`Models.get_models`."""
        result: ModelsResponse = await self._core.call("get_models", org_id=org_id)
        return result
