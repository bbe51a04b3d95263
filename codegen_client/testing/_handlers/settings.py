"""Handlers for organization settings: integrations, models, webhooks, OAuth, rules, Slack."""

from __future__ import annotations

import hashlib
from typing import Any

from codegen_client.testing._handlers._registry import Call, operation
from codegen_client.testing._state import WebhookConfig


@operation("get_organization_integrations")
def get_organization_integrations(call: Call) -> dict[str, Any]:
    """Return every integration's status in an organization."""
    org_id = call.params.path_int("org_id")
    call.params.check()
    org = call.state.member_org(call.user, org_id)
    return {
        "organization_id": org.id,
        "organization_name": org.name,
        "integrations": [i.to_json() for i in org.integrations],
        "total_active_integrations": sum(1 for i in org.integrations if i.active),
    }


@operation("get_models")
def get_models(call: Call) -> dict[str, Any]:
    """Return the model providers and the organization's default model."""
    org_id = call.params.path_int("org_id")
    call.params.check()
    org = call.state.member_org(call.user, org_id)
    return {"providers": call.state.models, "default_model": org.default_model}


@operation("get_mcp_providers")
def get_mcp_providers(call: Call) -> list[dict[str, Any]]:
    """Return the OAuth providers usable as MCP servers."""
    call.params.check()
    return call.state.mcp_providers


@operation("get_oauth_token_status")
def get_oauth_token_status(call: Call) -> list[str]:
    """Return the provider names the user has live OAuth tokens for in the organization."""
    org_id = call.params.required_query_int("org_id")
    call.params.check()
    org = call.state.member_org(call.user, org_id)
    return list(org.oauth_connections.get(call.user.id, []))


@operation("revoke_oauth_token")
def revoke_oauth_token(call: Call) -> dict[str, Any]:
    """Mark the user's tokens for one provider inactive."""
    provider = call.params.query_str("provider")
    org_id = call.params.required_query_int("org_id")
    call.params.check()
    org = call.state.member_org(call.user, org_id)
    connected = org.oauth_connections.get(call.user.id, [])
    revoked = provider in connected
    org.oauth_connections[call.user.id] = [p for p in connected if p != provider]
    return {"success": True, "provider": provider, "revoked": revoked}


@operation("get_webhook_config")
def get_webhook_config(call: Call) -> dict[str, Any]:
    """Return the organization's agent-run webhook (never its secret)."""
    org_id = call.params.path_int("org_id")
    call.params.check()
    return call.state.member_org(call.user, org_id).webhook.to_json()


@operation("set_webhook_config")
def set_webhook_config(call: Call) -> dict[str, Any]:
    """Set the organization's agent-run webhook."""
    org_id = call.params.path_int("org_id")
    body = call.params.body()
    url = body.url("url", required=True)
    secret = body.str_("secret")
    enabled = body.bool_("enabled", default=True)
    call.params.check()
    org = call.state.member_org(call.user, org_id)
    org.webhook = WebhookConfig(url=url, secret=secret, enabled=enabled)
    return {"success": True, "message": "Webhook configuration saved.", **org.webhook.to_json()}


@operation("delete_webhook_config")
def delete_webhook_config(call: Call) -> dict[str, Any]:
    """Remove the organization's agent-run webhook."""
    org_id = call.params.path_int("org_id")
    call.params.check()
    call.state.member_org(call.user, org_id).webhook = WebhookConfig()
    return {"success": True, "message": "Webhook configuration deleted."}


@operation("test_webhook")
def test_webhook(call: Call) -> dict[str, Any]:
    """Pretend to send a test payload (recorded in ``state.webhook_tests``, never sent)."""
    org_id = call.params.path_int("org_id")
    url = call.params.body().url("url", required=True)
    call.params.check()
    call.state.member_org(call.user, org_id)
    call.state.webhook_tests.append(url or "")
    return {"success": True, "status_code": 200, "message": "Test webhook delivered."}


@operation("get_cli_rules")
def get_cli_rules(call: Call) -> dict[str, Any]:
    """Return the organization's rules and the user's custom prompt."""
    org_id = call.params.path_int("org_id")
    call.params.check()
    org = call.state.member_org(call.user, org_id)
    return {"organization_rules": org.rules, "user_custom_prompt": call.user.custom_prompt}


@operation("generate_slack_connect_token")
def generate_slack_connect_token(call: Call) -> dict[str, Any]:
    """Issue a one-time token (deterministic per seed and call) for linking Slack."""
    org_id = call.params.body().int_("org_id", required=True) or 0
    call.params.check()
    call.state.member_org(call.user, org_id)
    serial = f"{call.state.seed}:{call.user.id}:{org_id}:{len(call.state.slack_tokens)}"
    token = hashlib.sha256(serial.encode()).hexdigest()[:32]
    call.state.slack_tokens.append(token)
    return {
        "token": token,
        "message": f'Send "Connect my account: {token}" to the Codegen bot in a Slack DM.',
        "expires_in_minutes": 10,
    }
