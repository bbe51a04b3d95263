"""Change the state of pull requests: ``client.pull_requests``."""

from __future__ import annotations

from codegen_client._async.resources._base import AsyncResource
from codegen_client._core import make_body
from codegen_client_generated.models.edit_pr_input import EditPRInput
from codegen_client_generated.models.edit_pr_response import EditPRResponse

__all__ = ["AsyncPullRequests"]


class AsyncPullRequests(AsyncResource):
    """Open, close, draft or mark ready a pull request Codegen can reach.

    Example:
        >>> pr = await client.pull_requests.edit_pull_request_simple(1, 42, "closed")  # noqa: E501
        >>> pr.success, pr.state  # doctest: +SKIP
        (True, 'closed')

    """

    async def edit_pull_request(
        self, org_id: int, repo_id: int, pr_id: int, state: str
    ) -> EditPRResponse:
        """Set the state of a pull request of a given repository.

        Args:
            org_id: The organization.
            repo_id: The repository holding the pull request.
            pr_id: The pull request.
            state: ``"open"``, ``"closed"``, ``"draft"`` or ``"ready_for_review"``.

        Returns:
            Whether it worked (``success``, ``error``) and the pull request's new state.

        Raises:
            CodegenInputError: An argument is invalid, e.g. an unknown state (nothing was sent).
            CodegenPermissionError: The caller may not write to the repository.
            CodegenResourceNotFoundError: No such pull request.
            CodegenApiError: Any other failure.

        """
        body = make_body(EditPRInput, state=state)
        result: EditPRResponse = await self._core.call(
            "edit_pull_request", org_id=org_id, repo_id=repo_id, pr_id=pr_id, body=body
        )
        return result

    async def edit_pull_request_simple(self, org_id: int, pr_id: int, state: str) -> EditPRResponse:
        """Set the state of a pull request known by its id alone.

        Args:
            org_id: The organization.
            pr_id: The pull request.
            state: ``"open"``, ``"closed"``, ``"draft"`` or ``"ready_for_review"``.

        Returns:
            Whether it worked (``success``, ``error``) and the pull request's new state.

        Raises:
            CodegenInputError: An argument is invalid, e.g. an unknown state (nothing was sent).
            CodegenPermissionError: The caller may not write to the repository.
            CodegenResourceNotFoundError: No such pull request.
            CodegenApiError: Any other failure.

        """
        body = make_body(EditPRInput, state=state)
        result: EditPRResponse = await self._core.call(
            "edit_pull_request_simple", org_id=org_id, pr_id=pr_id, body=body
        )
        return result
