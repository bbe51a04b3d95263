"""client.cli_rules: the rules a local agent should follow."""

from __future__ import annotations

from collections.abc import Callable

from codegen_client import CodegenClient
from codegen_client.testing import FakeCodegenAPI, RequestRecord
from codegen_client_generated.models.cli_rules_response import CLIRulesResponse

Sent = Callable[[str], list[RequestRecord]]


def test_get_cli_rules(
    codegen_client: CodegenClient, codegen_fake_api: FakeCodegenAPI, org_id: int, sent: Sent
) -> None:
    """get_cli_rules GETs /organizations/{org_id}/cli/rules: org rules and the user's prompt."""
    rules = codegen_client.cli_rules.get_cli_rules(org_id)

    assert isinstance(rules, CLIRulesResponse)
    assert rules.organization_rules == codegen_fake_api.organizations[org_id].rules
    assert rules.user_custom_prompt == codegen_fake_api.current_user.custom_prompt
    (request,) = sent("get_cli_rules")
    assert (request.method, request.path) == ("GET", f"/organizations/{org_id}/cli/rules")
