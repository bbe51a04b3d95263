"""Account commands: organizations, users, user, me, repositories, integrations, models, ..."""

from __future__ import annotations

from codegen_client.testing import FakeCodegenAPI
from tests.cli.conftest import Invoke, json_of


def test_organizations_table_lists_member_orgs(cli: Invoke, fake: FakeCodegenAPI) -> None:
    """`organizations` prints a table with the id and name of each organization of the user."""
    result = cli("organizations")
    assert result.exit_code == 0
    for org_id in fake.member_org_ids():
        assert str(org_id) in result.stdout
        assert fake.organizations[org_id].name in result.stdout
    assert "items 1-3 of 3" in result.stdout
    assert result.stderr == ""


def test_organizations_json_is_the_api_page(cli: Invoke, fake: FakeCodegenAPI) -> None:
    """`organizations --json` prints the API's page: items, total, page, size, pages."""
    page = json_of(cli("organizations", "--json"))
    assert set(page) >= {"items", "total", "page", "size", "pages"}
    assert [o["id"] for o in page["items"]] == fake.member_org_ids()


def test_organizations_skip_and_limit_reach_the_api(cli: Invoke, fake: FakeCodegenAPI) -> None:
    """--skip and --limit are sent as the page request's query parameters."""
    page = json_of(cli("organizations", "--skip", 1, "--limit", 1, "--json"))
    assert [o["id"] for o in page["items"]] == fake.member_org_ids()[1:2]
    assert page["total"] == len(fake.member_org_ids())


def test_users_all_pages_json_collects_every_user(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """`users ORG --all --json` walks every page and prints {items, total}."""
    data = json_of(cli("users", org_id, "--all", "--limit", 2, "--json"))
    members = fake.organizations[org_id].members
    assert data["total"] == len(members)
    assert {u["id"] for u in data["items"]} == set(members)


def test_users_table_shows_usernames(cli: Invoke, fake: FakeCodegenAPI, org_id: int) -> None:
    """`users ORG` shows each member's GitHub username."""
    result = cli("users", org_id)
    assert result.exit_code == 0
    assert fake.current_user.github_username in result.stdout


def test_user_shows_one_user(cli: Invoke, fake: FakeCodegenAPI, org_id: int) -> None:
    """`user ORG USER` prints that user's fields; --json their object."""
    me = fake.current_user
    assert me.github_username in cli("user", org_id, me.id).stdout
    assert json_of(cli("user", org_id, me.id, "--json"))["id"] == me.id


def test_me_is_the_key_owner(cli: Invoke, fake: FakeCodegenAPI) -> None:
    """`me` prints the user the API key belongs to."""
    result = cli("me")
    assert result.exit_code == 0
    assert fake.current_user.github_username in result.stdout
    assert json_of(cli("me", "--json"))["id"] == fake.current_user.id


def test_repositories_table_and_json(cli: Invoke, fake: FakeCodegenAPI, org_id: int) -> None:
    """`repositories ORG` lists the organization's repositories by full name."""
    repos = [r for r in fake.repositories.values() if r.organization_id == org_id]
    result = cli("repositories", org_id)
    assert result.exit_code == 0
    assert repos[0].full_name in result.stdout
    page = json_of(cli("repositories", org_id, "--all", "--json"))
    assert page["total"] == len(repos)


def test_integrations_lists_each_integration(cli: Invoke, org_id: int) -> None:
    """`integrations ORG` shows each integration; --json the API's whole answer."""
    data = json_of(cli("integrations", org_id, "--json"))
    assert set(data) >= {"organization_id", "integrations", "total_active_integrations"}
    table = cli("integrations", org_id).stdout
    assert data["integrations"][0]["integration_type"] in table
    assert f"({data['total_active_integrations']} active)" in table


def test_models_marks_the_default(cli: Invoke, org_id: int) -> None:
    """`models ORG` lists every model value, and the default one is marked."""
    data = json_of(cli("models", org_id, "--json"))
    table = cli("models", org_id).stdout
    default_line = next(line for line in table.splitlines() if data["default_model"] in line)
    assert "yes" in default_line
    assert data["providers"][0]["models"][0]["value"] in table


def test_cli_rules_shows_both_prompts(cli: Invoke, fake: FakeCodegenAPI, org_id: int) -> None:
    """`cli-rules ORG` shows the organization rules and the user's custom prompt."""
    data = json_of(cli("cli-rules", org_id, "--json"))
    assert set(data) == {"organization_rules", "user_custom_prompt"}
    assert "organization_rules" in cli("cli-rules", org_id).stdout


def test_mcp_providers_lists_providers(cli: Invoke) -> None:
    """`mcp-providers` prints a table of providers; --json a list."""
    data = json_of(cli("mcp-providers", "--json"))
    assert isinstance(data, list)
    assert data
    assert data[0]["name"] in cli("mcp-providers").stdout
