"""Users of an organization and the caller: ``client.users``."""

from __future__ import annotations

from codegen_client._async.pagination import AsyncPaginator
from codegen_client._async.resources._base import AsyncResource
from codegen_client_generated.models.user_page import UserPage
from codegen_client_generated.models.user_response import UserResponse

__all__ = ["AsyncUsers"]


def _user_items(page: UserPage) -> list[UserResponse]:
    return page.items


class AsyncUsers(AsyncResource):
    """Read the members of an organization and the caller's own account.

    Example:
        >>> me = await client.users.get_current_user()  # doctest: +SKIP
        >>> [u.github_username async for u in client.users.iter_users(org_id=1)]  # doctest: +SKIP
        ['octocat', 'hubot']

    """

    async def get_users(self, org_id: int, *, skip: int = 0, limit: int = 100) -> UserPage:
        """One page of the organization's users.

        Args:
            org_id: The organization.
            skip: Users to pass over.
            limit: Page size, 1..100.

        Returns:
            The page: ``items``, ``total``, ``page``, ``size``, ``pages``.

        Raises:
            CodegenInputError: An argument is invalid (nothing was sent).
            CodegenPermissionError: The caller is not in the organization.
            CodegenApiError: Any other failure.

        """
        result: UserPage = await self._core.call("get_users", org_id=org_id, skip=skip, limit=limit)
        return result

    def iter_users(
        self, org_id: int, *, page_size: int = 100, max_items: int | None = None
    ) -> AsyncPaginator[UserResponse]:
        """Iterate the organization's users, fetching pages as needed.

        Args:
            org_id: The organization.
            page_size: Users per request, 1..100.
            max_items: Stop after this many users.

        Returns:
            A lazy iterable of users.

        Raises:
            CodegenInputError: An argument is invalid; ``page_size`` and ``max_items`` are
                checked here, the others when iteration starts (before any request).

        """
        return AsyncPaginator(
            lambda skip, limit: self.get_users(org_id, skip=skip, limit=limit),
            _user_items,
            page_size=page_size,
            max_items=max_items,
        )

    async def get_user(self, org_id: int, user_id: int) -> UserResponse:
        """Read one user of the organization.

        Args:
            org_id: The organization.
            user_id: The user.

        Returns:
            The user.

        Raises:
            CodegenInputError: An argument is invalid (nothing was sent).
            CodegenResourceNotFoundError: No such user in the organization.
            CodegenApiError: Any other failure.

        """
        result: UserResponse = await self._core.call("get_user", org_id=org_id, user_id=user_id)
        return result

    async def get_current_user(self) -> UserResponse:
        """Read the user the API key belongs to.

        Returns:
            The caller's user.

        Raises:
            CodegenAuthError: The API key is missing or wrong.
            CodegenApiError: Any other failure.

        """
        result: UserResponse = await self._core.call("get_current_user")
        return result
