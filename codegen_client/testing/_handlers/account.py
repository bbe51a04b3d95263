"""Handlers for users and organizations."""

from __future__ import annotations

from typing import Any

from codegen_client.testing._errors import user_not_found
from codegen_client.testing._handlers._registry import Call, operation, page_body


@operation("get_users")
def get_users(call: Call) -> dict[str, Any]:
    """List the members of an organization, one page at a time."""
    org_id = call.params.path_int("org_id")
    skip, limit = call.params.paging()
    call.params.check()
    org = call.state.member_org(call.user, org_id)
    members = list(org.members.items())
    items = [call.state.users[uid].to_json(role) for uid, role in members[skip : skip + limit]]
    return page_body(items, len(members), skip, limit)


@operation("get_user")
def get_user(call: Call) -> dict[str, Any]:
    """Return one member of an organization (404 for anyone else)."""
    org_id = call.params.path_int("org_id")
    user_id = call.params.path_int("user_id")
    call.params.check()
    org = call.state.member_org(call.user, org_id)
    if user_id not in org.members:
        raise user_not_found()
    return call.state.users[user_id].to_json(org.members[user_id])


@operation("get_current_user")
def get_current_user(call: Call) -> dict[str, Any]:
    """Return the token's user, with its role in its first organization."""
    call.params.check()
    role = next(
        (
            org.members[call.user.id]
            for org in call.state.organizations.values()
            if call.user.id in org.members
        ),
        None,
    )
    return call.user.to_json(role)


@operation("get_organizations")
def get_organizations(call: Call) -> dict[str, Any]:
    """List the organizations the token's user belongs to."""
    skip, limit = call.params.paging()
    call.params.check()
    orgs = [o for o in call.state.organizations.values() if call.user.id in o.members]
    items = [o.to_json() for o in orgs[skip : skip + limit]]
    return page_body(items, len(orgs), skip, limit)
