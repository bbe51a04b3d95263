"""Integrations of an organization: ``client.integrations``."""

from __future__ import annotations

from codegen_client._async.resources._base import AsyncResource
from codegen_client_generated.models.organization_integrations_response import (
    OrganizationIntegrationsResponse,
)

__all__ = ["AsyncIntegrations"]


class AsyncIntegrations(AsyncResource):
    """See which integrations (GitHub, Slack, Linear, ...) an organization has connected.

    Example:
        >>> found = await client.integrations.get_organization_integrations(1)  # doctest: +SKIP
        >>> [i.integration_type for i in found.integrations if i.active]  # doctest: +SKIP
        ['github', 'slack']

    """

    async def get_organization_integrations(self, org_id: int) -> OrganizationIntegrationsResponse:
        """Read the organization's integrations and whether each is active.

        Args:
            org_id: The organization.

        Returns:
            The integrations and the count of active ones.

        Raises:
            CodegenInputError: An argument is invalid (nothing was sent).
            CodegenPermissionError: The caller is not in the organization.
            CodegenApiError: Any other failure.

        """
        result: OrganizationIntegrationsResponse = await self._core.call(
            "get_organization_integrations", org_id=org_id
        )
        return result
