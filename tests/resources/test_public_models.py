"""codegen_client.models: the public names of the generated models."""

from __future__ import annotations

import importlib

import codegen_client.models as public
from codegen_client import CodegenClient
from codegen_client_generated.models.agent_run_response import AgentRunResponse
from codegen_client_generated.types import UNSET


def test_every_public_name_resolves() -> None:
    """Each name in codegen_client.models.__all__ is importable from it."""
    assert public.__all__
    for name in public.__all__:
        assert getattr(public, name) is not None, name


def test_public_models_are_the_generated_classes() -> None:
    """codegen_client.models re-exports the generated classes themselves, not copies."""
    assert public.AgentRunResponse is AgentRunResponse
    assert public.UNSET is UNSET
    assert isinstance(public.UNSET, public.Unset)


def test_models_cover_what_the_namespaces_return(
    codegen_client: CodegenClient, org_id: int
) -> None:
    """Results of the namespaces are instances of classes listed in codegen_client.models."""
    results = [
        codegen_client.users.get_current_user(),
        codegen_client.organizations.get_organizations(),
        codegen_client.repositories.get_repositories(org_id),
        codegen_client.models.get_models(org_id),
        codegen_client.cli_rules.get_cli_rules(org_id),
        codegen_client.webhooks.get_webhook_config(org_id),
        codegen_client.integrations.get_organization_integrations(org_id),
    ]
    listed = {
        getattr(public, name) for name in public.__all__ if isinstance(getattr(public, name), type)
    }
    for result in results:
        assert type(result) in listed, type(result).__name__


def test_error_bodies_are_not_exported() -> None:
    """Error response models stay out of the public module: errors arrive as exceptions."""
    assert not [name for name in public.__all__ if name.endswith("ErrorResponse")]
    assert importlib.import_module("codegen_client.models") is public
