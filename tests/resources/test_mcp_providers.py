"""client.mcp_providers: the OAuth providers behind MCP servers."""

from __future__ import annotations

from collections.abc import Callable

from codegen_client import CodegenClient
from codegen_client.testing import FakeCodegenAPI, RequestRecord
from codegen_client_generated.models.o_auth_provider_response import OAuthProviderResponse

Sent = Callable[[str], list[RequestRecord]]


def test_get_mcp_providers_returns_a_list_of_models(
    codegen_client: CodegenClient, codegen_fake_api: FakeCodegenAPI, sent: Sent
) -> None:
    """get_mcp_providers GETs /mcp-providers and returns a list of OAuthProviderResponse."""
    providers = codegen_client.mcp_providers.get_mcp_providers()

    assert isinstance(providers, list)
    assert all(isinstance(p, OAuthProviderResponse) and p.is_mcp for p in providers)
    assert [p.name for p in providers] == [p["name"] for p in codegen_fake_api.state.mcp_providers]
    assert [(r.method, r.path, r.query) for r in sent("get_mcp_providers")] == [
        ("GET", "/mcp-providers", {})
    ]
