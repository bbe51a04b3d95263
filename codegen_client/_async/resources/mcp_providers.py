"""OAuth providers behind MCP servers: ``client.mcp_providers``."""

from __future__ import annotations

from codegen_client._async.resources._base import AsyncResource
from codegen_client_generated.models.o_auth_provider_response import OAuthProviderResponse

__all__ = ["AsyncMcpProviders"]


class AsyncMcpProviders(AsyncResource):
    """List the OAuth providers that back MCP servers.

    Example:
        >>> [p.name async for p in await client.mcp_providers.get_mcp_providers()]  # doctest: +SKIP
        ['linear', 'notion']

    """

    async def get_mcp_providers(self) -> list[OAuthProviderResponse]:
        """Read every OAuth provider marked as an MCP provider.

        Returns:
            The providers, with their endpoints and default scopes.

        Raises:
            CodegenAuthError: The API key is missing or wrong.
            CodegenApiError: Any other failure.

        """
        result: list[OAuthProviderResponse] = await self._core.call("get_mcp_providers")
        return result
