"""Auth, permissions, unknown ids and unknown routes answer like the real service."""

from __future__ import annotations

import httpx

from codegen_client.testing import FakeCodegenAPI


def test_missing_token_is_401_with_detail(fake: FakeCodegenAPI) -> None:
    """A request without Authorization gets 401 and a FastAPI detail body."""
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as anon:
        response = anon.get("/users/me")
    assert response.status_code == 401
    assert isinstance(response.json()["detail"], str)


def test_unknown_token_is_401(http: httpx.Client) -> None:
    """An unknown bearer token gets 401."""
    response = http.get("/users/me", headers={"Authorization": "Bearer sk-not-a-real-token"})
    assert response.status_code == 401
    assert "detail" in response.json()


def test_wrong_scheme_is_401(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """The right token under a non-Bearer scheme gets 401."""
    response = http.get("/users/me", headers={"Authorization": f"Token {fake.api_key}"})
    assert response.status_code == 401


def test_foreign_org_is_403_with_documented_body(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """An organization the user is not in answers 403 with message and status_code."""
    response = http.get(f"/organizations/{fake.foreign_org_id()}/repos")
    assert response.status_code == 403
    assert response.json() == {
        "message": "You do not have access to this organization.",
        "status_code": 403,
    }


def test_nonexistent_org_is_403(http: httpx.Client) -> None:
    """An organization id that does not exist answers 403 as well."""
    assert http.get("/organizations/1/users").status_code == 403


def test_unknown_run_is_404_agent_run_not_found(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """An unknown agent run id answers the documented 404 body."""
    response = http.get(f"/organizations/{fake.org_id}/agent/run/999")
    assert response.status_code == 404
    assert response.json() == {"message": "Agent run not found.", "status_code": 404}


def test_run_of_another_org_is_404(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """A run that exists in another organization is not found in this one."""
    other_org = fake.member_org_ids()[1]
    run = fake.add_agent_run(other_org, "elsewhere")
    response = http.get(f"/organizations/{fake.org_id}/agent/run/{run.id}")
    assert response.status_code == 404


def test_unknown_user_is_404_user_not_found(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """A user who is not a member answers the documented 404 body."""
    response = http.get(f"/organizations/{fake.org_id}/users/12")
    assert response.status_code == 404
    assert response.json() == {"message": "User not found.", "status_code": 404}


def test_stop_endpoints_404_for_unknown_run(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """resume, ban, unban and remove-from-pr act only on existing runs."""
    base = f"/organizations/{fake.org_id}/agent/run"
    for action in ("ban", "unban", "remove-from-pr"):
        assert http.post(f"{base}/{action}", json={"agent_run_id": 5}).status_code == 404
    response = http.post(f"{base}/resume", json={"agent_run_id": 5, "prompt": "go"})
    assert response.json()["message"] == "Agent run not found."


def test_unknown_route_is_404_and_wrong_method_405(http: httpx.Client) -> None:
    """Unknown paths answer 404, known paths with another method 405 (FastAPI style)."""
    assert http.get("/no/such/thing").json() == {"detail": "Not Found"}
    response = http.delete("/users/me")
    assert response.status_code == 405
    assert response.json() == {"detail": "Method Not Allowed"}


def test_paths_outside_v1_are_404(fake: FakeCodegenAPI) -> None:
    """Only paths under /v1 are served."""
    with httpx.Client(transport=fake.transport(), base_url="https://api.codegen.com") as client:
        response = client.get("/users/me", headers={"Authorization": f"Bearer {fake.api_key}"})
    assert response.status_code == 404


def test_any_host_is_served(fake: FakeCodegenAPI) -> None:
    """Routing looks at the path only, so any host works."""
    request = httpx.Request(
        "GET", "http://localhost:9/v1/users/me", headers={"Authorization": f"Bearer {fake.api_key}"}
    )
    assert fake.handle(request).json()["id"] == fake.current_user.id


def test_added_token_authenticates_as_its_user(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """add_token issues a working token for a (new) member."""
    token = fake.add_token()
    me = http.get("/users/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me["id"] == fake.state.tokens[token]
    assert me["id"] != fake.current_user.id
