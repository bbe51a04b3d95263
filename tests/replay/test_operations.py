"""Every operation through the public client, replayed from recorded cassettes.

Re-record with ``make cassettes`` (offline API) or ``make cassettes-live`` (real API); see
conftest.py. The order of the tests matters only when recording (set a webhook before deleting it).
"""

from __future__ import annotations

import pytest

from codegen_client import CodegenClient
from codegen_client.testing.examples import ExampleIds

pytestmark = pytest.mark.vcr


def test_get_current_user(client: CodegenClient, ids: ExampleIds) -> None:
    """users/me answers the token's user."""
    me = client.users.get_current_user()
    assert me.id > 0 and me.github_username


def test_get_organizations(client: CodegenClient, ids: ExampleIds) -> None:
    """The caller's organizations come as a page that includes the example org."""
    page = client.organizations.get_organizations()
    assert page.total >= 1 and page.page == 1
    assert ids.org_id in [org.id for org in page.items]


def test_iter_organizations_walks_pages(client: CodegenClient, ids: ExampleIds) -> None:
    """Iterating with page_size=1 sends one request per organization, and no extra one."""
    with client.capture_response() as captured:
        orgs = list(client.organizations.iter_organizations(page_size=1, max_items=2))
    assert 1 <= len(orgs) <= 2
    assert len({o.id for o in orgs}) == len(orgs)
    assert len(captured.responses) == len(orgs)


@pytest.mark.needs("user_id")
def test_get_users(client: CodegenClient, ids: ExampleIds) -> None:
    """The org's members are listed with their GitHub identity."""
    page = client.users.get_users(org_id=ids.org_id, limit=10)
    assert page.size == 10 and len(page.items) <= 10
    assert all(user.github_username for user in page.items)


@pytest.mark.needs("user_id")
def test_get_user(client: CodegenClient, ids: ExampleIds) -> None:
    """One member by id."""
    assert client.users.get_user(org_id=ids.org_id, user_id=ids.user_id).id == ids.user_id


@pytest.mark.writes
def test_create_agent_run(client: CodegenClient, ids: ExampleIds) -> None:
    """A new run starts ACTIVE and keeps the caller's metadata.

    The request id is the test's own: a generated one would differ from the recorded answer's,
    which the client would then take for an answer about another run.
    """
    metadata = {"ticket": "CASSETTE-1", "codegen_client_request_id": "cassette-create-1"}
    run = client.agents.create_agent_run(
        org_id=ids.org_id, prompt="Add a README badge", metadata=metadata
    )
    assert run.id > 0
    assert (run.status or "").upper() in {"ACTIVE", "PENDING", "RUNNING", "EVALUATION"}
    assert run.metadata and run.metadata["ticket"] == "CASSETTE-1"


@pytest.mark.needs("agent_run_id")
def test_get_agent_run(client: CodegenClient, ids: ExampleIds) -> None:
    """A finished run carries its result."""
    run = client.agents.get_agent_run(org_id=ids.org_id, agent_run_id=ids.agent_run_id)
    assert run.id == ids.agent_run_id
    assert (run.status or "").upper() == "COMPLETE" and run.result


def test_list_agent_runs(client: CodegenClient, ids: ExampleIds) -> None:
    """Runs are listed newest first."""
    page = client.agents.list_agent_runs(org_id=ids.org_id, limit=5)
    run_ids = [run.id for run in page.items]
    assert run_ids == sorted(run_ids, reverse=True)


def test_list_agent_runs_filtered(client: CodegenClient, ids: ExampleIds) -> None:
    """The source_type filter narrows the list."""
    page = client.agents.list_agent_runs(org_id=ids.org_id, source_type="api", limit=5)
    assert all(run.source_type == "API" for run in page.items)


@pytest.mark.needs("agent_run_id")
def test_get_agent_run_logs(client: CodegenClient, ids: ExampleIds) -> None:
    """The alpha logs endpoint returns the run with a page of its steps."""
    page = client.agents_alpha.get_agent_run_logs(
        org_id=ids.org_id, agent_run_id=ids.agent_run_id, limit=5
    )
    assert page.id == ids.agent_run_id and len(page.logs) <= 5
    assert all(entry.agent_run_id == ids.agent_run_id for entry in page.logs)


@pytest.mark.writes
@pytest.mark.needs("paused_run_id")
def test_resume_agent_run(client: CodegenClient, ids: ExampleIds) -> None:
    """A paused run resumes with a new prompt."""
    run = client.agents.resume_agent_run(
        org_id=ids.org_id, agent_run_id=ids.paused_run_id, prompt="Go ahead with option B"
    )
    assert run.id == ids.paused_run_id


@pytest.mark.writes
@pytest.mark.needs("agent_run_id")
def test_ban_all_checks_for_agent_run(client: CodegenClient, ids: ExampleIds) -> None:
    """Ban acknowledges."""
    assert client.agents.ban_all_checks_for_agent_run(ids.org_id, ids.agent_run_id) is not None


@pytest.mark.writes
@pytest.mark.needs("agent_run_id")
def test_unban_all_checks_for_agent_run(client: CodegenClient, ids: ExampleIds) -> None:
    """Unban acknowledges."""
    assert client.agents.unban_all_checks_for_agent_run(ids.org_id, ids.agent_run_id) is not None


@pytest.mark.writes
@pytest.mark.needs("agent_run_id")
def test_remove_codegen_from_pr(client: CodegenClient, ids: ExampleIds) -> None:
    """Remove-from-PR acknowledges."""
    assert client.agents.remove_codegen_from_pr(ids.org_id, ids.agent_run_id) is not None


def test_get_repositories(client: CodegenClient, ids: ExampleIds) -> None:
    """Repositories come with their full names."""
    page = client.repositories.get_repositories(org_id=ids.org_id, limit=3)
    assert all("/" in repo.full_name for repo in page.items)


@pytest.mark.needs("repo_id")
def test_get_check_suite_settings(client: CodegenClient, ids: ExampleIds) -> None:
    """Check-suite settings have a retry count within the documented bounds."""
    settings = client.check_suite_settings.get_check_suite_settings(ids.org_id, ids.repo_id)
    assert 0 <= settings.check_retry_count <= 10


@pytest.mark.writes
@pytest.mark.needs("repo_id")
def test_update_check_suite_settings(client: CodegenClient, ids: ExampleIds) -> None:
    """An update is acknowledged."""
    answer = client.check_suite_settings.update_check_suite_settings(
        ids.org_id, ids.repo_id, check_retry_count=2, ignored_checks=["lint"]
    )
    assert isinstance(answer, dict) and answer


@pytest.mark.writes
@pytest.mark.needs("pr_id")
def test_edit_pull_request_simple(client: CodegenClient, ids: ExampleIds) -> None:
    """A PR moves to draft."""
    answer = client.pull_requests.edit_pull_request_simple(ids.org_id, ids.pr_id, "draft")
    assert answer.success is True


@pytest.mark.writes
@pytest.mark.needs("repo_id", "pr_id")
def test_edit_pull_request(client: CodegenClient, ids: ExampleIds) -> None:
    """A PR (named with its repository) moves back to ready for review."""
    answer = client.pull_requests.edit_pull_request(
        ids.org_id, ids.repo_id, ids.pr_id, "ready_for_review"
    )
    assert answer.success is True


def test_get_organization_integrations(client: CodegenClient, ids: ExampleIds) -> None:
    """The active count matches the integrations marked active."""
    answer = client.integrations.get_organization_integrations(ids.org_id)
    assert answer.total_active_integrations == sum(i.active for i in answer.integrations)


def test_get_models(client: CodegenClient, ids: ExampleIds) -> None:
    """The default model is one of the listed ones."""
    answer = client.models.get_models(ids.org_id)
    values = {m.value for provider in answer.providers for m in provider.models}
    assert answer.default_model in values


@pytest.mark.writes
@pytest.mark.needs("repo_id")
def test_generate_setup_commands(client: CodegenClient, ids: ExampleIds) -> None:
    """Setup-command generation starts an agent run."""
    answer = client.setup_commands.generate_setup_commands(ids.org_id, ids.repo_id)
    assert answer.agent_run_id > 0 and answer.url


@pytest.mark.writes
@pytest.mark.needs("sandbox_id")
def test_analyze_sandbox_logs(client: CodegenClient, ids: ExampleIds) -> None:
    """Log analysis starts an agent run."""
    answer = client.sandbox.analyze_sandbox_logs(ids.org_id, ids.sandbox_id)
    assert answer.agent_run_id > 0


def test_get_cli_rules(client: CodegenClient, ids: ExampleIds) -> None:
    """CLI rules answer both fields (either may be null)."""
    rules = client.cli_rules.get_cli_rules(ids.org_id)
    assert isinstance(rules.organization_rules, (str, type(None)))
    assert isinstance(rules.user_custom_prompt, (str, type(None)))


def test_get_mcp_providers(client: CodegenClient, ids: ExampleIds) -> None:
    """MCP providers list their OAuth endpoints."""
    providers = client.mcp_providers.get_mcp_providers()
    assert all(p.authorization_endpoint.startswith("https://") for p in providers)


def test_get_oauth_token_status(client: CodegenClient, ids: ExampleIds) -> None:
    """The token status answers (its shape is undocumented)."""
    assert client.oauth.get_oauth_token_status(ids.org_id) is not None


@pytest.mark.writes
@pytest.mark.needs("oauth_provider")
def test_revoke_oauth_token(client: CodegenClient, ids: ExampleIds) -> None:
    """Revoking a provider's token is acknowledged."""
    assert client.oauth.revoke_oauth_token(ids.org_id, ids.oauth_provider) is not None


@pytest.mark.writes
def test_set_webhook_config(client: CodegenClient, ids: ExampleIds) -> None:
    """Setting the webhook is acknowledged."""
    answer = client.webhooks.set_webhook_config(
        ids.org_id, "https://hooks.example.com/codegen", secret="whsec-example"
    )
    assert answer is not None


def test_get_webhook_config(client: CodegenClient, ids: ExampleIds) -> None:
    """The webhook config never shows its secret, only whether there is one."""
    config = client.webhooks.get_webhook_config(ids.org_id)
    assert isinstance(config.has_secret, bool)
    assert "secret" not in config.additional_properties


@pytest.mark.writes
def test_test_webhook(client: CodegenClient, ids: ExampleIds) -> None:
    """A test event is sent."""
    assert client.webhooks.test_webhook(ids.org_id, "https://hooks.example.com/codegen")


@pytest.mark.writes
def test_delete_webhook_config(client: CodegenClient, ids: ExampleIds) -> None:
    """Deleting the webhook is acknowledged."""
    assert client.webhooks.delete_webhook_config(ids.org_id) is not None


@pytest.mark.writes
def test_generate_slack_connect_token(client: CodegenClient, ids: ExampleIds) -> None:
    """A Slack connect token comes with its lifetime."""
    answer = client.slack_connect.generate_slack_connect_token(ids.org_id)
    assert answer.token and answer.expires_in_minutes > 0
