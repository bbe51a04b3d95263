"""Organizations of the caller: ``client.organizations``."""

from __future__ import annotations

from codegen_client._async.pagination import AsyncPaginator
from codegen_client._async.resources._base import AsyncResource
from codegen_client_generated.models.organization_page import OrganizationPage
from codegen_client_generated.models.organization_response import OrganizationResponse

__all__ = ["AsyncOrganizations"]


def _organization_items(page: OrganizationPage) -> list[OrganizationResponse]:
    return page.items


class AsyncOrganizations(AsyncResource):
    """List the organizations the API key's user belongs to.

    Example:
        >>> org = next(iter(client.organizations.iter_organizations()))  # doctest: +SKIP
        >>> org.id, org.name  # doctest: +SKIP
        (1, 'acme')

    """

    async def get_organizations(self, *, skip: int = 0, limit: int = 100) -> OrganizationPage:
        """One page of the caller's organizations.

        Args:
            skip: Organizations to pass over.
            limit: Page size, 1..100.

        Returns:
            The page: ``items``, ``total``, ``page``, ``size``, ``pages``.

        Raises:
            CodegenInputError: An argument is invalid (nothing was sent).
            CodegenApiError: Any other failure.

        """
        result: OrganizationPage = await self._core.call(
            "get_organizations", skip=skip, limit=limit
        )
        return result

    def iter_organizations(
        self, *, page_size: int = 100, max_items: int | None = None
    ) -> AsyncPaginator[OrganizationResponse]:
        """Iterate the caller's organizations, fetching pages as needed.

        Args:
            page_size: Organizations per request, 1..100.
            max_items: Stop after this many organizations.

        Returns:
            A lazy iterable of organizations.

        Raises:
            CodegenInputError: An argument is invalid (raised here, before any request).

        """
        return AsyncPaginator(
            lambda skip, limit: self.get_organizations(skip=skip, limit=limit),
            _organization_items,
            page_size=page_size,
            max_items=max_items,
        )
