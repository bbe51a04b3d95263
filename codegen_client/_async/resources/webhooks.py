"""The organization's agent-run webhook: ``client.webhooks``."""

from __future__ import annotations

from typing import Any

from codegen_client._async.resources._base import AsyncResource
from codegen_client._core import make_body
from codegen_client_generated.models.webhook_config_request import WebhookConfigRequest
from codegen_client_generated.models.webhook_config_response import WebhookConfigResponse
from codegen_client_generated.models.webhook_test_request import WebhookTestRequest

__all__ = ["AsyncWebhooks"]


class AsyncWebhooks(AsyncResource):
    """Set, read, remove and try the URL the API calls when an agent run finishes.

    Example:
        >>> hook = "https://example.com/hook"
        >>> await client.webhooks.set_webhook_config(1, hook, secret="s3")  # doctest: +SKIP
        >>> await client.webhooks.get_webhook_config(1).has_secret  # doctest: +SKIP
        True

    """

    async def get_webhook_config(self, org_id: int) -> WebhookConfigResponse:
        """Read the organization's webhook. The secret itself is never returned.

        Args:
            org_id: The organization.

        Returns:
            ``url`` (None when unset), ``enabled`` and ``has_secret``.

        Raises:
            CodegenInputError: An argument is invalid (nothing was sent).
            CodegenApiError: Any other failure.

        """
        result: WebhookConfigResponse = await self._core.call("get_webhook_config", org_id=org_id)
        return result

    async def set_webhook_config(
        self, org_id: int, url: str, *, secret: str | None = None, enabled: bool = True
    ) -> Any:
        """Set the URL that receives agent-run completion events, replacing any before it.

        Args:
            org_id: The organization.
            url: An http(s) URL.
            secret: Signs each event (HMAC) so the receiver can check it came from Codegen.
            enabled: False stores the webhook without sending events.

        Returns:
            The API's acknowledgement (its shape is not documented).

        Raises:
            CodegenInputError: An argument is invalid, e.g. not an http(s) URL (nothing was sent).
            CodegenApiError: Any other failure.

        """
        body = make_body(WebhookConfigRequest, url=url, secret=secret, enabled=enabled)
        return await self._core.call("set_webhook_config", org_id=org_id, body=body)

    async def delete_webhook_config(self, org_id: int) -> Any:
        """Remove the organization's webhook: URL, secret and enabled flag.

        Args:
            org_id: The organization.

        Returns:
            The API's acknowledgement (its shape is not documented).

        Raises:
            CodegenInputError: An argument is invalid (nothing was sent).
            CodegenApiError: Any other failure.

        """
        return await self._core.call("delete_webhook_config", org_id=org_id)

    async def test_webhook(self, org_id: int, url: str) -> Any:
        """Send a test event to ``url``. Never retried: each call sends one event.

        Args:
            org_id: The organization.
            url: The http(s) URL to send the test event to.

        Returns:
            The API's report of the attempt (its shape is not documented).

        Raises:
            CodegenInputError: An argument is invalid, e.g. not an http(s) URL (nothing was sent).
            CodegenApiError: Any other failure.

        """
        body = make_body(WebhookTestRequest, url=url)
        return await self._core.call("test_webhook", org_id=org_id, body=body)
