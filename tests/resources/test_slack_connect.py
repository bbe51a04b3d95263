"""client.slack_connect: a token that links a Slack account."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from codegen_client import CodegenClient
from codegen_client._exceptions import CodegenInputError
from codegen_client.testing import FakeCodegenAPI, RequestRecord
from codegen_client_generated.models.generate_token_response import GenerateTokenResponse

Sent = Callable[[str], list[RequestRecord]]


def test_generate_slack_connect_token_sends_org_id_in_body(
    codegen_client: CodegenClient, org_id: int, sent: Sent
) -> None:
    """generate_slack_connect_token POSTs {"org_id": ...} to /slack-connect/generate-token."""
    token = codegen_client.slack_connect.generate_slack_connect_token(org_id)

    assert isinstance(token, GenerateTokenResponse)
    assert token.token and token.token in token.message
    assert token.expires_in_minutes == 10
    (request,) = sent("generate_slack_connect_token")
    assert (request.method, request.path, request.json) == (
        "POST",
        "/slack-connect/generate-token",
        {"org_id": org_id},
    )


def test_generate_slack_connect_token_rejects_bad_org_id(
    codegen_client: CodegenClient, codegen_fake_api: FakeCodegenAPI
) -> None:
    """generate_slack_connect_token with org_id=-1 raises CodegenInputError and sends nothing."""
    with pytest.raises(CodegenInputError, match="org_id"):
        codegen_client.slack_connect.generate_slack_connect_token(-1)
    assert codegen_fake_api.requests == []
