"""client.pull_requests: set a pull request's state, with or without its repository."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from codegen_client import CodegenClient
from codegen_client._exceptions import CodegenInputError, CodegenResourceNotFoundError
from codegen_client.testing import FakeCodegenAPI, RequestRecord
from codegen_client_generated.models.edit_pr_response import EditPRResponse

Sent = Callable[[str], list[RequestRecord]]


@pytest.fixture
def pr(codegen_fake_api: FakeCodegenAPI, org_id: int) -> tuple[int, int]:
    """(repo_id, pr_id) of an open pull request in the main organization."""
    repos = {r.id for r in codegen_fake_api.organizations[org_id].repositories}
    for pull in codegen_fake_api.state.pull_requests.values():
        if pull.repo_id in repos and pull.state == "open":
            return pull.repo_id, pull.id
    raise AssertionError("the offline API has no open pull request")


def test_edit_pull_request_patches_state(
    codegen_client: CodegenClient,
    codegen_fake_api: FakeCodegenAPI,
    org_id: int,
    pr: tuple[int, int],
    sent: Sent,
) -> None:
    """edit_pull_request sends PATCH .../repos/{repo_id}/prs/{pr_id} with {"state": ...}."""
    repo_id, pr_id = pr

    result = codegen_client.pull_requests.edit_pull_request(org_id, repo_id, pr_id, "closed")

    assert isinstance(result, EditPRResponse)
    assert result.success is True
    assert result.state == "closed"
    assert codegen_fake_api.state.pull_requests[pr_id].state == "closed"
    (request,) = sent("edit_pull_request")
    assert (request.method, request.path, request.json) == (
        "PATCH",
        f"/organizations/{org_id}/repos/{repo_id}/prs/{pr_id}",
        {"state": "closed"},
    )


def test_edit_pull_request_simple_patches_state(
    codegen_client: CodegenClient, org_id: int, pr: tuple[int, int], sent: Sent
) -> None:
    """edit_pull_request_simple sends PATCH /organizations/{org_id}/prs/{pr_id}."""
    _, pr_id = pr

    result = codegen_client.pull_requests.edit_pull_request_simple(org_id, pr_id, "draft")

    assert isinstance(result, EditPRResponse)
    assert (result.success, result.state) == (True, "draft")
    (request,) = sent("edit_pull_request_simple")
    assert (request.method, request.path, request.json) == (
        "PATCH",
        f"/organizations/{org_id}/prs/{pr_id}",
        {"state": "draft"},
    )


@pytest.mark.parametrize("state", ["merged", "OPEN", "", None])
def test_edit_pull_request_rejects_unknown_state(
    codegen_client: CodegenClient,
    codegen_fake_api: FakeCodegenAPI,
    org_id: int,
    pr: tuple[int, int],
    state: str,
) -> None:
    """Both PR edits refuse a state outside open/closed/draft/ready_for_review, sending nothing."""
    repo_id, pr_id = pr
    with pytest.raises(CodegenInputError, match="state"):
        codegen_client.pull_requests.edit_pull_request(org_id, repo_id, pr_id, state)
    with pytest.raises(CodegenInputError, match="state"):
        codegen_client.pull_requests.edit_pull_request_simple(org_id, pr_id, state)
    assert codegen_fake_api.requests == []


def test_edit_pull_request_in_the_wrong_repository_is_not_found(
    codegen_client: CodegenClient,
    codegen_fake_api: FakeCodegenAPI,
    org_id: int,
    pr: tuple[int, int],
) -> None:
    """edit_pull_request naming another repository of the org raises the 404 error."""
    repo_id, pr_id = pr
    other = next(
        r.id for r in codegen_fake_api.organizations[org_id].repositories if r.id != repo_id
    )
    with pytest.raises(CodegenResourceNotFoundError):
        codegen_client.pull_requests.edit_pull_request(org_id, other, pr_id, "closed")
