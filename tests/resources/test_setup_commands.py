"""client.setup_commands: start a setup-commands agent run."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from codegen_client import CodegenClient
from codegen_client._exceptions import CodegenInputError, CodegenServerError
from codegen_client.testing import FakeCodegenAPI, Fault, RequestRecord
from codegen_client_generated.models.setup_commands_response import SetupCommandsResponse

Sent = Callable[[str], list[RequestRecord]]


@pytest.fixture
def repo_id(codegen_fake_api: FakeCodegenAPI, org_id: int) -> int:
    """A repository of the main organization."""
    return codegen_fake_api.organizations[org_id].repositories[0].id


def test_generate_setup_commands_posts_body_and_starts_a_run(
    codegen_client: CodegenClient,
    codegen_fake_api: FakeCodegenAPI,
    org_id: int,
    repo_id: int,
    sent: Sent,
) -> None:
    """generate_setup_commands POSTs repo_id/prompt/trigger_source and returns the new run."""
    started = codegen_client.setup_commands.generate_setup_commands(
        org_id, repo_id, prompt="Use uv.", trigger_source="api"
    )

    assert isinstance(started, SetupCommandsResponse)
    assert started.status == "ACTIVE"
    run = codegen_fake_api.agent_runs[started.agent_run_id]
    assert run.source_type == "SETUP_COMMANDS"
    (request,) = sent("generate_setup_commands")
    assert (request.method, request.path) == (
        "POST",
        f"/organizations/{org_id}/setup-commands/generate",
    )
    assert request.json == {"repo_id": repo_id, "prompt": "Use uv.", "trigger_source": "api"}


def test_generate_setup_commands_leaves_out_unset_fields(
    codegen_client: CodegenClient, org_id: int, repo_id: int, sent: Sent
) -> None:
    """generate_setup_commands without prompt sends repo_id and the model's default source only."""
    codegen_client.setup_commands.generate_setup_commands(org_id, repo_id)

    body = sent("generate_setup_commands")[0].json
    assert body["repo_id"] == repo_id
    assert "prompt" not in body


def test_generate_setup_commands_is_not_retried_after_a_server_error(
    codegen_client: CodegenClient,
    codegen_fake_api: FakeCodegenAPI,
    org_id: int,
    repo_id: int,
    sent: Sent,
) -> None:
    """A 500 on generate_setup_commands is raised at once: repeating could start a second run."""
    codegen_fake_api.inject(Fault("status", operation_id="generate_setup_commands", status=500))

    with pytest.raises(CodegenServerError):
        codegen_client.setup_commands.generate_setup_commands(org_id, repo_id)
    assert len(sent("generate_setup_commands")) == 1


def test_generate_setup_commands_rejects_blank_prompt(
    codegen_client: CodegenClient, codegen_fake_api: FakeCodegenAPI, org_id: int, repo_id: int
) -> None:
    """generate_setup_commands with prompt="  " raises CodegenInputError and sends nothing."""
    with pytest.raises(CodegenInputError, match="prompt"):
        codegen_client.setup_commands.generate_setup_commands(org_id, repo_id, prompt="  ")
    assert codegen_fake_api.requests == []
