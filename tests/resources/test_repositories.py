"""client.repositories: list and iterate an organization's repositories."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from codegen_client import CodegenClient
from codegen_client._exceptions import CodegenInputError
from codegen_client.testing import FakeCodegenAPI, RequestRecord
from codegen_client_generated.models.repo_page import RepoPage
from codegen_client_generated.models.repo_response import RepoResponse

Sent = Callable[[str], list[RequestRecord]]


def test_get_repositories_sends_paging_and_parses_page(
    codegen_client: CodegenClient, org_id: int, sent: Sent
) -> None:
    """get_repositories sends GET /organizations/{org_id}/repos and returns a RepoPage."""
    page = codegen_client.repositories.get_repositories(org_id, skip=10, limit=10)

    assert isinstance(page, RepoPage)
    assert page.total == 14
    assert len(page.items) == 4
    assert all(isinstance(r, RepoResponse) and r.organization_id == org_id for r in page.items)
    (request,) = sent("get_repositories")
    assert (request.method, request.path) == ("GET", f"/organizations/{org_id}/repos")
    assert request.query == {"skip": "10", "limit": "10"}


def test_iter_repositories_walks_all_pages(
    codegen_client: CodegenClient, codegen_fake_api: FakeCodegenAPI, org_id: int, sent: Sent
) -> None:
    """iter_repositories yields every repository once, in the API's order."""
    repos = list(codegen_client.repositories.iter_repositories(org_id, page_size=4))

    expected = [r.id for r in codegen_fake_api.organizations[org_id].repositories]
    assert [r.id for r in repos] == expected
    assert len(sent("get_repositories")) == 4


def test_iter_repositories_max_items(
    codegen_client: CodegenClient, org_id: int, sent: Sent
) -> None:
    """iter_repositories stops after max_items."""
    repos = list(codegen_client.repositories.iter_repositories(org_id, page_size=3, max_items=5))

    assert len(repos) == 5
    assert [r.query["limit"] for r in sent("get_repositories")] == ["3", "2"]


def test_iter_repositories_rejects_negative_max_items(
    codegen_client: CodegenClient, codegen_fake_api: FakeCodegenAPI, org_id: int
) -> None:
    """iter_repositories with max_items=-1 raises CodegenInputError before any request."""
    with pytest.raises(CodegenInputError, match="max_items"):
        codegen_client.repositories.iter_repositories(org_id, max_items=-1)
    assert codegen_fake_api.requests == []
