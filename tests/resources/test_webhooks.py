"""client.webhooks: set, read, remove and try the agent-run webhook."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from codegen_client import CodegenClient
from codegen_client._exceptions import CodegenInputError
from codegen_client.testing import FakeCodegenAPI, RequestRecord
from codegen_client_generated.models.webhook_config_response import WebhookConfigResponse

Sent = Callable[[str], list[RequestRecord]]
HOOK = "https://hooks.example.com/codegen"


def test_get_webhook_config(codegen_client: CodegenClient, org_id: int, sent: Sent) -> None:
    """get_webhook_config GETs /organizations/{org_id}/webhooks/agent-run; no secret value."""
    config = codegen_client.webhooks.get_webhook_config(org_id)

    assert isinstance(config, WebhookConfigResponse)
    assert config.url is not None and config.url.startswith("https://")
    assert (config.enabled, config.has_secret) == (True, True)
    assert "secret" not in config.additional_properties
    (request,) = sent("get_webhook_config")
    assert (request.method, request.path) == (
        "GET",
        f"/organizations/{org_id}/webhooks/agent-run",
    )


def test_set_webhook_config_posts_url_secret_enabled(
    codegen_client: CodegenClient, org_id: int, sent: Sent
) -> None:
    """set_webhook_config POSTs url, secret and enabled; the new config reads back."""
    codegen_client.webhooks.set_webhook_config(org_id, HOOK, secret="s3cret", enabled=False)

    (request,) = sent("set_webhook_config")
    assert (request.method, request.path) == (
        "POST",
        f"/organizations/{org_id}/webhooks/agent-run",
    )
    assert request.json == {"url": HOOK, "secret": "s3cret", "enabled": False}
    config = codegen_client.webhooks.get_webhook_config(org_id)
    assert (config.url, config.enabled, config.has_secret) == (HOOK, False, True)


def test_set_webhook_config_defaults_to_enabled_without_secret(
    codegen_client: CodegenClient, org_id: int, sent: Sent
) -> None:
    """set_webhook_config with only a URL sends enabled=True and no secret key."""
    codegen_client.webhooks.set_webhook_config(org_id, HOOK)

    assert sent("set_webhook_config")[0].json == {"url": HOOK, "enabled": True}


def test_delete_webhook_config(codegen_client: CodegenClient, org_id: int, sent: Sent) -> None:
    """delete_webhook_config DELETEs the webhook; reading it afterwards shows no URL."""
    answer = codegen_client.webhooks.delete_webhook_config(org_id)

    assert answer["success"] is True
    assert [(r.method, r.path) for r in sent("delete_webhook_config")] == [
        ("DELETE", f"/organizations/{org_id}/webhooks/agent-run")
    ]
    assert codegen_client.webhooks.get_webhook_config(org_id).url is None


def test_test_webhook_posts_url_once(
    codegen_client: CodegenClient, codegen_fake_api: FakeCodegenAPI, org_id: int, sent: Sent
) -> None:
    """test_webhook POSTs {"url": ...} to .../webhooks/agent-run/test and returns the report."""
    report = codegen_client.webhooks.test_webhook(org_id, HOOK)

    assert report["success"] is True
    assert codegen_fake_api.state.webhook_tests == [HOOK]
    (request,) = sent("test_webhook")
    assert (request.method, request.path, request.json) == (
        "POST",
        f"/organizations/{org_id}/webhooks/agent-run/test",
        {"url": HOOK},
    )


@pytest.mark.parametrize(
    ("call", "named"),
    [
        (lambda c, o: c.webhooks.set_webhook_config(o, "ftp://x"), "url"),
        (lambda c, o: c.webhooks.set_webhook_config(o, "https://a b"), "url"),
        (lambda c, o: c.webhooks.set_webhook_config(o, HOOK, secret=""), "secret"),
        (lambda c, o: c.webhooks.set_webhook_config(o, HOOK, enabled="yes"), "enabled"),
        (lambda c, o: c.webhooks.test_webhook(o, "example.com/hook"), "url"),
    ],
)
def test_webhook_input_is_checked_before_sending(
    codegen_client: CodegenClient,
    codegen_fake_api: FakeCodegenAPI,
    org_id: int,
    call: Callable[[CodegenClient, int], Any],
    named: str,
) -> None:
    """A non-http(s) URL, empty secret or non-bool enabled is refused before sending."""
    with pytest.raises(CodegenInputError, match=named):
        call(codegen_client, org_id)
    assert codegen_fake_api.requests == []
