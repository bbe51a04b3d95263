"""``client.repositories``: the generated namespace plus a look-up by name."""

from __future__ import annotations

from codegen_client._exceptions import CodegenResourceNotFoundError
from codegen_client._repo_names import REFRESH_AFTER, match_repository, repo_full_name
from codegen_client_generated.models.repo_response import RepoResponse
from codegen_client_generated.resources._async.repositories import AsyncRepositoriesBase

__all__ = ["AsyncRepositories"]


class AsyncRepositories(AsyncRepositoriesBase):
    """List the repositories Codegen can work in for an organization, or find one by name.

    Examples:
        >>> repo = await client.repositories.find_repository(1, "octo/api")  # doctest: +SKIP
        >>> run = await client.agents.create_agent_run(1, "Fix", repo_id=repo.id)  # doctest: +SKIP

    """

    # find_repository's lists, per organization: (when read, on the client's clock; the list)
    _lists: dict[int, tuple[float, list[RepoResponse]]] | None = None

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
