"""client.users: list, iterate, get one, get the caller."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from codegen_client import CodegenClient
from codegen_client._exceptions import CodegenInputError, CodegenPermissionError
from codegen_client.testing import FakeCodegenAPI, RequestRecord
from codegen_client_generated.models.user_page import UserPage
from codegen_client_generated.models.user_response import UserResponse

Sent = Callable[[str], list[RequestRecord]]


def test_get_users_sends_paging_and_parses_page(
    codegen_client: CodegenClient, org_id: int, sent: Sent
) -> None:
    """get_users sends GET /organizations/{org_id}/users with skip/limit and returns a UserPage."""
    page = codegen_client.users.get_users(org_id, skip=2, limit=3)

    assert isinstance(page, UserPage)
    assert len(page.items) == 3
    assert all(isinstance(user, UserResponse) for user in page.items)
    assert page.total == 12
    (request,) = sent("get_users")
    assert (request.method, request.path) == ("GET", f"/organizations/{org_id}/users")
    assert request.query == {"skip": "2", "limit": "3"}


def test_iter_users_walks_every_page(
    codegen_client: CodegenClient, codegen_fake_api: FakeCodegenAPI, org_id: int, sent: Sent
) -> None:
    """iter_users yields each member once across pages of page_size."""
    users = list(codegen_client.users.iter_users(org_id, page_size=5))

    member_ids = set(codegen_fake_api.organizations[org_id].members)
    assert [u.id for u in users] and {u.id for u in users} == member_ids
    assert len(users) == len(member_ids) == 12
    assert [r.query["skip"] for r in sent("get_users")] == ["0", "5", "10"]


def test_iter_users_stops_at_max_items(
    codegen_client: CodegenClient, org_id: int, sent: Sent
) -> None:
    """iter_users with max_items yields that many and asks only for what is still needed."""
    users = list(codegen_client.users.iter_users(org_id, page_size=5, max_items=7))

    assert len(users) == 7
    assert [(r.query["skip"], r.query["limit"]) for r in sent("get_users")] == [
        ("0", "5"),
        ("5", "2"),
    ]


def test_get_user_reads_one_member(
    codegen_client: CodegenClient, codegen_fake_api: FakeCodegenAPI, org_id: int, sent: Sent
) -> None:
    """get_user sends GET /organizations/{org_id}/users/{user_id} and returns that user."""
    user_id = codegen_fake_api.current_user.id

    user = codegen_client.users.get_user(org_id, user_id)

    assert isinstance(user, UserResponse)
    assert user.id == user_id
    assert user.github_username == codegen_fake_api.current_user.github_username
    assert sent("get_user")[0].path == f"/organizations/{org_id}/users/{user_id}"


def test_get_current_user_reads_the_key_owner(
    codegen_client: CodegenClient, codegen_fake_api: FakeCodegenAPI, sent: Sent
) -> None:
    """get_current_user sends GET /users/me and returns the API key's user."""
    me = codegen_client.users.get_current_user()

    assert isinstance(me, UserResponse)
    assert me.id == codegen_fake_api.current_user.id
    assert [(r.method, r.path) for r in sent("get_current_user")] == [("GET", "/users/me")]


def test_get_users_outside_the_organization_is_a_permission_error(
    codegen_client: CodegenClient, codegen_fake_api: FakeCodegenAPI
) -> None:
    """get_users on an organization the caller is not in raises CodegenPermissionError."""
    with pytest.raises(CodegenPermissionError):
        codegen_client.users.get_users(codegen_fake_api.foreign_org_id())


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"skip": -1}, "skip"),
        ({"org_id": 0}, "org_id"),
    ],
)
def test_get_users_rejects_bad_paging_before_sending(
    codegen_client: CodegenClient,
    codegen_fake_api: FakeCodegenAPI,
    org_id: int,
    kwargs: dict[str, int],
    named: str,
) -> None:
    """get_users refuses an out-of-range argument with CodegenInputError and sends nothing."""
    arguments: dict[str, int] = {"org_id": org_id, **kwargs}
    with pytest.raises(CodegenInputError, match=named):
        codegen_client.users.get_users(**arguments)
    assert codegen_fake_api.requests == []


def test_iter_users_rejects_bad_page_size_at_call_time(
    codegen_client: CodegenClient, codegen_fake_api: FakeCodegenAPI, org_id: int
) -> None:
    """iter_users checks page_size when called, before any iteration or request."""
    with pytest.raises(CodegenInputError, match="page_size"):
        codegen_client.users.iter_users(org_id, page_size=0)
    assert codegen_fake_api.requests == []
