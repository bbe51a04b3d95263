"""Organization settings, PR edits, OAuth, Slack and the other small endpoints."""

from __future__ import annotations

import httpx

from codegen_client.testing import FakeCodegenAPI


def test_current_user_and_member(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """users/me and get_user describe the same user with a role."""
    me = http.get("/users/me").json()
    assert me["id"] == fake.current_user.id
    assert me["role"] == "ADMIN"
    same = http.get(f"/organizations/{fake.org_id}/users/{me['id']}").json()
    assert same == me


def test_webhook_set_get_test_delete(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """Webhook config round-trips, hides the secret, and deletes back to empty."""
    path = f"/organizations/{fake.member_org_ids()[1]}/webhooks/agent-run"
    assert http.get(path).json() == {"url": None, "enabled": False, "has_secret": False}
    url = "https://example.com/hook"
    assert http.post(path, json={"url": url, "secret": "abc"}).status_code == 200
    assert http.get(path).json() == {"url": url, "enabled": True, "has_secret": True}
    assert http.post(f"{path}/test", json={"url": url}).status_code == 200
    assert fake.state.webhook_tests == [url]
    assert http.delete(path).status_code == 200
    assert http.get(path).json()["url"] is None


def test_check_suite_settings_update(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """Updates change only the given settings."""
    repo_id = fake.organizations[fake.org_id].repositories[0].id
    path = f"/organizations/{fake.org_id}/repos/check-suite-settings"
    before = http.get(path, params={"repo_id": repo_id}).json()
    http.put(
        path, params={"repo_id": repo_id}, json={"check_retry_count": 0, "ignored_checks": ["x"]}
    )
    after = http.get(path, params={"repo_id": repo_id}).json()
    assert (after["check_retry_count"], after["ignored_checks"]) == (0, ["x"])
    assert after["available_check_suite_names"] == before["available_check_suite_names"]
    assert http.get(path, params={"repo_id": 1}).status_code == 404


def test_pull_request_edits(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """PR edits change the state and answer EditPRResponse; closed PRs cannot become drafts."""
    org = fake.organizations[fake.org_id]
    pr = next(p for p in fake.state.pull_requests.values() if p.repo_id == org.repositories[0].id)
    closed = http.patch(f"/organizations/{org.id}/prs/{pr.id}", json={"state": "closed"}).json()
    assert (closed["success"], closed["state"], closed["number"]) == (True, "closed", pr.number)
    assert closed["url"].endswith(f"/pull/{pr.number}")
    draft = http.patch(
        f"/organizations/{org.id}/repos/{pr.repo_id}/prs/{pr.id}", json={"state": "draft"}
    ).json()
    assert draft["success"] is False
    assert draft["error"]
    assert http.patch(f"/organizations/{org.id}/prs/1", json={"state": "open"}).status_code == 404


def test_oauth_status_and_revoke(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """OAuth status lists provider names; revoke removes one."""
    params = {"org_id": fake.org_id}
    providers = http.get("/oauth/tokens/status", params=params).json()
    assert providers and all(isinstance(p, str) for p in providers)
    http.post("/oauth/tokens/revoke", params={**params, "provider": providers[0]})
    assert http.get("/oauth/tokens/status", params=params).json() == providers[1:]


def test_integrations_models_rules_mcp(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """Integrations count active ones; models name a default; rules and MCP list answer."""
    org = f"/organizations/{fake.org_id}"
    integrations = http.get(f"{org}/integrations").json()
    active = sum(i["active"] for i in integrations["integrations"])
    assert integrations["total_active_integrations"] == active
    models = http.get(f"{org}/models").json()
    values = {m["value"] for p in models["providers"] for m in p["models"]}
    assert models["default_model"] in values
    rules = http.get(f"{org}/cli/rules").json()
    assert set(rules) == {"organization_rules", "user_custom_prompt"}
    assert all(p["is_mcp"] for p in http.get("/mcp-providers").json())


def test_slack_token_is_deterministic_and_unique(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """Slack connect tokens expire in 10 minutes and differ call to call."""
    first = http.post("/slack-connect/generate-token", json={"org_id": fake.org_id}).json()
    second = http.post("/slack-connect/generate-token", json={"org_id": fake.org_id}).json()
    assert first["expires_in_minutes"] == 10
    assert first["token"] != second["token"]
    assert first["token"] in first["message"]
    foreign = http.post("/slack-connect/generate-token", json={"org_id": fake.foreign_org_id()})
    assert foreign.status_code == 403
