"""Repositories of an organization: ``client.repositories``."""

from __future__ import annotations

from codegen_client._async.pagination import AsyncPaginator
from codegen_client._async.resources._base import AsyncResource
from codegen_client._exceptions import CodegenResourceNotFoundError
from codegen_client._repo_names import REFRESH_AFTER, match_repository, repo_full_name
from codegen_client_generated.models.repo_page import RepoPage
from codegen_client_generated.models.repo_response import RepoResponse

__all__ = ["AsyncRepositories"]


def _repo_items(page: RepoPage) -> list[RepoResponse]:
    return page.items


class AsyncRepositories(AsyncResource):
    """List the repositories Codegen can work in for an organization.

    Example:
        >>> async for repo in client.repositories.iter_repositories(org_id=1):  # doctest: +SKIP
        ...     print(repo.id, repo.full_name, repo.setup_status)

    """

    # find_repository's lists, per organization: (when read, on the client's clock; the list)
    _lists: dict[int, tuple[float, list[RepoResponse]]] | None = None

    async def get_repositories(self, org_id: int, *, skip: int = 0, limit: int = 100) -> RepoPage:
        """One page of the organization's repositories.

        Args:
            org_id: The organization.
            skip: Repositories to pass over.
            limit: Page size, 1..100.

        Returns:
            The page: ``items``, ``total``, ``page``, ``size``, ``pages``.

        Raises:
            CodegenInputError: An argument is invalid (nothing was sent).
            CodegenPermissionError: The caller is not in the organization.
            CodegenApiError: Any other failure.

        """
        result: RepoPage = await self._core.call(
            "get_repositories", org_id=org_id, skip=skip, limit=limit
        )
        return result

    def iter_repositories(
        self, org_id: int, *, page_size: int = 100, max_items: int | None = None
    ) -> AsyncPaginator[RepoResponse]:
        """Iterate the organization's repositories, fetching pages as needed.

        Args:
            org_id: The organization.
            page_size: Repositories per request, 1..100.
            max_items: Stop after this many repositories.

        Returns:
            A lazy iterable of repositories.

        Raises:
            CodegenInputError: An argument is invalid; ``page_size`` and ``max_items`` are
                checked here, the others when iteration starts (before any request).

        """
        return AsyncPaginator(
            lambda skip, limit: self.get_repositories(org_id, skip=skip, limit=limit),
            _repo_items,
            page_size=page_size,
            max_items=max_items,
        )

    async def find_repository(self, org_id: int, full_name: str) -> RepoResponse:
        """The organization's repository called ``full_name`` (``owner/name``, any case).

        The first call for an organization reads its whole list (one request per 100
        repositories) and keeps it for this client; later calls send nothing. A name missing
        from a list read over a minute ago reads the list once more.

        Args:
            org_id: The organization.
            full_name: ``owner/name``, or a GitHub or git remote URL.

        Returns:
            The repository (``id`` is what ``create_agent_run(repo_id=...)`` takes).

        Raises:
            CodegenInputError: ``full_name`` is not a repository name (nothing was sent).
            CodegenResourceNotFoundError: No repository has that name; the message names
                close matches.
            CodegenApiError: Reading the list failed.

        """
        wanted = repo_full_name(full_name)
        if self._lists is None:
            self._lists = {}
        clock = self._core.clock
        cached = self._lists.get(org_id)
        if cached is not None:
            try:
                return match_repository(cached[1], wanted, org_id)
            except CodegenResourceNotFoundError:
                if clock.now() - cached[0] <= REFRESH_AFTER:
                    raise
        read_at = clock.now()
        repositories = [repo async for repo in self.iter_repositories(org_id)]
        self._lists[org_id] = (read_at, repositories)
        return match_repository(repositories, wanted, org_id)
