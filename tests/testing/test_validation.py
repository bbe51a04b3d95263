"""Bad parameters and bodies answer FastAPI's 422 with every problem listed."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from codegen_client.testing import FakeCodegenAPI


def _errors(response: httpx.Response) -> list[dict[str, Any]]:
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert isinstance(detail, list)
    for error in detail:
        assert {"loc", "msg", "type"} <= set(error)
    return detail


@pytest.mark.parametrize(
    ("params", "loc", "kind"),
    [
        ({"limit": 0}, ["query", "limit"], "greater_than_equal"),
        ({"limit": 101}, ["query", "limit"], "less_than_equal"),
        ({"skip": -1}, ["query", "skip"], "greater_than_equal"),
        ({"limit": "ten"}, ["query", "limit"], "int_parsing"),
    ],
)
def test_paging_bounds_are_422(
    fake: FakeCodegenAPI, http: httpx.Client, params: dict[str, Any], loc: list[str], kind: str
) -> None:
    """skip < 0 and limit outside 1..100 answer 422 naming the parameter."""
    errors = _errors(http.get(f"/organizations/{fake.org_id}/agent/runs", params=params))
    assert [(e["loc"], e["type"]) for e in errors] == [(loc, kind)]


def test_limit_error_shows_input_as_sent(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """The error carries the raw input and the bound, like pydantic."""
    (error,) = _errors(http.get(f"/organizations/{fake.org_id}/repos", params={"limit": 101}))
    assert error["input"] == "101"
    assert error["ctx"] == {"le": 100}
    assert error["msg"] == "Input should be less than or equal to 100"


def test_all_problems_reported_together(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """Several bad parameters give several errors in one 422."""
    params: dict[str, int | str] = {"skip": -1, "limit": 0, "source_type": "EMAIL"}
    errors = _errors(http.get(f"/organizations/{fake.org_id}/agent/runs", params=params))
    assert {e["loc"][1] for e in errors} == {"skip", "limit", "source_type"}


def test_non_integer_path_id_is_422(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """A non-integer id in the path answers int_parsing at its path location."""
    errors = _errors(http.get(f"/organizations/{fake.org_id}/agent/run/abc"))
    assert errors[0]["loc"] == ["path", "agent_run_id"]
    assert errors[0]["type"] == "int_parsing"


def test_non_integer_org_is_422_not_403(http: httpx.Client) -> None:
    """Validation comes before the membership check."""
    errors = _errors(http.get("/organizations/acme/repos"))
    assert errors[0]["loc"] == ["path", "org_id"]


def test_missing_prompt_is_422(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """Creating a run without a prompt names the missing field."""
    errors = _errors(http.post(f"/organizations/{fake.org_id}/agent/run", json={"repo_id": 1}))
    assert [(e["loc"], e["type"]) for e in errors] == [(["body", "prompt"], "missing")]


def test_wrong_json_types_are_422(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """Wrong field types each produce their pydantic error type."""
    body = {
        "prompt": 42,
        "repo_id": "first",
        "metadata": ["not", "an", "object"],
        "images": "one.png",
        "agent_type": "gpt",
        "webhooks": [{"secret": "x"}],
    }
    errors = _errors(http.post(f"/organizations/{fake.org_id}/agent/run", json=body))
    found = {tuple(e["loc"]): e["type"] for e in errors}
    assert found == {
        ("body", "prompt"): "string_type",
        ("body", "repo_id"): "int_parsing",
        ("body", "metadata"): "dict_type",
        ("body", "images"): "list_type",
        ("body", "agent_type"): "literal_error",
        ("body", "webhooks", 0, "url"): "missing",
    }


def test_invalid_json_is_one_json_invalid_error(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """A body that is not JSON answers only json_invalid."""
    response = http.post(
        f"/organizations/{fake.org_id}/agent/run",
        content=b'{"prompt": ',
        headers={"content-type": "application/json"},
    )
    errors = _errors(response)
    assert len(errors) == 1
    assert errors[0]["type"] == "json_invalid"
    assert errors[0]["loc"][0] == "body"


def test_missing_body_is_422(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """A required body that is absent answers missing at ['body']."""
    errors = _errors(http.post(f"/organizations/{fake.org_id}/agent/run/ban"))
    assert errors == [{"type": "missing", "loc": ["body"], "msg": "Field required", "input": None}]


def test_body_must_be_an_object(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """A JSON array body answers model_attributes_type."""
    errors = _errors(http.post(f"/organizations/{fake.org_id}/agent/run", json=["prompt"]))
    assert errors[0]["type"] == "model_attributes_type"


def test_check_retry_count_over_10_is_422(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """check_retry_count must be within 0..10."""
    repo_id = fake.organizations[fake.org_id].repositories[0].id
    response = http.put(
        f"/organizations/{fake.org_id}/repos/check-suite-settings",
        params={"repo_id": repo_id},
        json={"check_retry_count": 11},
    )
    (error,) = _errors(response)
    assert error["loc"] == ["body", "check_retry_count"]
    assert error["type"] == "less_than_equal"


def test_required_query_parameter_missing(http: httpx.Client) -> None:
    """oauth status without org_id names the missing query parameter."""
    errors = _errors(http.get("/oauth/tokens/status"))
    assert errors[0]["loc"] == ["query", "org_id"]
    assert errors[0]["type"] == "missing"


def test_webhook_url_must_be_a_url(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """A relative webhook URL answers url_parsing."""
    response = http.post(f"/organizations/{fake.org_id}/webhooks/agent-run", json={"url": "hooks"})
    assert _errors(response)[0]["type"] == "url_parsing"


def test_reverse_must_be_boolean(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """reverse=maybe answers bool_parsing."""
    run = fake.add_agent_run()
    path = f"/alpha/organizations/{fake.org_id}/agent/run/{run.id}/logs"
    assert _errors(http.get(path, params={"reverse": "maybe"}))[0]["type"] == "bool_parsing"


def test_pr_state_must_be_in_enum(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """A PR state outside open/closed/draft/ready_for_review answers literal_error."""
    pr_id = next(iter(fake.state.pull_requests))
    response = http.patch(f"/organizations/{fake.org_id}/prs/{pr_id}", json={"state": "merged"})
    assert _errors(response)[0]["type"] == "literal_error"
