"""codegen_client.models: the public names of the generated models."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from pathlib import Path

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


def test_a_run_reads_well_when_printed(codegen_client: CodegenClient, org_id: int) -> None:
    """repr shows the fields that are set, on one line: no UNSET, no object addresses, metadata
    as the dict it is and timestamps as ISO text."""
    run = codegen_client.agents.create_agent_run(org_id, "Add a test", metadata={"ticket": "T-1"})
    shown = repr(run)
    assert shown.startswith(f"AgentRunResponse(id={run.id}, organization_id={org_id}, ")
    assert "Unset" not in shown and "UNSET" not in shown and " at 0x" not in shown
    assert "\n" not in shown
    assert "'ticket': 'T-1'" in shown
    assert f"created_at={run.created_at.isoformat()}" in shown
    assert str(run) == shown


def test_repr_leaves_out_the_fields_the_api_did_not_send() -> None:
    """Absent fields are not shown at all; None that the API sent is."""
    run = AgentRunResponse.from_dict({"id": 1, "organization_id": 2, "result": None})
    assert repr(run) == "AgentRunResponse(id=1, organization_id=2, result=None)"


def test_a_long_result_is_cut_short_in_repr() -> None:
    """A result of many kilobytes shows its first 200 characters and its length."""
    run = AgentRunResponse.from_dict({"id": 1, "organization_id": 2, "result": "x" * 5000})
    shown = repr(run)
    assert "... (5000 characters)" in shown and len(shown) < 400
    assert run.result == "x" * 5000


def test_no_model_name_carries_a_generator_suffix() -> None:
    """Class names read as the API's nouns: no `...Type0`, `...Type1Item` or `...Response200`."""
    names = [name for name in public.__all__ if isinstance(getattr(public, name), type)]
    assert names
    odd = [n for n in names if re.search(r"Type\d|Response\d{3}|Item$", n)]
    assert odd == []


def test_importing_one_model_loads_only_what_it_holds() -> None:
    """A fresh process that imports the run model loads the run model and the models nested in
    it (its pull requests), not the other models of the spec."""
    code = (
        "import sys\n"
        "from codegen_client.models import AgentRunResponse\n"
        "prefix = 'codegen_client_generated.models.'\n"
        "print(sorted(m[len(prefix):] for m in sys.modules if m.startswith(prefix)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "['agent_run_response', 'github_pull_request_response']"
    total = len(public.__all__)
    assert total > 30  # the rest were left alone


def test_the_models_page_lists_every_public_model() -> None:
    """docs/reference/models.md (written by make generate) has an entry for each class."""
    page = (Path(__file__).parents[2] / "docs" / "reference" / "models.md").read_text()
    documented = set(re.findall(r"^::: codegen_client_generated\.models\.\w+\.(\w+)$", page, re.M))
    classes = {
        name
        for name in public.__all__
        if isinstance(getattr(public, name), type) and name not in ("Unset",)
    }
    assert classes - documented == set()
