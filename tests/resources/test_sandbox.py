"""client.sandbox: ask an agent to analyse a sandbox's setup logs."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from codegen_client import CodegenClient
from codegen_client._exceptions import CodegenBadRequestError, CodegenInputError
from codegen_client.testing import FakeCodegenAPI, RequestRecord
from codegen_client_generated.models.analyze_logs_response import AnalyzeLogsResponse

Sent = Callable[[str], list[RequestRecord]]


def _sandbox(fake: FakeCodegenAPI, org_id: int, *, has_logs: bool) -> int:
    return next(
        s.id
        for s in fake.state.sandboxes.values()
        if s.organization_id == org_id and s.has_logs is has_logs
    )


def test_analyze_sandbox_logs_posts_and_starts_a_run(
    codegen_client: CodegenClient, codegen_fake_api: FakeCodegenAPI, org_id: int, sent: Sent
) -> None:
    """analyze_sandbox_logs POSTs .../sandbox/{sandbox_id}/analyze-logs and returns the run."""
    sandbox_id = _sandbox(codegen_fake_api, org_id, has_logs=True)

    started = codegen_client.sandbox.analyze_sandbox_logs(org_id, sandbox_id)

    assert isinstance(started, AnalyzeLogsResponse)
    assert started.agent_run_id in codegen_fake_api.agent_runs
    assert started.status == "ACTIVE"
    (request,) = sent("analyze_sandbox_logs")
    assert (request.method, request.path, request.json) == (
        "POST",
        f"/organizations/{org_id}/sandbox/{sandbox_id}/analyze-logs",
        None,
    )


def test_analyze_sandbox_logs_without_logs_is_a_bad_request(
    codegen_client: CodegenClient, codegen_fake_api: FakeCodegenAPI, org_id: int, sent: Sent
) -> None:
    """analyze_sandbox_logs on a sandbox with no logs raises CodegenBadRequestError, once."""
    sandbox_id = _sandbox(codegen_fake_api, org_id, has_logs=False)

    with pytest.raises(CodegenBadRequestError):
        codegen_client.sandbox.analyze_sandbox_logs(org_id, sandbox_id)
    assert len(sent("analyze_sandbox_logs")) == 1


def test_analyze_sandbox_logs_rejects_bad_sandbox_id(
    codegen_client: CodegenClient, codegen_fake_api: FakeCodegenAPI, org_id: int
) -> None:
    """analyze_sandbox_logs with sandbox_id=0 raises CodegenInputError and sends nothing."""
    with pytest.raises(CodegenInputError, match="sandbox_id"):
        codegen_client.sandbox.analyze_sandbox_logs(org_id, 0)
    assert codegen_fake_api.requests == []
