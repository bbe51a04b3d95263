"""Commands that change an organization's setup: webhooks, check suites, PRs, OAuth, Slack."""

from __future__ import annotations

from typing import Annotated

import typer

from codegen_client.cli._group import CommandGroup
from codegen_client.cli._inputs import json_object
from codegen_client.cli._options import HELP_MARKUP, JsonFlag, OrgId, RepoId
from codegen_client.cli._repo_option import RepoName, resolve_repo_id
from codegen_client.cli._session import open_command

__all__ = ["register"]

Url = Annotated[str, typer.Argument(help="An http(s) URL.", metavar="URL")]


def _group(summary: str) -> typer.Typer:
    """A command group (``webhooks get``, ...) drawn like the main app; bare, it shows help."""
    return typer.Typer(
        cls=CommandGroup, rich_markup_mode=HELP_MARKUP, no_args_is_help=True, help=summary
    )


webhooks = _group("The organization's agent-run webhook: get, set, delete, test.")
check_suite_settings = _group("How agents react to a repository's CI checks: get, set.")
oauth = _group("The organization's OAuth tokens: status, revoke.")


@webhooks.command("get")
def webhook_get(ctx: typer.Context, org_id: OrgId, as_json: JsonFlag = False) -> None:
    """Show the webhook that receives agent-run events."""
    with open_command(ctx, as_json) as cmd:
        cmd.out.record(cmd.client.webhooks.get_webhook_config(org_id), title="Webhook")


@webhooks.command("set")
def webhook_set(
    ctx: typer.Context,
    org_id: OrgId,
    url: Url,
    secret: Annotated[
        str | None,
        typer.Option(
            help="Secret that signs each event (or set CODEGEN_WEBHOOK_SECRET).",
            metavar="TEXT",
            envvar="CODEGEN_WEBHOOK_SECRET",
            show_envvar=False,
        ),
    ] = None,
    disabled: Annotated[
        bool, typer.Option("--disabled", help="Store the webhook without sending events.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Set (replace) the webhook that receives agent-run events."""
    with open_command(ctx, as_json) as cmd:
        answer = cmd.client.webhooks.set_webhook_config(
            org_id, url, secret=secret, enabled=not disabled
        )
        cmd.out.acknowledge(answer, f"Webhook of organization {org_id} set to {url}")


@webhooks.command("delete")
def webhook_delete(ctx: typer.Context, org_id: OrgId, as_json: JsonFlag = False) -> None:
    """Remove the webhook."""
    with open_command(ctx, as_json) as cmd:
        answer = cmd.client.webhooks.delete_webhook_config(org_id)
        cmd.out.acknowledge(answer, f"Webhook of organization {org_id} deleted")


@webhooks.command("test")
def webhook_test(ctx: typer.Context, org_id: OrgId, url: Url, as_json: JsonFlag = False) -> None:
    """Send a test event to a URL."""
    with open_command(ctx, as_json) as cmd:
        answer = cmd.client.webhooks.test_webhook(org_id, url)
        cmd.out.acknowledge(answer, f"Test event sent to {url}")


@check_suite_settings.command("get")
def check_suite_get(
    ctx: typer.Context, org_id: OrgId, repo_id: RepoId, as_json: JsonFlag = False
) -> None:
    """Show a repository's check-suite settings."""
    with open_command(ctx, as_json) as cmd:
        found = cmd.client.check_suite_settings.get_check_suite_settings(org_id, repo_id)
        cmd.out.record(found, title=f"Check-suite settings of repository {repo_id}")


@check_suite_settings.command("set")
def check_suite_set(
    ctx: typer.Context,
    org_id: OrgId,
    repo_id: RepoId,
    retry_count: Annotated[
        int | None,
        typer.Option(help="Retries of a failing check, 0..10.", min=0, max=10, metavar="N"),
    ] = None,
    ignore_check: Annotated[
        list[str] | None,
        typer.Option(
            help="A check the agent ignores; repeatable (replaces the list).", metavar="TEXT"
        ),
    ] = None,
    retry_counts: Annotated[
        str | None,
        typer.Option(help="Retries per check as JSON, e.g. '{\"lint\": 0}'.", metavar="JSON"),
    ] = None,
    custom_prompts: Annotated[
        str | None,
        typer.Option(
            help='Instructions per check as JSON, e.g. \'{"test": "..."}\'.', metavar="JSON"
        ),
    ] = None,
    high_priority_app: Annotated[
        list[str] | None,
        typer.Option(
            help="An app whose check suites are high priority; repeatable.", metavar="TEXT"
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Change a repository's check-suite settings; options left out keep their value."""
    with open_command(ctx, as_json) as cmd:
        answer = cmd.client.check_suite_settings.update_check_suite_settings(
            org_id,
            repo_id,
            check_retry_count=retry_count,
            ignored_checks=ignore_check,
            check_retry_counts=json_object("--retry-counts", retry_counts),
            custom_prompts=json_object("--custom-prompts", custom_prompts),
            high_priority_apps=high_priority_app,
        )
        cmd.out.acknowledge(answer, f"Check-suite settings of repository {repo_id} updated")


def edit_pr(
    ctx: typer.Context,
    org_id: OrgId,
    pr_id: Annotated[int, typer.Argument(help="Pull request id.", min=1, metavar="PR_ID")],
    state: Annotated[
        str, typer.Argument(help="open, closed, draft or ready_for_review.", metavar="STATE")
    ],
    repo_id: Annotated[
        int | None,
        typer.Option(help="The pull request's repository (optional).", min=1, metavar="ID"),
    ] = None,
    repo: RepoName = None,
    as_json: JsonFlag = False,
) -> None:
    """Change the state of a pull request (open, closed, draft, ready_for_review)."""
    with open_command(ctx, as_json) as cmd:
        repo_id = resolve_repo_id(cmd, org_id, repo_id, repo)
        prs = cmd.client.pull_requests
        answer = (
            prs.edit_pull_request(org_id, repo_id, pr_id, state)
            if repo_id is not None
            else prs.edit_pull_request_simple(org_id, pr_id, state)
        )
        cmd.out.record(answer, title=f"Pull request {pr_id}")


@oauth.command("status")
def oauth_status(ctx: typer.Context, org_id: OrgId, as_json: JsonFlag = False) -> None:
    """Show which OAuth providers have a token for you in the organization."""
    with open_command(ctx, as_json) as cmd:
        cmd.out.show(cmd.client.oauth.get_oauth_token_status(org_id), title="OAuth tokens")


@oauth.command("revoke")
def oauth_revoke(
    ctx: typer.Context,
    org_id: OrgId,
    provider: Annotated[
        str, typer.Argument(help="Provider name, e.g. linear.", metavar="PROVIDER")
    ],
    as_json: JsonFlag = False,
) -> None:
    """Revoke your OAuth token for a provider."""
    with open_command(ctx, as_json) as cmd:
        answer = cmd.client.oauth.revoke_oauth_token(org_id, provider)
        cmd.out.acknowledge(answer, f"OAuth token for {provider} revoked")


def slack_token(ctx: typer.Context, org_id: OrgId, as_json: JsonFlag = False) -> None:
    """Get a short-lived token that links your Slack account."""
    with open_command(ctx, as_json) as cmd:
        answer = cmd.client.slack_connect.generate_slack_connect_token(org_id)
        cmd.out.record(answer, title="Slack connect token")


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    panel = "Organization settings"
    app.add_typer(webhooks, name="webhooks", rich_help_panel=panel)
    app.add_typer(check_suite_settings, name="check-suite-settings", rich_help_panel=panel)
    app.command(rich_help_panel=panel)(edit_pr)
    app.add_typer(oauth, name="oauth", rich_help_panel=panel)
    app.command(rich_help_panel=panel)(slack_token)
