"""Commands that read the account: organizations, users, repositories and what they can use."""

from __future__ import annotations

from typing import Annotated

import typer

from codegen_client.cli._listing import show_list
from codegen_client.cli._options import AllPages, JsonFlag, Limit, OrgId, Skip
from codegen_client.cli._output import Column, plain
from codegen_client.cli._session import open_command

__all__ = ["register"]

ORGANIZATION_COLUMNS: list[Column] = [
    ("ID", "id"),
    ("Name", "name"),
    ("PR creation", "settings.enable_pr_creation"),
    ("Rules detection", "settings.enable_rules_detection"),
]
USER_COLUMNS: list[Column] = [
    ("ID", "id"),
    ("GitHub user", "github_username"),
    ("Name", "full_name"),
    ("Email", "email"),
    ("Role", "role"),
    ("Admin", "is_admin"),
]
REPOSITORY_COLUMNS: list[Column] = [
    ("ID", "id"),
    ("Full name", "full_name"),
    ("Language", "language"),
    ("Visibility", "visibility"),
    ("Setup", "setup_status"),
    ("Archived", "archived"),
]
INTEGRATION_COLUMNS: list[Column] = [
    ("Integration", "integration_type"),
    ("Active", "active"),
    ("Token id", "token_id"),
    ("Installation id", "installation_id"),
]
MODEL_COLUMNS: list[Column] = [
    ("Provider", "provider"),
    ("Model", "label"),
    ("Value (for --model)", "value"),
    ("Default", "default"),
]
PROVIDER_COLUMNS: list[Column] = [
    ("ID", "id"),
    ("Name", "name"),
    ("Issuer", "issuer"),
    ("MCP", "is_mcp"),
    ("Default scopes", "default_scopes"),
]

UserId = Annotated[int, typer.Argument(help="User id (see `users`).", min=1, metavar="USER_ID")]


def organizations(
    ctx: typer.Context,
    skip: Skip = 0,
    limit: Limit = 100,
    all_pages: AllPages = False,
    as_json: JsonFlag = False,
) -> None:
    """List the organizations you belong to."""
    with open_command(ctx, as_json) as cmd:
        orgs = cmd.client.organizations
        show_list(
            cmd.out,
            page=lambda: orgs.get_organizations(skip=skip, limit=limit),
            every=orgs.iter_organizations,
            all_pages=all_pages,
            columns=ORGANIZATION_COLUMNS,
            title="Organizations",
            skip=skip,
        )


def users(
    ctx: typer.Context,
    org_id: OrgId,
    skip: Skip = 0,
    limit: Limit = 100,
    all_pages: AllPages = False,
    as_json: JsonFlag = False,
) -> None:
    """List the users of an organization."""
    with open_command(ctx, as_json) as cmd:
        api = cmd.client.users
        show_list(
            cmd.out,
            page=lambda: api.get_users(org_id, skip=skip, limit=limit),
            every=lambda: api.iter_users(org_id),
            all_pages=all_pages,
            columns=USER_COLUMNS,
            title=f"Users of organization {org_id}",
            skip=skip,
        )


def user(ctx: typer.Context, org_id: OrgId, user_id: UserId, as_json: JsonFlag = False) -> None:
    """Show one user of an organization."""
    with open_command(ctx, as_json) as cmd:
        cmd.out.record(cmd.client.users.get_user(org_id, user_id), title=f"User {user_id}")


def me(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Show the user the API key belongs to."""
    with open_command(ctx, as_json) as cmd:
        cmd.out.record(cmd.client.users.get_current_user(), title="You")


def repositories(
    ctx: typer.Context,
    org_id: OrgId,
    skip: Skip = 0,
    limit: Limit = 100,
    all_pages: AllPages = False,
    as_json: JsonFlag = False,
) -> None:
    """List the repositories of an organization."""
    with open_command(ctx, as_json) as cmd:
        api = cmd.client.repositories
        show_list(
            cmd.out,
            page=lambda: api.get_repositories(org_id, skip=skip, limit=limit),
            every=lambda: api.iter_repositories(org_id),
            all_pages=all_pages,
            columns=REPOSITORY_COLUMNS,
            title=f"Repositories of organization {org_id}",
            skip=skip,
        )


def integrations(ctx: typer.Context, org_id: OrgId, as_json: JsonFlag = False) -> None:
    """Show which integrations (GitHub, Slack, Linear, ...) an organization has set up."""
    with open_command(ctx, as_json) as cmd:
        found = plain(cmd.client.integrations.get_organization_integrations(org_id))
        cmd.out.items(
            found.get("integrations") or [],
            INTEGRATION_COLUMNS,
            title=(
                f"Integrations of {found.get('organization_name')} "
                f"({found.get('total_active_integrations')} active)"
            ),
            json_data=found,
        )


def models(ctx: typer.Context, org_id: OrgId, as_json: JsonFlag = False) -> None:
    """List the models agent runs may use (values for `agent-run --model`)."""
    with open_command(ctx, as_json) as cmd:
        found = plain(cmd.client.models.get_models(org_id))
        default = found.get("default_model")
        rows = [
            {**option, "provider": provider.get("name"), "default": option.get("value") == default}
            for provider in found.get("providers") or []
            for option in provider.get("models") or []
        ]
        cmd.out.items(rows, MODEL_COLUMNS, title="Models", json_data=found)


def cli_rules(ctx: typer.Context, org_id: OrgId, as_json: JsonFlag = False) -> None:
    """Show the organization's rules and your own custom prompt for agents."""
    with open_command(ctx, as_json) as cmd:
        cmd.out.record(cmd.client.cli_rules.get_cli_rules(org_id), title="Rules")


def mcp_providers(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """List the OAuth providers available to MCP servers."""
    with open_command(ctx, as_json) as cmd:
        found = cmd.client.mcp_providers.get_mcp_providers()
        cmd.out.items(found, PROVIDER_COLUMNS, title="MCP providers")


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command(rich_help_panel="Account")(organizations)
    app.command(rich_help_panel="Account")(users)
    app.command(rich_help_panel="Account")(user)
    app.command(rich_help_panel="Account")(me)
    app.command(rich_help_panel="Account")(repositories)
    app.command(rich_help_panel="Account")(integrations)
    app.command(rich_help_panel="Account")(models)
    app.command("cli-rules", rich_help_panel="Account")(cli_rules)
    app.command("mcp-providers", rich_help_panel="Account")(mcp_providers)
