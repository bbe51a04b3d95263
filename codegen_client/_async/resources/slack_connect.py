"""Linking a Slack account: ``client.slack_connect``."""

from __future__ import annotations

from codegen_client._async.resources._base import AsyncResource
from codegen_client._core import make_body
from codegen_client_generated.models.generate_token_request import GenerateTokenRequest
from codegen_client_generated.models.generate_token_response import GenerateTokenResponse

__all__ = ["AsyncSlackConnect"]


class AsyncSlackConnect(AsyncResource):
    """Get a one-time token that links the caller's Slack account to Codegen.

    Example:
        >>> t = await client.slack_connect.generate_slack_connect_token(org_id=1)  # doctest: +SKIP
        >>> print(f"DM the Codegen bot: Connect my account: {t.token}")  # doctest: +SKIP

    """

    async def generate_slack_connect_token(self, org_id: int) -> GenerateTokenResponse:
        """Make a short-lived, single-use token. Never retried: each call makes a new one.

        Send the token to the Codegen Slack bot in a direct message to link the accounts.

        Args:
            org_id: The organization (sent in the body).

        Returns:
            ``token``, ``message`` and ``expires_in_minutes``.

        Raises:
            CodegenInputError: An argument is invalid (nothing was sent).
            CodegenApiError: Any other failure.

        """
        body = make_body(GenerateTokenRequest, org_id=org_id)
        result: GenerateTokenResponse = await self._core.call(
            "generate_slack_connect_token", body=body
        )
        return result
