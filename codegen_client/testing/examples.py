"""Example data: one 2xx request per operation, and the ids the documentation uses.

:func:`example_requests` returns requests for all operations of the spec, in an order that
keeps them valid one after another (set the webhook before deleting it, resume a paused
run...). The ids come from an :class:`ExampleIds`; :meth:`ExampleIds.from_fake` prepares a
:class:`~codegen_client.testing.FakeCodegenAPI` (adds the runs the examples need) and reads
them from it, and a recording script can fill one from a real account instead.

:func:`add_documented_examples` gives a fake the ids the README's command table uses
(user 456, repository 7, agent run 98765, pull request 5551234, sandbox 20001, the
``linear`` OAuth connection), so ``--offline`` and ``fake-server`` answer them as written.

Example:
    >>> fake = FakeCodegenAPI(clock=ManualClock())  # doctest: +SKIP
    >>> for example in example_requests(ExampleIds.from_fake(fake)):  # doctest: +SKIP
    ...     assert fake.handle(example.build(fake.base_url, fake.api_key)).is_success

"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx

from codegen_client.testing import _names as words
from codegen_client.testing._runs import AgentRun, RunOutcome
from codegen_client.testing._state import (
    CheckSuiteSettings,
    PullRequest,
    Repository,
    Sandbox,
    State,
    User,
)

if TYPE_CHECKING:
    from codegen_client.testing._app import FakeCodegenAPI

__all__ = [
    "DocumentedIds",
    "ExampleIds",
    "ExampleRequest",
    "add_documented_examples",
    "example_requests",
]


@dataclass(frozen=True)
class ExampleRequest:
    """A request to one operation: path below the base URL, query and JSON body."""

    operation_id: str
    method: str
    path: str
    params: dict[str, Any] = field(default_factory=dict)
    json: Any = None

    def build(self, base_url: str, api_key: str) -> httpx.Request:
        """Return the httpx request, authenticated with ``api_key``.

        Args:
            base_url: Server URL including ``/v1``.
            api_key: Bearer token.

        Returns:
            The request.

        """
        return httpx.Request(
            self.method,
            base_url.rstrip("/") + self.path,
            params=self.params or None,
            json=self.json,
            headers={"Authorization": f"Bearer {api_key}"},
        )


@dataclass(frozen=True)
class ExampleIds:
    """The ids the examples address; every one must exist for the token's user."""

    org_id: int
    user_id: int
    repo_id: int
    pr_id: int
    agent_run_id: int
    paused_run_id: int
    sandbox_id: int
    oauth_provider: str

    @classmethod
    def from_fake(cls, fake: FakeCodegenAPI) -> ExampleIds:
        """Add a complete and a paused run to ``fake`` and return ids that all answer 2xx.

        Args:
            fake: The offline API to prepare.

        Returns:
            The ids.

        """
        org = fake.organizations[fake.org_id]
        repo = org.repositories[0]
        pr = next(p for p in fake.state.pull_requests.values() if p.repo_id == repo.id)
        sandbox = next(
            s for s in fake.state.sandboxes.values() if s.organization_id == org.id and s.has_logs
        )
        done = fake.add_agent_run(
            org.id, "Summarise the open issues", status="COMPLETE", metadata={"ticket": "EX-1"}
        )
        paused = fake.add_agent_run(org.id, "Upgrade the web framework", status="PAUSED")
        providers = org.oauth_connections.get(fake.current_user.id) or ["github"]
        return cls(
            org_id=org.id,
            user_id=fake.current_user.id,
            repo_id=repo.id,
            pr_id=pr.id,
            agent_run_id=done.id,
            paused_run_id=paused.id,
            sandbox_id=sandbox.id,
            oauth_provider=providers[-1],
        )


def example_requests(ids: ExampleIds) -> list[ExampleRequest]:
    """Return one example per operation (30), valid when sent in this order.

    Args:
        ids: Existing ids to address.

    Returns:
        The examples.

    """
    org = f"/organizations/{ids.org_id}"
    run = f"{org}/agent/run"
    hook = "https://hooks.example.com/codegen"
    stop = {"agent_run_id": ids.agent_run_id}
    e = ExampleRequest
    return [
        e("get_current_user", "GET", "/users/me"),
        e("get_organizations", "GET", "/organizations", {"limit": 10}),
        e("get_users", "GET", f"{org}/users", {"skip": 0, "limit": 5}),
        e("get_user", "GET", f"{org}/users/{ids.user_id}"),
        e("create_agent_run", "POST", run,
          json={"prompt": "Add a health check endpoint", "metadata": {"source": "example"}}),
        e("get_agent_run", "GET", f"{run}/{ids.agent_run_id}"),
        e("list_agent_runs", "GET", f"{org}/agent/runs", {"limit": 3, "source_type": "API"}),
        e("get_agent_run_logs", "GET",
          f"/alpha{run}/{ids.agent_run_id}/logs", {"limit": 5, "reverse": "true"}),
        e("resume_agent_run", "POST", f"{run}/resume",
          json={"agent_run_id": ids.paused_run_id, "prompt": "Go ahead with version 5."}),
        e("ban_all_checks_for_agent_run", "POST", f"{run}/ban", json=stop),
        e("unban_all_checks_for_agent_run", "POST", f"{run}/unban", json=stop),
        e("remove_codegen_from_pr", "POST", f"{run}/remove-from-pr", json=stop),
        e("get_repositories", "GET", f"{org}/repos", {"limit": 5}),
        e("get_check_suite_settings", "GET", f"{org}/repos/check-suite-settings",
          {"repo_id": ids.repo_id}),
        e("update_check_suite_settings", "PUT", f"{org}/repos/check-suite-settings",
          {"repo_id": ids.repo_id}, {"check_retry_count": 2, "ignored_checks": ["lint"]}),
        e("edit_pull_request_simple", "PATCH", f"{org}/prs/{ids.pr_id}", json={"state": "open"}),
        e("edit_pull_request", "PATCH", f"{org}/repos/{ids.repo_id}/prs/{ids.pr_id}",
          json={"state": "open"}),
        e("get_organization_integrations", "GET", f"{org}/integrations"),
        e("get_models", "GET", f"{org}/models"),
        e("generate_setup_commands", "POST", f"{org}/setup-commands/generate",
          json={"repo_id": ids.repo_id}),
        e("analyze_sandbox_logs", "POST", f"{org}/sandbox/{ids.sandbox_id}/analyze-logs"),
        e("get_cli_rules", "GET", f"{org}/cli/rules"),
        e("get_mcp_providers", "GET", "/mcp-providers"),
        e("get_oauth_token_status", "GET", "/oauth/tokens/status", {"org_id": ids.org_id}),
        e("revoke_oauth_token", "POST", "/oauth/tokens/revoke",
          {"provider": ids.oauth_provider, "org_id": ids.org_id}),
        e("set_webhook_config", "POST", f"{org}/webhooks/agent-run",
          json={"url": hook, "secret": "s3cret", "enabled": True}),
        e("get_webhook_config", "GET", f"{org}/webhooks/agent-run"),
        e("test_webhook", "POST", f"{org}/webhooks/agent-run/test", json={"url": hook}),
        e("delete_webhook_config", "DELETE", f"{org}/webhooks/agent-run"),
        e("generate_slack_connect_token", "POST", "/slack-connect/generate-token",
          json={"org_id": ids.org_id}),
    ]  # fmt: skip


@dataclass(frozen=True)
class DocumentedIds:
    """The ids the README's command table uses (besides its organization, 123 by default)."""

    org_id: int
    user_id: int = 456
    repo_id: int = 7
    agent_run_id: int = 98765
    earlier_run_id: int = 98764
    pr_id: int = 5551234
    sandbox_id: int = 20001
    oauth_provider: str = "linear"


def add_documented_examples(fake: FakeCodegenAPI) -> DocumentedIds:
    """Add the documentation's ids to ``fake``'s main organization, before it serves.

    User 456 is a member; repository 7 has pull request 5551234 and sandbox 20001 (with
    logs); agent runs 98764 (the current user's) and 98765 (user 456's) finished two hours
    ago with logs and a pull request; the current user has a ``linear`` OAuth connection.
    A seeded pull request or sandbox that already had one of these ids gets a new one.

    Args:
        fake: A fake that has not served any request yet.

    Returns:
        The ids.

    """
    state = fake.state
    org = fake.organizations[fake.org_id]
    ids = DocumentedIds(org_id=org.id)
    user = User(
        id=ids.user_id,
        email="sam.rivera@example.com",
        github_user_id="5550456",
        github_username="samriv56",
        avatar_url="https://avatars.githubusercontent.com/u/5550456?v=4",
        full_name="Sam Rivera",
    )
    state.users[user.id] = user
    state.add_member(org, user, "MEMBER")
    slug = org.name.lower().replace(" ", "-")
    repo = Repository(
        id=ids.repo_id,
        name="example-app",
        full_name=f"{slug}/example-app",
        description="Example App",
        github_id="555000007",
        organization_id=org.id,
        visibility="private",
        archived=False,
        setup_status="COMPLETE",
        language="Python",
    )
    org.repositories.append(repo)
    state.repositories[repo.id] = repo
    state.check_suites[repo.id] = CheckSuiteSettings(list(words.CHECKS["Python"]))
    _free(state, state.pull_requests, ids.pr_id)
    pr = PullRequest(ids.pr_id, repo.id, 42, "Fix the flaky test", "open", "codegen-bot/flaky")
    state.pull_requests[pr.id] = pr
    _free(state, state.sandboxes, ids.sandbox_id)
    state.sandboxes[ids.sandbox_id] = Sandbox(ids.sandbox_id, org.id, repo.id, has_logs=True)
    connected = org.oauth_connections.setdefault(fake.current_user.id, [])
    if ids.oauth_provider not in connected:
        connected.append(ids.oauth_provider)
        connected.sort()
    _finished_run(fake, ids.earlier_run_id, fake.current_user.id, "Add retries", repo, None)
    _finished_run(fake, ids.agent_run_id, user.id, "Fix the flaky test", repo, pr)
    return ids


def _free(state: State, table: dict[int, Any], wanted: int) -> None:
    """Give a seeded record that holds ``wanted`` a fresh id, so the documented one is free."""
    holder = table.pop(wanted, None)
    if holder is not None:
        holder.id = state.new_id(wanted + 1, wanted + 1_000_000)
        table[holder.id] = holder


def _finished_run(
    fake: FakeCodegenAPI,
    run_id: int,
    user_id: int,
    prompt: str,
    repo: Repository,
    pr: PullRequest | None,
) -> AgentRun:
    """Store a run with id ``run_id`` that worked 30 minutes and completed 90 minutes ago."""
    book = fake.runs
    # RunBook numbers runs itself; seeded ids start at 100,000, so these never collide.
    following, book._next_id = book._next_id, run_id
    try:
        run = fake.add_agent_run(
            fake.org_id,
            prompt,
            user_id=user_id,
            outcome=RunOutcome("COMPLETE", duration=1800.0),
            created_at=fake.now() - 7200.0,
        )
    finally:
        book._next_id = following
    run.repo_id, run.agent_type, run.model = repo.id, "codegen", words.DEFAULT_MODEL
    if pr is not None:
        run.github_pull_requests.append(
            {
                "id": pr.id,
                "url": f"https://github.com/{repo.full_name}/pull/{pr.number}",
                "title": pr.title,
                "created_at": fake.timestamp(fake.now() - 5400.0),
                "head_branch_name": pr.head_branch_name,
            }
        )
    return run
