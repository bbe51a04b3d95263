"""Error mapping: one exception class per status, the server's message, the response."""

from __future__ import annotations

import httpx
import pytest

from codegen_client import (
    CodegenApiError,
    CodegenAuthError,
    CodegenBadRequestError,
    CodegenConnectionError,
    CodegenPermissionError,
    CodegenPlanLimitError,
    CodegenRateLimitError,
    CodegenResourceNotFoundError,
    CodegenResponseError,
    CodegenServerError,
    CodegenStatusError,
    CodegenTimeoutError,
    CodegenValidationError,
    FieldError,
)
from tests.both import Clients

from .helpers import Script, run_body


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, CodegenBadRequestError),
        (401, CodegenAuthError),
        (402, CodegenPlanLimitError),
        (403, CodegenPermissionError),
        (404, CodegenResourceNotFoundError),
        (409, CodegenStatusError),
        (422, CodegenValidationError),
        (429, CodegenRateLimitError),
        (500, CodegenServerError),
        (502, CodegenServerError),
        (503, CodegenServerError),
        (504, CodegenServerError),
    ],
)
def test_each_status_maps_to_its_class(
    clients: Clients, status: int, cls: type[CodegenStatusError]
) -> None:
    """The status code picks the exception class; all share the root class."""
    script = Script(httpx.Response(status, json={"message": "nope", "status_code": status}))
    client = clients.scripted(script, max_retries=0)
    with pytest.raises(cls) as info:
        client.agents.get_agent_run(org_id=1, agent_run_id=2)
    error = info.value
    assert isinstance(error, CodegenApiError)
    assert error.status_code == status
    assert error.message == "nope"
    assert error.response is not None and error.response.status_code == status
    assert error.method == "GET"
    assert error.url == "https://api.codegen.com/v1/organizations/1/agent/run/2"


def test_permission_error_is_an_auth_error() -> None:
    """403 can be caught as CodegenAuthError."""
    assert issubclass(CodegenPermissionError, CodegenAuthError)


def test_fastapi_detail_string_is_the_message(clients: Clients) -> None:
    """A {"detail": "..."} body gives its text as the message."""
    script = Script(httpx.Response(401, json={"detail": "Invalid API token"}))
    with pytest.raises(CodegenAuthError, match="Invalid API token"):
        clients.scripted(script).users.get_current_user()


def test_validation_error_lists_field_errors(clients: Clients) -> None:
    """A 422 carries one FieldError per item of detail, and names them in the message."""
    detail = [
        {
            "loc": ["query", "limit"],
            "msg": "Input should be less than or equal to 100",
            "type": "x",
        },
        {"loc": ["body", "prompt"], "msg": "Field required", "type": "missing"},
    ]
    script = Script(httpx.Response(422, json={"detail": detail}))
    with pytest.raises(CodegenValidationError) as info:
        clients.scripted(script).agents.list_agent_runs(org_id=1)
    assert info.value.errors == [
        FieldError(("query", "limit"), "Input should be less than or equal to 100", "x"),
        FieldError(("body", "prompt"), "Field required", "missing"),
    ]
    assert info.value.errors[1].field == "prompt"
    assert "body.prompt: Field required" in info.value.message


@pytest.mark.parametrize(("loc", "path"), [(None, ()), ("prompt", ("prompt",)), ({"odd": 1}, ())])
def test_validation_error_with_an_odd_loc_is_still_raised(
    clients: Clients, loc: object, path: tuple[str]
) -> None:
    """A 422 item whose loc is null, a bare name or junk still maps to CodegenValidationError."""
    script = Script(httpx.Response(422, json={"detail": [{"loc": loc, "msg": "bad"}]}))
    with pytest.raises(CodegenValidationError) as info:
        clients.scripted(script).agents.list_agent_runs(org_id=1)
    assert info.value.errors == [FieldError(path, "bad", "")]
    assert info.value.message == f"{'.'.join(path)}: bad"


def test_html_gateway_page_gives_a_readable_message(clients: Clients) -> None:
    """A non-JSON 502 page becomes its title, and the body text is kept."""
    page = "<html><head><title>502 Bad Gateway</title></head><body><h1>nginx</h1></body></html>"
    script = Script(httpx.Response(502, text=page, headers={"content-type": "text/html"}))
    with pytest.raises(CodegenServerError) as info:
        clients.scripted(script, max_retries=0).organizations.get_organizations()
    assert info.value.message == "502 Bad Gateway"
    assert info.value.body == page


def test_empty_error_body_falls_back_to_the_reason(clients: Clients) -> None:
    """An error with no body still has a message."""
    script = Script(httpx.Response(500))
    with pytest.raises(CodegenServerError, match="Internal Server Error"):
        clients.scripted(script, max_retries=0).users.get_current_user()


def test_connect_failure_is_a_connection_error_not_sent(clients: Clients) -> None:
    """A refused connection says the request never reached the server."""
    script = Script(httpx.ConnectError("refused"))
    with pytest.raises(CodegenConnectionError) as info:
        clients.scripted(script, max_retries=0).users.get_current_user()
    assert info.value.request_sent is False
    assert info.value.status_code is None and info.value.response is None


def test_read_timeout_is_a_timeout_error_that_may_have_been_sent(clients: Clients) -> None:
    """A read timeout is a CodegenTimeoutError whose request may have reached the server."""
    script = Script(httpx.ReadTimeout("slow"))
    with pytest.raises(CodegenTimeoutError) as info:
        clients.scripted(script, max_retries=0).users.get_current_user()
    assert info.value.request_sent is True
    assert isinstance(info.value, CodegenConnectionError)


def test_success_body_that_is_not_json_is_a_response_error(clients: Clients) -> None:
    """A 200 with an unreadable body raises CodegenResponseError with the response."""
    script = Script(httpx.Response(200, text="<html>maintenance</html>"))
    with pytest.raises(CodegenResponseError) as info:
        clients.scripted(script).agents.get_agent_run(org_id=1, agent_run_id=2)
    assert info.value.response is not None


def test_success_body_missing_a_required_field_is_a_response_error(clients: Clients) -> None:
    """A run body without its id cannot be read and says so."""
    script = Script(httpx.Response(200, json={"organization_id": 1}))
    with pytest.raises(CodegenResponseError, match="get_agent_run: field 'id' is missing"):
        clients.scripted(script).agents.get_agent_run(org_id=1, agent_run_id=2)


def test_error_text_never_contains_the_key(clients: Clients) -> None:
    """Neither str() nor repr() of an error shows the API key."""
    script = Script(httpx.Response(401, json={"detail": "bad token"}))
    with pytest.raises(CodegenAuthError) as info:
        clients.scripted(script, api_key="sk-very-secret").agents.get_agent_run(
            org_id=1, agent_run_id=2
        )
    assert "sk-very-secret" not in str(info.value)
    assert "sk-very-secret" not in repr(info.value)


def test_errors_on_success_paths_are_not_raised(clients: Clients) -> None:
    """A 200 returns the parsed model."""
    script = Script(httpx.Response(200, json=run_body(9)))
    assert clients.scripted(script).agents.get_agent_run(org_id=1, agent_run_id=9).id == 9


@pytest.mark.parametrize("status", [301, 302, 307])
def test_a_redirect_is_an_error_not_a_none_result(clients: Clients, status: int) -> None:
    """An unfollowed 3xx raises CodegenStatusError once, where it used to return None."""
    headers = {"location": "https://elsewhere.example/v1/organizations/1/agent/run/2"}
    script = Script(httpx.Response(status, headers=headers))
    with pytest.raises(CodegenStatusError) as info:
        clients.scripted(script).agents.get_agent_run(org_id=1, agent_run_id=2)
    assert info.value.status_code == status
    assert len(script.requests) == 1
