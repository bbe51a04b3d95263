"""The organization's OAuth tokens: ``client.oauth``."""

from __future__ import annotations

from typing import Any

from codegen_client._async.resources._base import AsyncResource

__all__ = ["AsyncOAuth"]


class AsyncOAuth(AsyncResource):
    """See which OAuth providers the caller has connected in an organization, and disconnect one.

    Example:
        >>> await client.oauth.get_oauth_token_status(org_id=1)  # doctest: +SKIP
        >>> await client.oauth.revoke_oauth_token(org_id=1, provider="linear")  # doctest: +SKIP

    """

    async def get_oauth_token_status(self, org_id: int) -> Any:
        """Read which providers hold an active OAuth token for the caller in the organization.

        Args:
            org_id: The organization (sent as a query parameter).

        Returns:
            The API's answer as parsed JSON (its shape is not documented; the API describes
            it as a list of connected provider names).

        Raises:
            CodegenInputError: An argument is invalid (nothing was sent).
            CodegenApiError: Any other failure.

        """
        return await self._core.call("get_oauth_token_status", org_id=org_id)

    async def revoke_oauth_token(self, org_id: int, provider: str) -> Any:
        """Disconnect a provider: every token the caller holds for it becomes inactive.

        Args:
            org_id: The organization (sent as a query parameter).
            provider: The provider's name, e.g. one from :meth:`get_oauth_token_status`.

        Returns:
            The API's acknowledgement (its shape is not documented).

        Raises:
            CodegenInputError: An argument is invalid (nothing was sent).
            CodegenApiError: Any other failure.

        """
        return await self._core.call("revoke_oauth_token", org_id=org_id, provider=provider)
