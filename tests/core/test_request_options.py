"""Per-request options, with_options, raw responses, the escape hatch and server request ids."""

from __future__ import annotations

import inspect
from typing import Any

import httpx
import pytest

from codegen_client import (
    AsyncCodegenClient,
    CodegenAgentRunTimeoutError,
    CodegenClient,
    CodegenInputError,
    CodegenPermissionError,
    CodegenResourceNotFoundError,
    CodegenResponseError,
    CodegenServerError,
    ManualClock,
    RawResponse,
)
from codegen_client.models import AgentRunResponse, UserResponse
from codegen_client.testing import FakeCodegenAPI, Fault
from codegen_client_generated.operations import OPERATIONS
from tests.both import Clients
from tests.surface import public_namespace_methods

from .helpers import Script, echo_run, run_body

KEY = "sk-request-options-0123456789"
OPTIONS = ("timeout", "extra_headers", "extra_query", "extra_body")


def seconds(request: httpx.Request) -> dict[str, float | None]:
    """The timeouts a request was sent with."""
    timeouts: dict[str, float | None] = request.extensions["timeout"]
    return timeouts


# -- every operation method takes the options ------------------------------------------------


@pytest.mark.parametrize("client_type", [CodegenClient, AsyncCodegenClient])
def test_every_operation_method_takes_the_four_options_keyword_only(client_type: type) -> None:
    """timeout, extra_headers, extra_query and extra_body on every method that sends once."""
    methods = public_namespace_methods(client_type)
    checked = 0
    for name, method in methods.items():
        if name.split(".")[-1] not in OPERATIONS:  # iterators, waits, look-ups: several requests
            continue
        params = inspect.signature(method).parameters
        for option in OPTIONS:
            assert params[option].kind is inspect.Parameter.KEYWORD_ONLY, f"{name}: {option}"
        checked += 1
    assert checked == len(OPERATIONS)  # the hand-written create among them


def test_a_per_call_timeout_goes_on_that_request_only(clients: Clients) -> None:
    """timeout=5 (or an httpx.Timeout) replaces the client's 30 s for one call."""
    script = Script(httpx.Response(200, json=run_body(2)))
    client = clients.scripted(script, api_key=KEY)
    client.agents.get_agent_run(1, 2, timeout=5)
    client.agents.get_agent_run(1, 2, timeout=httpx.Timeout(9, connect=2))
    client.agents.get_agent_run(1, 2)
    first, second, third = (seconds(r) for r in script.requests)
    assert set(first.values()) == {5}
    assert second["connect"] == 2 and second["read"] == 9
    assert set(third.values()) == {30}


def test_each_call_gets_the_timeout_it_names_when_they_repeat_and_alternate(
    clients: Clients,
) -> None:
    """The client remembers the numbers it was given; each call still sends its own."""
    script = Script(httpx.Response(200, json=run_body(2)))
    client = clients.scripted(script, api_key=KEY)
    given: list[float] = [5, 7, 5, 7.5, 7, 1]
    given += [float(n) for n in range(10, 60)]  # more numbers than the client keeps
    given += [5, 1]
    for timeout in given:
        client.agents.get_agent_run(1, 2, timeout=timeout)
    assert [set(seconds(r).values()) for r in script.requests] == [{t} for t in given]
    # 1 second was used: True is still not taken for it.
    with pytest.raises(CodegenInputError, match="timeout"):
        client.agents.get_agent_run(1, 2, timeout=True)
    assert len(script.requests) == len(given)


@pytest.mark.parametrize("bad", [0, -1, float("nan"), "5", httpx.Timeout(5, read=-1)])
def test_a_bad_per_call_timeout_is_refused_before_sending(clients: Clients, bad: object) -> None:
    """A timeout that is not a positive number of seconds names the option and sends nothing."""
    script = Script(httpx.Response(200, json=run_body(2)))
    client = clients.scripted(script, api_key=KEY)
    with pytest.raises(CodegenInputError, match="timeout"):
        client.agents.get_agent_run(1, 2, timeout=bad)
    assert script.requests == []


def test_extra_headers_query_and_body_reach_the_request(clients: Clients) -> None:
    """The extras are added to what the call sends, next to the operation's own arguments."""
    script = Script(httpx.Response(200, json=run_body(2)))
    client = clients.scripted(script, api_key=KEY)
    client.agents.resume_agent_run(
        1,
        2,
        "Go on",
        extra_headers={"X-Trace": "abc"},
        extra_query={"beta": "1"},
        extra_body={"priority": "high"},
    )
    (request,) = script.requests
    assert request.headers["x-trace"] == "abc"
    assert request.url.params["beta"] == "1"
    import json

    body = json.loads(request.content)
    assert body == {"agent_run_id": 2, "prompt": "Go on", "priority": "high"}
    assert request.headers["authorization"] == f"Bearer {KEY}"


def test_a_header_in_another_case_replaces_the_clients_own_instead_of_doubling_it(
    clients: Clients,
) -> None:
    """Header names are case-insensitive: one name is sent once, with the latest value."""
    script = Script(httpx.Response(200, json=run_body(2)))
    client = clients.scripted(script, api_key=KEY, default_headers={"user-agent": "mine/1"})
    client.agents.get_agent_run(1, 2, extra_headers={"accept": "text/plain"})
    client.agents.resume_agent_run(
        1, 2, "Go on", extra_headers={"content-type": "application/json; charset=utf-8"}
    )
    client.agents.get_agent_run(1, 2, extra_headers={"X-Team": "a", "x-team": "b"})
    client.agents.resume_agent_run(1, 2, "Go on")
    first, second, third, fourth = (r.headers for r in script.requests)
    assert first.get_list("user-agent") == ["mine/1"]
    assert first.get_list("accept") == ["text/plain"]
    assert second.get_list("content-type") == ["application/json; charset=utf-8"]
    assert third.get_list("x-team") == ["b"]
    # Nothing of one call stays for the next.
    assert fourth.get_list("accept") == ["application/json"]
    assert fourth.get_list("content-type") == ["application/json"]
    assert fourth.get_list("user-agent") == ["mine/1"]


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({"Authorization": "Bearer other"}, "set by the client itself"),
        ({"authorization": "Basic eA=="}, "set by the client itself"),
        ({"X-Copy": f"token {KEY}"}, "would carry the API key"),
        ({"X-Bad": "line\nbreak"}, "printable ASCII"),
        ({"Bad Name": "x"}, "cannot be sent"),
    ],
)
def test_an_extra_header_never_replaces_authorization_or_carries_the_key(
    clients: Clients, headers: dict[str, str], message: str
) -> None:
    """Authorization stays the client's; the key goes nowhere else; nothing is sent."""
    script = Script(httpx.Response(200, json=run_body(2)))
    client = clients.scripted(script, api_key=KEY)
    with pytest.raises(CodegenInputError, match=message) as info:
        client.agents.get_agent_run(1, 2, extra_headers=headers)
    assert KEY not in str(info.value)
    assert script.requests == []


def test_extra_body_on_an_operation_without_a_body_is_refused(clients: Clients) -> None:
    """A GET has no body to add to: the mistake is named before anything is sent."""
    script = Script(httpx.Response(200, json=run_body(2)))
    client = clients.scripted(script, api_key=KEY)
    with pytest.raises(CodegenInputError, match="get_agent_run sends no body"):
        client.agents.get_agent_run(1, 2, extra_body={"x": 1})
    assert script.requests == []


def test_create_agent_run_takes_the_options_for_its_post(clients: Clients) -> None:
    """The hand-written create passes its extras to the POST and its timeout to every request."""
    script = Script(echo_run)  # the answer carries the call's request id, as the API's does
    client = clients.scripted(script, api_key=KEY)
    client.agents.create_agent_run(
        1, "Fix it", timeout=4, extra_headers={"X-Run": "nightly"}, extra_body={"note": "n"}
    )
    (post,) = script.requests
    assert post.headers["x-run"] == "nightly"
    assert b'"note":"n"' in post.content
    assert set(seconds(post).values()) == {4}


# -- the constructor and with_options ------------------------------------------------------------


def test_the_constructor_takes_an_httpx_timeout(clients: Clients) -> None:
    """CodegenClient(timeout=httpx.Timeout(5, connect=2)) sends with those timeouts."""
    script = Script(httpx.Response(200, json=run_body(2)))
    client = clients.scripted(script, api_key=KEY, timeout=httpx.Timeout(5, connect=2))
    client.agents.get_agent_run(1, 2)
    (request,) = script.requests
    assert seconds(request) == {"connect": 2, "read": 5, "write": 5, "pool": 5}


def test_with_options_shares_the_pool_and_changes_only_what_it_names(clients: Clients) -> None:
    """The derived client sends through the same httpx client; its other settings are equal."""
    script = Script(httpx.Response(200, json=run_body(2)))
    client = clients.scripted(script, api_key=KEY, max_retry_wait=50)
    derived = client.with_options(timeout=3, max_retries=0, default_headers={"X-Team": "ci"})
    own = getattr(client, "wrapped", client)
    theirs = getattr(derived, "wrapped", derived)
    assert theirs._core.http is own._core.http
    assert theirs._core.limiter is own._core.limiter
    assert (theirs.settings.timeout, theirs.settings.max_retries) == (3, 0)
    assert theirs.settings.max_retry_wait == 50
    assert (theirs.settings.base_url, theirs.settings.user_agent) == (
        own.settings.base_url,
        own.settings.user_agent,
    )
    derived.agents.get_agent_run(1, 2)
    client.agents.get_agent_run(1, 2)
    sent_by_derived, sent_by_client = script.requests
    assert sent_by_derived.headers["x-team"] == "ci" and "x-team" not in sent_by_client.headers
    assert set(seconds(sent_by_derived).values()) == {3}
    assert set(seconds(sent_by_client).values()) == {30}
    assert sent_by_derived.headers["authorization"] == f"Bearer {KEY}"


def test_closing_a_derived_client_leaves_the_pool_open(clients: Clients) -> None:
    """with_options does not own the connections: closing it keeps the original working."""
    script = Script(httpx.Response(200, json=run_body(2)))
    client = clients.scripted(script, api_key=KEY)
    derived = client.with_options(timeout=3)
    derived.close()
    assert client.agents.get_agent_run(1, 2).id == 2


def test_with_options_turns_pacing_off_for_the_derived_client_only(clients: Clients) -> None:
    """61 reads in a row: the original waits for the budget, the unpaced one never does."""
    clock = ManualClock()
    script = Script(httpx.Response(200, json=run_body(2)))
    client = clients.scripted(script, api_key=KEY, clock=clock)
    fast = client.with_options(rate_limits=False)
    for _ in range(61):
        fast.agents.get_agent_run(1, 2)
    assert clock.now() == 0
    for _ in range(61):
        client.agents.get_agent_run(1, 2)
    assert clock.now() >= 30


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"timeout": 0}, "timeout"),
        ({"max_retries": -1}, "max_retries"),
        ({"max_retries": True}, "max_retries"),
        ({"max_retry_wait": -5}, "max_retry_wait"),
        ({"rate_limits": "no"}, "rate_limits"),
        ({"default_headers": {"Authorization": "x"}}, "set by the client itself"),
        ({"default_headers": {"X-Key": KEY}}, "would carry the API key"),
    ],
)
def test_with_options_checks_what_it_is_given(
    clients: Clients, options: dict[str, Any], message: str
) -> None:
    """A bad option is a CodegenInputError naming it; the key is never echoed."""
    client = clients.new(api_key=KEY)
    with pytest.raises(CodegenInputError, match=message) as info:
        client.with_options(**options)
    assert KEY not in str(info.value)


def test_with_options_takes_no_unknown_option(clients: Clients) -> None:
    """An unknown keyword is a TypeError, as for any Python function."""
    client = clients.new(api_key=KEY)
    with pytest.raises(TypeError):
        client.with_options(api_key="other")


def test_a_per_request_timeout_never_stretches_a_wait_deadline(
    clients: Clients, codegen_fake_api: FakeCodegenAPI
) -> None:
    """A client with a one-hour request timeout still ends a 10 s wait within about 10 s."""
    fake = codegen_fake_api
    run = fake.add_agent_run(status="ACTIVE")
    client = clients.of(fake).with_options(timeout=3600)
    fake.inject(Fault("slow", delay=3000.0, count=50))
    with pytest.raises(CodegenAgentRunTimeoutError):
        client.agents.wait_for_agent_run(fake.org_id, run.id, timeout=10)
    assert fake.now() <= 12


# -- raw responses -------------------------------------------------------------------------------


def test_a_raw_response_carries_status_headers_and_the_httpx_response(clients: Clients) -> None:
    """with_raw_response answers before reading the body; parse() gives the typed model."""
    answer = httpx.Response(201, json=run_body(2), headers={"x-request-id": "req_9"})
    script = Script(answer)
    client = clients.scripted(script, api_key=KEY)
    raw = client.agents.with_raw_response.get_agent_run(1, 2)
    assert isinstance(raw, RawResponse)
    assert raw.status_code == 201
    assert raw.headers["content-type"] == "application/json"
    assert isinstance(raw.http_response, httpx.Response)
    assert raw.server_request_id == "req_9"
    run = raw.parse()
    assert isinstance(run, AgentRunResponse) and run.id == 2
    assert raw.parse() is run
    assert "req_9" in repr(raw)


def test_parse_raises_what_the_plain_call_raises(clients: Clients) -> None:
    """A body of the wrong shape is a CodegenResponseError from parse(), as from the call."""
    script = Script(httpx.Response(200, json={"id": "2", "organization_id": 1}))
    client = clients.scripted(script, api_key=KEY)
    raw = client.agents.with_raw_response.get_agent_run(1, 2)
    with pytest.raises(CodegenResponseError, match="field 'id' should be an integer"):
        raw.parse()
    with pytest.raises(CodegenResponseError, match="field 'id' should be an integer"):
        client.agents.get_agent_run(1, 2)


def test_parse_checks_the_answer_is_about_the_run_asked_for(clients: Clients) -> None:
    """An answer about another run is refused by parse() too."""
    client = clients.scripted(Script(httpx.Response(200, json=run_body(99))), api_key=KEY)
    with pytest.raises(CodegenResponseError, match="about id 99, not the 2 asked for"):
        client.agents.with_raw_response.get_agent_run(1, 2).parse()


def test_a_raw_call_raises_error_statuses_as_the_plain_call(clients: Clients) -> None:
    """A 404 is an exception, not a raw response, with the server's request id."""
    answer = httpx.Response(
        404, json={"message": "Agent run not found."}, headers={"x-request-id": "r1"}
    )
    client = clients.scripted(Script(answer), api_key=KEY)
    with pytest.raises(CodegenResourceNotFoundError) as info:
        client.agents.with_raw_response.get_agent_run(1, 2)
    assert info.value.server_request_id == "r1"


def test_raw_responses_exist_for_each_plain_method_and_not_for_iterators_or_waits(
    clients: Clients,
) -> None:
    """Each namespace's with_raw_response has its one-request methods, no iter_ or wait_."""
    client = clients.new(api_key=KEY)
    raw = client.agents.with_raw_response
    for name in ("get_agent_run", "list_agent_runs", "resume_agent_run"):
        assert callable(getattr(raw, name))
    for name in ("iter_agent_runs", "wait_for_agent_run", "wait_for_agent_runs", "find_agent_run"):
        assert not hasattr(raw, name)
    assert callable(client.users.with_raw_response.get_users)


def test_a_raw_call_leaves_later_plain_calls_plain(clients: Clients) -> None:
    """The raw mode ends with its call: the next plain call returns the model again."""
    client = clients.scripted(Script(httpx.Response(200, json=run_body(2))), api_key=KEY)
    assert isinstance(client.agents.with_raw_response.get_agent_run(1, 2), RawResponse)
    assert isinstance(client.agents.get_agent_run(1, 2), AgentRunResponse)


# -- server request ids --------------------------------------------------------------------------


@pytest.mark.parametrize("header", ["x-request-id", "request-id"])
def test_every_error_carries_the_server_request_id_and_shows_it(
    clients: Clients, header: str
) -> None:
    """Either header is read; str(error) shows it; it is not the create token request_id."""
    answer = httpx.Response(403, json={"message": "No access."}, headers={header: "req_abc"})
    client = clients.scripted(Script(answer), api_key=KEY)
    with pytest.raises(CodegenPermissionError) as info:
        client.users.get_users(1)
    assert info.value.server_request_id == "req_abc"
    assert "server request id req_abc" in str(info.value)
    assert not hasattr(info.value, "request_id")


def test_an_error_without_a_request_id_says_nothing_of_one(clients: Clients) -> None:
    """No header: the attribute is None and the message unchanged."""
    answer = httpx.Response(403, json={"message": "No access."})
    client = clients.scripted(Script(answer), api_key=KEY)
    with pytest.raises(CodegenPermissionError) as info:
        client.users.get_users(1)
    assert info.value.server_request_id is None
    assert "request id" not in str(info.value)


def test_a_request_id_that_is_not_printable_ascii_is_not_shown(clients: Clients) -> None:
    """A header carrying odd bytes or a huge value is ignored rather than echoed."""
    answer = httpx.Response(500, json={"message": "x"}, headers={"x-request-id": "a" * 500})
    client = clients.scripted(Script(answer), api_key=KEY, max_retries=0)
    with pytest.raises(CodegenServerError) as info:
        client.users.get_users(1)
    assert info.value.server_request_id is None


def test_the_offline_api_gives_each_answer_a_request_id(
    codegen_client: Any, codegen_fake_api: FakeCodegenAPI
) -> None:
    """Answers and errors from the offline API carry x-request-id, so all of this is testable."""
    raw = codegen_client.users.with_raw_response.get_current_user()
    assert raw.server_request_id and raw.server_request_id.startswith("req_")
    with pytest.raises(CodegenResourceNotFoundError) as info:
        codegen_client.users.get_user(codegen_fake_api.org_id, 999_999)
    assert info.value.server_request_id not in (None, raw.server_request_id)


# -- the escape hatch ----------------------------------------------------------------------------


def test_get_reaches_a_path_the_spec_lacks_with_the_clients_auth(clients: Clients) -> None:
    """client.get sends to base URL + path with the key, and answers the decoded JSON."""
    script = Script(httpx.Response(200, json={"beta": True, "items": [1, 2]}))
    client = clients.scripted(script, api_key=KEY)
    answer = client.get("/organizations/1/beta/feature", params={"q": "x"})
    assert answer == {"beta": True, "items": [1, 2]}
    (request,) = script.requests
    assert str(request.url) == "https://api.codegen.com/v1/organizations/1/beta/feature?q=x"
    assert request.headers["authorization"] == f"Bearer {KEY}"


def test_cast_to_reads_the_answer_into_a_model(clients: Clients) -> None:
    """cast_to=Model gives the model, with the model's strict reading."""
    script = Script(httpx.Response(200, json=run_body(5)), httpx.Response(200, json={"id": None}))
    client = clients.scripted(script, api_key=KEY)
    run = client.get("/organizations/1/agent/run/5", cast_to=AgentRunResponse)
    assert isinstance(run, AgentRunResponse) and run.id == 5
    with pytest.raises(CodegenResponseError, match="field 'id' should be an integer"):
        client.get("/organizations/1/agent/run/5", cast_to=AgentRunResponse)


def test_the_escape_hatch_maps_errors_like_every_method(clients: Clients) -> None:
    """A 404 from a custom path is the same CodegenResourceNotFoundError."""
    answer = httpx.Response(404, json={"detail": "Not Found"}, headers={"x-request-id": "q"})
    client = clients.scripted(Script(answer), api_key=KEY)
    with pytest.raises(CodegenResourceNotFoundError) as info:
        client.get("/nope")
    assert info.value.server_request_id == "q"


def test_get_is_repeated_after_a_503_and_post_is_not(clients: Clients) -> None:
    """Retries follow the method: GET again, POST once unless repeatable=True."""
    busy = httpx.Response(503, json={"message": "busy"})
    fine = httpx.Response(200, json={"ok": True})
    script = Script(busy, fine)
    client = clients.scripted(script, api_key=KEY)
    assert client.get("/beta") == {"ok": True}
    assert len(script.requests) == 2

    script = Script(busy, fine)
    client = clients.scripted(script, api_key=KEY)
    with pytest.raises(CodegenServerError):
        client.post("/beta", body={"a": 1})
    assert len(script.requests) == 1

    script = Script(busy, fine)
    client = clients.scripted(script, api_key=KEY)
    assert client.post("/beta", body={"a": 1}, repeatable=True) == {"ok": True}
    assert len(script.requests) == 2


def test_a_path_the_spec_has_is_paced_within_its_operations_budget(clients: Clients) -> None:
    """61 GETs of a run path through the hatch share get_agent_run's 60-per-30-s budget."""
    clock = ManualClock()
    client = clients.scripted(
        Script(httpx.Response(200, json=run_body(2))), api_key=KEY, clock=clock
    )
    for _ in range(60):
        client.get("/organizations/1/agent/run/2")
    assert clock.now() == 0
    client.agents.get_agent_run(1, 2)
    assert clock.now() >= 30


@pytest.mark.parametrize(
    "path",
    [
        "https://evil.example.com/steal",
        "//evil.example.com/x",
        "/organizations/../../admin",
        "/a/%2e%2e/b",
        "/a?x=1",
        "/a b",
        "",
        "\\\\host",
    ],
)
def test_a_path_outside_the_base_url_is_refused(clients: Clients, path: str) -> None:
    """Nothing leaves the base URL through the hatch; the key is sent nowhere else."""
    script = Script(httpx.Response(200, json={}))
    client = clients.scripted(script, api_key=KEY)
    with pytest.raises(CodegenInputError, match="path"):
        client.get(path)
    assert script.requests == []


def test_the_hatch_takes_a_per_call_timeout_and_extra_headers(clients: Clients) -> None:
    """timeout and extra_headers work as on every method."""
    script = Script(httpx.Response(200, json={}))
    client = clients.scripted(script, api_key=KEY)
    client.delete("/beta/thing", timeout=2, extra_headers={"X-A": "1"})
    (request,) = script.requests
    assert request.method == "DELETE" and request.headers["x-a"] == "1"
    assert set(seconds(request).values()) == {2}


def test_cast_to_must_be_a_model(clients: Clients) -> None:
    """cast_to without from_dict is refused before sending."""
    script = Script(httpx.Response(200, json={}))
    client = clients.scripted(script, api_key=KEY)
    with pytest.raises(CodegenInputError, match="cast_to"):
        client.get("/x", cast_to=int)
    assert script.requests == []


def test_raw_users_namespace_reads_a_user(codegen_client: Any) -> None:
    """A second namespace's raw twin works the same way."""
    raw = codegen_client.users.with_raw_response.get_current_user()
    assert isinstance(raw.parse(), UserResponse)
