"""client.oauth: connected OAuth providers, and disconnecting one."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from codegen_client import CodegenClient
from codegen_client._exceptions import CodegenInputError
from codegen_client.testing import FakeCodegenAPI, RequestRecord

Sent = Callable[[str], list[RequestRecord]]


def test_get_oauth_token_status_sends_org_id_as_query(
    codegen_client: CodegenClient, codegen_fake_api: FakeCodegenAPI, org_id: int, sent: Sent
) -> None:
    """get_oauth_token_status GETs /oauth/tokens/status?org_id= and returns the parsed JSON."""
    status = codegen_client.oauth.get_oauth_token_status(org_id)

    me = codegen_fake_api.current_user.id
    assert status == codegen_fake_api.organizations[org_id].oauth_connections[me]
    (request,) = sent("get_oauth_token_status")
    assert (request.method, request.path, request.query) == (
        "GET",
        "/oauth/tokens/status",
        {"org_id": str(org_id)},
    )


def test_revoke_oauth_token_sends_provider_and_org_id(
    codegen_client: CodegenClient, org_id: int, sent: Sent
) -> None:
    """revoke_oauth_token POSTs /oauth/tokens/revoke?provider=&org_id= and disconnects it."""
    connected = codegen_client.oauth.get_oauth_token_status(org_id)
    provider = connected[0]

    answer = codegen_client.oauth.revoke_oauth_token(org_id, provider)

    assert answer["revoked"] is True
    assert provider not in codegen_client.oauth.get_oauth_token_status(org_id)
    (request,) = sent("revoke_oauth_token")
    assert (request.method, request.path, request.query) == (
        "POST",
        "/oauth/tokens/revoke",
        {"provider": provider, "org_id": str(org_id)},
    )


def test_revoke_oauth_token_rejects_blank_provider(
    codegen_client: CodegenClient, codegen_fake_api: FakeCodegenAPI, org_id: int
) -> None:
    """revoke_oauth_token with provider="" raises CodegenInputError and sends nothing."""
    with pytest.raises(CodegenInputError, match="provider"):
        codegen_client.oauth.revoke_oauth_token(org_id, "")
    assert codegen_fake_api.requests == []
