"""One 2xx-producing example request per operation, for conformance checks and recordings.

`example_requests` returns requests for all operations of the spec, in an order that
keeps them valid one after another (set the webhook before deleting it, resume a paused
run...). The ids come from an `ExampleIds`; `ExampleIds.from_fake` prepares a
`FakeCodegenAPI` (adds the runs the examples need) and reads
them from it, and a recording script can fill one from a real account instead.

Examples:
    >>> fake = FakeCodegenAPI(clock=ManualClock())  # doctest: +SKIP
    >>> for example in example_requests(ExampleIds.from_fake(fake)):  # doctest: +SKIP
    ...     assert fake.handle(example.build(fake.base_url, fake.api_key)).is_success

"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from codegen_client.testing._app import FakeCodegenAPI

__all__ = ["ExampleIds", "ExampleRequest", "example_requests"]


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


def _plain_example(operation_id: str, ids: ExampleIds) -> ExampleRequest | None:
    """An example of an operation this module lists no example for, read from the spec.

    A plain read (its required arguments are all ids of `ExampleIds`, by name, in the
    path or the query, and it sends no body) needs no hand-written example; anything else does.
    """
    from codegen_client_generated.operations import OPERATIONS

    op = OPERATIONS[operation_id]
    values: dict[str, Any] = {}
    for param in op.params:
        if param.required:
            if param.location == "body" or not hasattr(ids, param.name):
                return None
            values[param.name] = getattr(ids, param.name)
    if op.has_body:
        return None
    path = op.path.format(**{name: values.pop(name) for name in op.path_params})
    return ExampleRequest(operation_id, op.method, path, values)


def example_requests(ids: ExampleIds) -> list[ExampleRequest]:
    """Return one example per operation of the spec, valid when sent in this order.

    Operations that need a body, an order or ids of their own are listed here; a plain read
    is made from the spec (`_plain_example`).

    Args:
        ids: Existing ids to address.

    Returns:
        The examples.

    """
    from codegen_client_generated.operations import OPERATIONS

    listed = _listed_examples(ids)
    named = {example.operation_id for example in listed}
    plain = [_plain_example(op_id, ids) for op_id in OPERATIONS if op_id not in named]
    return listed + [example for example in plain if example is not None]


def _listed_examples(ids: ExampleIds) -> list[ExampleRequest]:
    """The examples written out here, in the order that keeps them valid."""
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
