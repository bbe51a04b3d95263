"""client.integrations: an organization's integrations."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from codegen_client import CodegenClient
from codegen_client._exceptions import CodegenInputError, CodegenPermissionError
from codegen_client.testing import FakeCodegenAPI, RequestRecord
from codegen_client_generated.models.integration_status import IntegrationStatus
from codegen_client_generated.models.organization_integrations_response import (
    OrganizationIntegrationsResponse,
)

Sent = Callable[[str], list[RequestRecord]]


def test_get_organization_integrations(
    codegen_client: CodegenClient, codegen_fake_api: FakeCodegenAPI, org_id: int, sent: Sent
) -> None:
    """get_organization_integrations GETs /organizations/{org_id}/integrations and parses it."""
    found = codegen_client.integrations.get_organization_integrations(org_id)

    assert isinstance(found, OrganizationIntegrationsResponse)
    assert found.organization_id == org_id
    assert found.organization_name == codegen_fake_api.organizations[org_id].name
    assert all(isinstance(i, IntegrationStatus) for i in found.integrations)
    assert found.total_active_integrations == sum(i.active for i in found.integrations)
    (request,) = sent("get_organization_integrations")
    assert (request.method, request.path) == ("GET", f"/organizations/{org_id}/integrations")


def test_get_organization_integrations_foreign_org(
    codegen_client: CodegenClient, codegen_fake_api: FakeCodegenAPI
) -> None:
    """get_organization_integrations on an organization the caller is not in raises 403's error."""
    with pytest.raises(CodegenPermissionError):
        codegen_client.integrations.get_organization_integrations(codegen_fake_api.foreign_org_id())


def test_get_organization_integrations_rejects_bad_org_id(
    codegen_client: CodegenClient, codegen_fake_api: FakeCodegenAPI
) -> None:
    """get_organization_integrations with org_id="1" raises CodegenInputError, sending nothing."""
    with pytest.raises(CodegenInputError, match="org_id"):
        codegen_client.integrations.get_organization_integrations("1")  # type: ignore[arg-type]
    assert codegen_fake_api.requests == []
