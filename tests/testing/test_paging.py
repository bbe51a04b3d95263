"""Pages are 1-based with items/total/page/size/pages; runs list newest first and filter."""

from __future__ import annotations

import math

import httpx
import pytest

from codegen_client.testing import FakeCodegenAPI


@pytest.mark.parametrize(("skip", "limit"), [(0, 100), (0, 7), (7, 7), (20, 7), (3, 5), (50, 10)])
def test_page_math(fake: FakeCodegenAPI, http: httpx.Client, skip: int, limit: int) -> None:
    """page = skip // limit + 1, size = limit, pages = ceil(total / limit)."""
    for n in range(23):
        fake.add_agent_run(prompt=f"task {n}")
    params = {"skip": skip, "limit": limit}
    body = http.get(f"/organizations/{fake.org_id}/agent/runs", params=params).json()
    assert body["total"] == 23
    assert body["page"] == skip // limit + 1
    assert body["size"] == limit
    assert body["pages"] == math.ceil(23 / limit)
    assert len(body["items"]) == max(0, min(limit, 23 - skip))


def test_empty_list_has_zero_pages(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """An organization without runs answers total 0, page 1, pages 0."""
    body = http.get(f"/organizations/{fake.org_id}/agent/runs").json()
    assert (body["items"], body["total"], body["page"], body["pages"]) == ([], 0, 1, 0)


def test_runs_are_listed_newest_first(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """The last created run comes first, and pages continue in that order."""
    ids = [fake.add_agent_run(prompt=f"p{n}").id for n in range(12)]
    path = f"/organizations/{fake.org_id}/agent/runs"
    first = http.get(path, params={"limit": 5}).json()["items"]
    second = http.get(path, params={"skip": 5, "limit": 5}).json()["items"]
    assert [r["id"] for r in first + second] == ids[::-1][:10]


def test_filter_by_user_id(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """user_id keeps only that user's runs; total counts the filtered runs."""
    other = fake.add_user()
    mine = [fake.add_agent_run(prompt="mine").id for _ in range(3)]
    fake.add_agent_run(prompt="theirs", user_id=other.id)
    body = http.get(
        f"/organizations/{fake.org_id}/agent/runs", params={"user_id": fake.current_user.id}
    ).json()
    assert body["total"] == 3
    assert [r["id"] for r in body["items"]] == mine[::-1]


def test_filter_by_source_type_and_user(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """source_type filters alone and together with user_id."""
    other = fake.add_user()
    slack = fake.add_agent_run(prompt="s", source_type="SLACK")
    fake.add_agent_run(prompt="a", source_type="API")
    fake.add_agent_run(prompt="o", source_type="SLACK", user_id=other.id)
    path = f"/organizations/{fake.org_id}/agent/runs"
    assert http.get(path, params={"source_type": "SLACK"}).json()["total"] == 2
    both = http.get(path, params={"source_type": "SLACK", "user_id": fake.current_user.id}).json()
    assert [r["id"] for r in both["items"]] == [slack.id]


def test_runs_are_listed_per_organization(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """Runs of another organization do not appear in this one's list."""
    fake.add_agent_run(fake.member_org_ids()[1], "elsewhere")
    assert http.get(f"/organizations/{fake.org_id}/agent/runs").json()["total"] == 0


def test_repositories_page_through_all(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """Paging repos with limit 5 visits each repository once."""
    path = f"/organizations/{fake.org_id}/repos"
    first = http.get(path, params={"limit": 5}).json()
    seen = []
    for page in range(first["pages"]):
        seen += http.get(path, params={"skip": page * 5, "limit": 5}).json()["items"]
    assert len(seen) == first["total"] == len(fake.organizations[fake.org_id].repositories)
    assert len({r["id"] for r in seen}) == len(seen)


def test_users_and_organizations_are_paged(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """Users and organizations use the same page fields."""
    users = http.get(f"/organizations/{fake.org_id}/users", params={"limit": 4}).json()
    assert users["total"] == len(fake.organizations[fake.org_id].members)
    assert len(users["items"]) == 4
    orgs = http.get("/organizations", params={"limit": 2, "skip": 2}).json()
    assert orgs["total"] == len(fake.member_org_ids())
    assert orgs["page"] == 2
    assert [o["id"] for o in orgs["items"]] == fake.member_org_ids()[2:4]


def test_paging_10000_runs_is_fast(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """A last page of 10,000 runs is a slice: the oldest run comes last."""
    first = fake.add_agent_run(prompt="oldest")
    for n in range(9_999):
        fake.add_agent_run(prompt=f"run {n}")
    body = http.get(
        f"/organizations/{fake.org_id}/agent/runs", params={"skip": 9_900, "limit": 100}
    ).json()
    assert body["pages"] == 100
    assert body["page"] == 100
    assert body["items"][-1]["id"] == first.id
