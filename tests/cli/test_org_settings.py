"""Settings and agent-task commands: webhooks, check suites, PRs, OAuth, Slack, setup, sandbox."""

from __future__ import annotations

import pytest

from codegen_client.testing import FakeCodegenAPI
from tests.cli.conftest import Invoke, json_of


def _repo_id(fake: FakeCodegenAPI, org_id: int) -> int:
    return fake.organizations[org_id].repositories[0].id


def test_webhooks_get_set_delete_round_trip(cli: Invoke, fake: FakeCodegenAPI, org_id: int) -> None:
    """`webhooks set` stores the URL, `get` shows it (never the secret), `delete` clears it."""
    url = "https://hooks.example.com/codegen"
    result = cli("webhooks", "set", org_id, url, "--secret", "s3cret-value")
    assert result.exit_code == 0, result.stderr
    assert "s3cret-value" not in result.stdout
    shown = json_of(cli("webhooks", "get", org_id, "--json"))
    assert (shown["url"], shown["enabled"], shown["has_secret"]) == (url, True, True)
    assert "s3cret-value" not in cli("webhooks", "get", org_id).stdout
    assert cli("webhooks", "delete", org_id).exit_code == 0
    assert json_of(cli("webhooks", "get", org_id, "--json"))["url"] is None


def test_webhooks_set_disabled_and_secret_from_env(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """--disabled stores the webhook off; CODEGEN_WEBHOOK_SECRET supplies the secret."""
    result = cli(
        "webhooks", "set", org_id, "https://h.example.com", "--disabled", "--json",
        env={"CODEGEN_WEBHOOK_SECRET": "from-env"},
    )  # fmt: skip
    assert json_of(result)["enabled"] is False
    body = fake.requests_for("set_webhook_config")[0].json
    assert body == {"url": "https://h.example.com", "secret": "from-env", "enabled": False}


def test_webhooks_test_sends_a_test_event(cli: Invoke, fake: FakeCodegenAPI, org_id: int) -> None:
    """`webhooks test ORG URL` asks the API to send a test event there."""
    result = cli("webhooks", "test", org_id, "https://h.example.com/t")
    assert result.exit_code == 0, result.stderr
    assert fake.requests_for("test_webhook")[0].json == {"url": "https://h.example.com/t"}
    assert json_of(cli("webhooks", "test", org_id, "https://h.example.com/t", "--json"))


def test_webhooks_set_rejects_a_non_http_url(cli: Invoke, org_id: int) -> None:
    """A URL that is not http(s) exits 6 (input)."""
    result = cli("webhooks", "set", org_id, "ftp://nope")
    assert result.exit_code == 6
    assert result.stderr.startswith("error:")


def test_check_suite_settings_get_and_set(cli: Invoke, fake: FakeCodegenAPI, org_id: int) -> None:
    """`check-suite-settings set` sends only the given fields; `get` shows the new values."""
    repo_id = _repo_id(fake, org_id)
    result = cli(
        "check-suite-settings", "set", org_id, repo_id,
        "--retry-count", 2,
        "--ignore-check", "lint", "--ignore-check", "docs",
        "--retry-counts", '{"test": 4}',
        "--custom-prompts", '{"test": "Run pytest -x"}',
        "--high-priority-app", "github-actions",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    body = fake.requests_for("update_check_suite_settings")[0].json
    assert body == {
        "check_retry_count": 2,
        "ignored_checks": ["lint", "docs"],
        "check_retry_counts": {"test": 4},
        "custom_prompts": {"test": "Run pytest -x"},
        "high_priority_apps": ["github-actions"],
    }
    shown = json_of(cli("check-suite-settings", "get", org_id, repo_id, "--json"))
    assert shown["check_retry_count"] == 2
    assert shown["ignored_checks"] == ["lint", "docs"]
    assert "lint, docs" in cli("check-suite-settings", "get", org_id, repo_id).stdout


def test_check_suite_settings_set_nothing_is_input_error(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """`check-suite-settings set` with no change exits 6 and sends nothing."""
    result = cli("check-suite-settings", "set", org_id, _repo_id(fake, org_id))
    assert result.exit_code == 6
    assert fake.requests_for("update_check_suite_settings") == []


def test_check_suite_settings_bad_json_is_input_error(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """--retry-counts that is not a JSON object exits 6."""
    result = cli(
        "check-suite-settings", "set", org_id, _repo_id(fake, org_id), "--retry-counts", "3"
    )
    assert result.exit_code == 6
    assert "--retry-counts" in result.stderr


@pytest.mark.parametrize("with_repo", [False, True])
def test_edit_pr_changes_the_state(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int, with_repo: bool
) -> None:
    """`edit-pr ORG PR STATE` (and with --repo-id) changes the pull request's state."""
    repo_id = _repo_id(fake, org_id)
    pr = next(p for p in fake.state.pull_requests.values() if p.repo_id == repo_id)
    extra = ["--repo-id", repo_id] if with_repo else []
    data = json_of(cli("edit-pr", org_id, pr.id, "closed", *extra, "--json"))
    assert data["success"] is True
    assert fake.state.pull_requests[pr.id].state == "closed"
    operation = "edit_pull_request" if with_repo else "edit_pull_request_simple"
    assert len(fake.requests_for(operation)) == 1


def test_edit_pr_unknown_state_is_input_error(cli: Invoke, org_id: int) -> None:
    """A state other than open/closed/draft/ready_for_review exits 6."""
    result = cli("edit-pr", org_id, 5, "merged")
    assert result.exit_code == 6
    assert "state" in result.stderr


def test_oauth_status_and_revoke(cli: Invoke, fake: FakeCodegenAPI, org_id: int) -> None:
    """`oauth status` lists connected providers; `oauth revoke` removes one."""
    providers = json_of(cli("oauth", "status", org_id, "--json"))
    assert providers
    assert providers[0] in cli("oauth", "status", org_id).stdout
    revoked = json_of(cli("oauth", "revoke", org_id, providers[0], "--json"))
    assert revoked["revoked"] is True
    assert providers[0] not in json_of(cli("oauth", "status", org_id, "--json"))


def test_slack_token_prints_the_token(cli: Invoke, fake: FakeCodegenAPI, org_id: int) -> None:
    """`slack-token ORG` prints the token and how long it lasts."""
    data = json_of(cli("slack-token", org_id, "--json"))
    assert data["expires_in_minutes"] == 10
    table = cli("slack-token", org_id).stdout
    assert fake.state.slack_tokens[-1] in table


def test_setup_commands_starts_a_run_and_can_wait(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """`setup-commands ORG REPO` starts a run; with --wait it shows the finished run."""
    repo_id = _repo_id(fake, org_id)
    started = json_of(cli("setup-commands", org_id, repo_id, "--prompt", "use uv", "--json"))
    assert started["agent_run_id"] in fake.agent_runs
    assert fake.requests_for("generate_setup_commands")[0].json["prompt"] == "use uv"
    waited = json_of(cli("setup-commands", org_id, repo_id, "--wait", "--json"))
    assert waited["status"] == "COMPLETE"
    assert "agent_run_id" in cli("setup-commands", org_id, repo_id).stdout


def test_analyze_logs_starts_a_run_and_can_wait(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """`analyze-logs ORG SANDBOX` starts a run; with --wait it shows the finished run."""
    sandbox = next(
        s for s in fake.state.sandboxes.values() if s.organization_id == org_id and s.has_logs
    )
    started = json_of(cli("analyze-logs", org_id, sandbox.id, "--json"))
    assert started["agent_run_id"] in fake.agent_runs
    waited = cli("analyze-logs", org_id, sandbox.id, "--wait")
    assert waited.exit_code == 0, waited.stderr
    assert "COMPLETE" in waited.stdout
