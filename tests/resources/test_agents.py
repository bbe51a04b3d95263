"""client.agents: resume, ban, unban and remove-from-PR send exactly what they were given."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from codegen_client import CodegenResourceNotFoundError
from codegen_client.testing import FakeCodegenAPI, RequestRecord

Sent = Callable[[str], list[RequestRecord]]
HOOK = {"url": "https://hooks.example.com/run", "secret": "s3cret-value"}


def test_resume_sends_prompt_model_images_and_webhooks(
    codegen_client: Any, codegen_fake_api: FakeCodegenAPI, org_id: int, sent: Sent
) -> None:
    """resume_agent_run posts every argument in its body and the paused run works again."""
    paused = codegen_fake_api.add_agent_run(org_id, status="PAUSED")
    image = "data:image/png;base64,iVBORw0KGgo="

    run = codegen_client.agents.resume_agent_run(
        org_id, paused.id, "Use Postgres", model="model-b", images=[image], webhooks=[HOOK]
    )

    assert run.id == paused.id and (run.status or "").upper() == "ACTIVE"
    (request,) = sent("resume_agent_run")
    assert (request.method, request.path) == ("POST", f"/organizations/{org_id}/agent/run/resume")
    assert request.json == {
        "agent_run_id": paused.id,
        "prompt": "Use Postgres",
        "model": "model-b",
        "images": [image],
        "webhooks": [HOOK],
    }


def test_resume_leaves_out_what_was_not_given(
    codegen_client: Any, codegen_fake_api: FakeCodegenAPI, org_id: int, sent: Sent
) -> None:
    """Arguments left at None are not sent at all."""
    paused = codegen_fake_api.add_agent_run(org_id, status="PAUSED")
    codegen_client.agents.resume_agent_run(org_id, paused.id, "Go on")
    assert sent("resume_agent_run")[0].json == {"agent_run_id": paused.id, "prompt": "Go on"}


@pytest.mark.parametrize(
    ("method", "operation", "path"),
    [
        ("ban_all_checks_for_agent_run", "ban_all_checks_for_agent_run", "/agent/run/ban"),
        ("unban_all_checks_for_agent_run", "unban_all_checks_for_agent_run", "/agent/run/unban"),
        ("remove_codegen_from_pr", "remove_codegen_from_pr", "/agent/run/remove-from-pr"),
    ],
)
def test_pull_request_actions_send_the_run_and_its_card_order(
    codegen_client: Any,
    codegen_fake_api: FakeCodegenAPI,
    org_id: int,
    sent: Sent,
    method: str,
    operation: str,
    path: str,
) -> None:
    """Each action sends its own operation with the run id and the two card-order ids in place."""
    run = codegen_fake_api.add_agent_run(org_id)

    answer = getattr(codegen_client.agents, method)(
        org_id, run.id, before_card_order_id="card-before", after_card_order_id="card-after"
    )

    assert answer
    (request,) = sent(operation)
    assert request.method == "POST" and request.path.endswith(path)
    assert request.json == {
        "agent_run_id": run.id,
        "before_card_order_id": "card-before",
        "after_card_order_id": "card-after",
    }
    others = {"ban_all_checks_for_agent_run", "unban_all_checks_for_agent_run"}
    others |= {"remove_codegen_from_pr"}
    assert all(sent(other) == [] for other in others - {operation})


def test_ban_then_unban_changes_the_runs_ban(
    codegen_client: Any, codegen_fake_api: FakeCodegenAPI, org_id: int
) -> None:
    """Ban marks the run's pull request banned; unban lifts it."""
    run = codegen_fake_api.add_agent_run(org_id)
    codegen_client.agents.ban_all_checks_for_agent_run(org_id, run.id)
    assert codegen_fake_api.agent_runs[run.id].banned is True
    codegen_client.agents.unban_all_checks_for_agent_run(org_id, run.id)
    assert codegen_fake_api.agent_runs[run.id].banned is False


def test_actions_on_an_unknown_run_are_not_found(codegen_client: Any, org_id: int) -> None:
    """A run id the organization does not have is CodegenResourceNotFoundError."""
    with pytest.raises(CodegenResourceNotFoundError):
        codegen_client.agents.remove_codegen_from_pr(org_id, 999_999_999)


def _repo_of(fake: FakeCodegenAPI, org_id: int) -> int:
    return fake.organizations[org_id].repositories[0].id


def test_repo_id_without_agent_type_sends_codegen(
    codegen_client: Any, codegen_fake_api: FakeCodegenAPI, org_id: int, sent: Sent
) -> None:
    """A repo_id alone goes out with agent_type "codegen", the type that honours it."""
    repo_id = _repo_of(codegen_fake_api, org_id)
    codegen_client.agents.create_agent_run(org_id, "Add a CHANGELOG", repo_id=repo_id)
    (request,) = sent("create_agent_run")
    assert request.json["repo_id"] == repo_id
    assert request.json["agent_type"] == "codegen"


def test_an_explicit_agent_type_wins_over_the_repo_default(
    codegen_client: Any, codegen_fake_api: FakeCodegenAPI, org_id: int, sent: Sent
) -> None:
    """agent_type="claude_code" with a repo_id is sent as given."""
    repo_id = _repo_of(codegen_fake_api, org_id)
    codegen_client.agents.create_agent_run(
        org_id, "Add a CHANGELOG", repo_id=repo_id, agent_type="claude_code"
    )
    assert sent("create_agent_run")[0].json["agent_type"] == "claude_code"


def test_no_repo_id_sends_no_agent_type(codegen_client: Any, org_id: int, sent: Sent) -> None:
    """Without a repo_id, agent_type stays the organization's default (not sent)."""
    codegen_client.agents.create_agent_run(org_id, "Add a CHANGELOG")
    assert "agent_type" not in sent("create_agent_run")[0].json
