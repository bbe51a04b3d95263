"""client.organizations: list and iterate the caller's organizations."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from codegen_client import CodegenClient
from codegen_client._exceptions import CodegenInputError
from codegen_client.testing import FakeCodegenAPI, RequestRecord
from codegen_client_generated.models.organization_page import OrganizationPage
from codegen_client_generated.models.organization_response import OrganizationResponse

Sent = Callable[[str], list[RequestRecord]]


def test_get_organizations_sends_paging_and_parses_page(
    codegen_client: CodegenClient, codegen_fake_api: FakeCodegenAPI, sent: Sent
) -> None:
    """get_organizations sends GET /organizations?skip&limit and returns the caller's orgs."""
    page = codegen_client.organizations.get_organizations(limit=2)

    assert isinstance(page, OrganizationPage)
    assert page.total == len(codegen_fake_api.member_org_ids())
    assert len(page.items) == 2
    assert isinstance(page.items[0], OrganizationResponse)
    assert isinstance(page.items[0].settings.enable_pr_creation, bool)
    (request,) = sent("get_organizations")
    assert (request.method, request.path, request.query) == (
        "GET",
        "/organizations",
        {"skip": "0", "limit": "2"},
    )


def test_iter_organizations_yields_every_membership(
    codegen_client: CodegenClient, codegen_fake_api: FakeCodegenAPI, sent: Sent
) -> None:
    """iter_organizations yields each organization the caller is in, one page per request."""
    orgs = list(codegen_client.organizations.iter_organizations(page_size=1))

    assert [o.id for o in orgs] == codegen_fake_api.member_org_ids()
    assert [r.query["skip"] for r in sent("get_organizations")] == ["0", "1", "2"]


def test_iter_organizations_max_items(codegen_client: CodegenClient, sent: Sent) -> None:
    """iter_organizations stops after max_items with a single request sized to it."""
    orgs = list(codegen_client.organizations.iter_organizations(max_items=2))

    assert len(orgs) == 2
    assert [r.query["limit"] for r in sent("get_organizations")] == ["2"]


def test_get_organizations_rejects_limit_over_100(
    codegen_client: CodegenClient, codegen_fake_api: FakeCodegenAPI
) -> None:
    """get_organizations with limit=101 raises CodegenInputError and sends nothing."""
    with pytest.raises(CodegenInputError, match="limit"):
        codegen_client.organizations.get_organizations(limit=101)
    assert codegen_fake_api.requests == []
