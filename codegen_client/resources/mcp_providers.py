"""OAuth providers behind MCP servers: ``client.mcp_providers``."""

from __future__ import annotations

from codegen_client.resources._base import AsyncResource, SyncResource
from codegen_client_generated.models.o_auth_provider_response import OAuthProviderResponse

__all__ = ["AsyncMcpProviders", "McpProviders"]


class McpProviders(SyncResource):
    """List the OAuth providers that back MCP servers.

    Example:
        >>> [p.name for p in client.mcp_providers.get_mcp_providers()]  # doctest: +SKIP
        ['linear', 'notion']

    """

    def get_mcp_providers(self) -> list[OAuthProviderResponse]:
        """Read every OAuth provider marked as an MCP provider.

        Returns:
            The providers, with their endpoints and default scopes.

        Raises:
            CodegenAuthError: The API key is missing or wrong.
            CodegenApiError: Any other failure.

        """
        result: list[OAuthProviderResponse] = self._core.call("get_mcp_providers")
        return result


class AsyncMcpProviders(AsyncResource):
    """List the OAuth providers behind MCP servers (async).

    Example:
        >>> providers = await client.mcp_providers.get_mcp_providers()  # doctest: +SKIP

    """

    async def get_mcp_providers(self) -> list[OAuthProviderResponse]:
        """Read the MCP providers; see :meth:`McpProviders.get_mcp_providers`."""
        result: list[OAuthProviderResponse] = await self._core.call("get_mcp_providers")
        return result
