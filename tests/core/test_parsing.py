"""Reading real-world bodies: absent keys, extra keys, new values, both timestamp shapes."""

from __future__ import annotations

import importlib
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest

from codegen_client import (
    CodegenAuthError,
    CodegenClient,
    CodegenResourceNotFoundError,
    CodegenResponseError,
    CodegenServerError,
    CodegenValidationError,
    parse_timestamp,
)
from codegen_client._response import read_answer
from codegen_client.models import AgentRunResponse
from codegen_client.testing import FakeCodegenAPI
from codegen_client_generated.operations import OPERATIONS
from codegen_client_generated.reading import MAX_NESTING
from codegen_client_generated.types import Unset
from tests.both import Clients

from .helpers import Script


def get_run(clients: Clients, body: dict[str, object]) -> object:
    """The run ``body`` as a client of the test's flavor reads it from get_agent_run."""
    return clients.scripted(Script(httpx.Response(200, json=body))).agents.get_agent_run(
        org_id=1,
        agent_run_id=int(body["id"]),  # type: ignore[call-overload]
    )


def test_absent_optional_keys_read_as_unset(clients: Clients) -> None:
    """A June 2025 body without summary and metadata reads fine; both are unset (falsy)."""
    run = get_run(clients, {"id": 5, "organization_id": 1, "status": "COMPLETE", "result": "done"})
    assert isinstance(run.summary, Unset) and not run.summary  # type: ignore[attr-defined]
    assert isinstance(run.metadata, Unset)  # type: ignore[attr-defined]
    assert run.result == "done"  # type: ignore[attr-defined]


def test_unknown_keys_are_kept(clients: Clients) -> None:
    """Keys the spec lacks (github_pull_requests[].state, merged) survive parsing."""
    run = get_run(
        clients,
        {
            "id": 5,
            "organization_id": 1,
            "brand_new_field": 3,
            "github_pull_requests": [
                {
                    "id": 1,
                    "created_at": "2025-06-21 11:20:04.338398",
                    "state": "open",
                    "merged": False,
                }
            ],
        },
    )
    assert run.additional_properties == {"brand_new_field": 3}  # type: ignore[attr-defined]
    pr = run.github_pull_requests[0]  # type: ignore[attr-defined]
    assert pr.additional_properties == {"state": "open", "merged": False}


def test_new_enum_values_and_statuses_are_accepted(clients: Clients) -> None:
    """A source_type or status the client has never seen is read as a plain string."""
    run = get_run(
        clients, {"id": 5, "organization_id": 1, "source_type": "TEAMS", "status": "THINKING"}
    )
    assert run.source_type == "TEAMS"  # type: ignore[attr-defined]
    assert run.status == "THINKING"  # type: ignore[attr-defined]


def test_null_values_read_as_none(clients: Clients) -> None:
    """Explicit nulls stay None."""
    run = get_run(clients, {"id": 5, "organization_id": 1, "result": None, "metadata": None})
    assert run.result is None  # type: ignore[attr-defined]
    assert run.metadata is None  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "text",
    [
        "2025-06-21 11:20:04.338398",
        "2025-06-21T11:20:04.338398Z",
        "2025-06-21T11:20:04.338398+00:00",
        "2025-06-21T13:20:04.338398+02:00",
    ],
)
def test_both_timestamp_shapes_parse_to_the_same_utc_moment(text: str) -> None:
    """The real format (space, no zone) and ISO 8601 give one aware UTC datetime."""
    assert parse_timestamp(text) == datetime(2025, 6, 21, 11, 20, 4, 338398, tzinfo=timezone.utc)


def test_garbage_timestamp_is_a_value_error() -> None:
    """A string that is no timestamp raises ValueError."""
    with pytest.raises(ValueError):
        parse_timestamp("yesterday")


MOMENT = datetime(2025, 6, 21, 11, 20, 4, 338398, tzinfo=timezone.utc)
TIMESTAMP_SHAPES = [
    "2025-06-21 11:20:04.338398",
    "2025-06-21T11:20:04.338398Z",
    "2025-06-21T11:20:04.338398+00:00",
    "2025-06-21T13:20:04.338398+02:00",
    "2025-06-21T06:20:04.338398-05:00",
]


@pytest.mark.parametrize("text", TIMESTAMP_SHAPES)
def test_model_timestamps_are_aware_utc_datetimes(clients: Clients, text: str) -> None:
    """A run's created_at and its pull requests' are aware UTC datetimes in every shape."""
    run = get_run(
        clients,
        {
            "id": 5,
            "organization_id": 1,
            "created_at": text,
            "github_pull_requests": [{"id": 1, "created_at": text}],
        },
    )
    for moment in (run.created_at, run.github_pull_requests[0].created_at):  # type: ignore[attr-defined]
        assert isinstance(moment, datetime)
        assert moment.utcoffset() == timedelta(0)
        assert moment == MOMENT


@pytest.mark.parametrize("text", TIMESTAMP_SHAPES)
def test_log_entry_timestamps_are_aware_utc_datetimes(clients: Clients, text: str) -> None:
    """get_agent_run_logs gives the run's and each entry's created_at as aware UTC datetimes."""
    body = {
        "id": 5,
        "organization_id": 1,
        "created_at": text,
        "logs": [{"agent_run_id": 5, "created_at": text}],
    }
    page = clients.scripted(Script(httpx.Response(200, json=body))).agents_alpha.get_agent_run_logs(
        org_id=1, agent_run_id=5
    )
    for moment in (page.created_at, page.logs[0].created_at):
        assert isinstance(moment, datetime)
        assert moment.utcoffset() == timedelta(0) and moment == MOMENT


def test_to_dict_gives_the_timestamp_back_as_an_iso_string(clients: Clients) -> None:
    """to_dict() writes created_at as an ISO 8601 string with its UTC offset; it reads back."""
    run = get_run(
        clients, {"id": 5, "organization_id": 1, "created_at": "2025-06-21 11:20:04.338398"}
    )
    written = run.to_dict()["created_at"]  # type: ignore[attr-defined]
    assert written == "2025-06-21T11:20:04.338398+00:00"
    assert AgentRunResponse.from_dict(run.to_dict()).created_at == MOMENT  # type: ignore[attr-defined]


def test_null_and_absent_timestamps_stay_none_and_unset(clients: Clients) -> None:
    """created_at null reads as None and a missing created_at as UNSET, not as a datetime."""
    assert get_run(clients, {"id": 5, "organization_id": 1, "created_at": None}).created_at is None  # type: ignore[attr-defined]
    assert isinstance(get_run(clients, {"id": 5, "organization_id": 1}).created_at, Unset)  # type: ignore[attr-defined]


def test_offline_api_runs_carry_aware_utc_timestamps(
    codegen_client: CodegenClient, codegen_fake_api: FakeCodegenAPI
) -> None:
    """A run the offline API started has created_at as the aware UTC moment its body shows."""
    org_id = codegen_client.organizations.get_organizations().items[0].id
    run = codegen_client.agents.create_agent_run(org_id, "Tidy the imports")
    fetched = codegen_client.agents.get_agent_run(org_id, run.id)
    assert isinstance(fetched.created_at, datetime)
    assert fetched.created_at.tzinfo is not None
    assert fetched.created_at == parse_timestamp(codegen_fake_api.timestamp(0.0))


def test_parse_timestamp_accepts_a_model_datetime(clients: Clients) -> None:
    """parse_timestamp(run.created_at) still works now that created_at is a datetime."""
    run = get_run(
        clients, {"id": 5, "organization_id": 1, "created_at": "2025-06-21T13:20:04.338398+02:00"}
    )
    assert parse_timestamp(run.created_at) == MOMENT  # type: ignore[attr-defined]
    assert parse_timestamp(datetime(2025, 6, 21, 11, 20, 4, 338398)) == MOMENT


# -- required fields are type-checked -----------------------------------------------------------


def call_both(clients: Clients, script: Script, method: str, **kwargs: Any) -> Any:
    """Call ``agents.<method>`` (or ``ns.method``) on a client of the test's flavor."""
    namespace, _, name = method.rpartition(".")
    return getattr(getattr(clients.scripted(script), namespace), name)(**kwargs)


RUN_ARGS = {"org_id": 1, "agent_run_id": 5}


@pytest.mark.parametrize(
    ("id_text", "came"),
    [
        ("null", "got null"),
        ('"5"', "got '5' (a string)"),
        ("5.0", "got 5.0 (a number with a fraction)"),
        ("true", "got true"),
        ("NaN", "got NaN"),
    ],
)
def test_a_run_id_of_the_wrong_type_is_refused_by_name(
    clients: Clients, id_text: str, came: str
) -> None:
    """An id that is null, a string, a float, a bool or NaN is a CodegenResponseError naming it."""
    body = f'{{"id": {id_text}, "organization_id": 1, "status": "ACTIVE"}}'.encode()
    script = Script(httpx.Response(200, content=body))
    with pytest.raises(CodegenResponseError) as info:
        call_both(clients, script, "agents.get_agent_run", **RUN_ARGS)
    message = str(info.value)
    assert "get_agent_run: field 'id' should be an integer" in message
    assert came in message


def test_a_list_field_holding_an_object_is_refused(clients: Clients) -> None:
    """A page whose items is an object, not a list, is a CodegenResponseError naming items."""
    body = {"items": {"id": 1}, "total": 1, "page": 1, "size": 100, "pages": 1}
    script = Script(httpx.Response(200, json=body))
    with pytest.raises(CodegenResponseError) as info:
        call_both(clients, script, "agents.list_agent_runs", org_id=1)
    assert "list_agent_runs: field 'items' should be a list of objects, got an object" in str(
        info.value
    )


def test_a_required_string_that_is_a_number_is_refused(clients: Clients) -> None:
    """github_username 42 (a number) is a CodegenResponseError naming the field and the value."""
    body = {"id": 1, "github_user_id": "9", "github_username": 42}
    script = Script(httpx.Response(200, json=body))
    with pytest.raises(CodegenResponseError) as info:
        call_both(clients, script, "users.get_current_user")
    assert "get_current_user: field 'github_username' should be a string, got 42 (an integer)" in (
        str(info.value)
    )


def test_a_bad_field_deep_in_a_page_is_named_by_its_path(clients: Clients) -> None:
    """The second run of a page with a null id is named items[1].id."""
    body = {
        "items": [{"id": 1, "organization_id": 1}, {"id": None, "organization_id": 1}],
        "total": 2,
        "page": 1,
        "size": 100,
        "pages": 1,
    }
    with pytest.raises(CodegenResponseError, match=r"field 'items\[1\]\.id' should be an integer"):
        clients.scripted(Script(httpx.Response(200, json=body))).agents.list_agent_runs(org_id=1)


def test_a_missing_required_field_is_named(clients: Clients) -> None:
    """A run body without organization_id is a CodegenResponseError saying it is missing."""
    with pytest.raises(CodegenResponseError, match="get_agent_run: field 'organization_id' is"):
        get_run(clients, {"id": 5})


def test_an_unreadable_timestamp_is_refused_not_kept_as_text(clients: Clients) -> None:
    """created_at 'yesterday' is a CodegenResponseError, never a string in a datetime field."""
    with pytest.raises(CodegenResponseError, match="field 'created_at' should be a timestamp"):
        get_run(clients, {"id": 5, "organization_id": 1, "created_at": "yesterday"})


def test_an_optional_field_of_the_wrong_type_is_refused(clients: Clients) -> None:
    """A present optional field must fit its type too: status 3 is refused, null is not."""
    with pytest.raises(CodegenResponseError, match="field 'status' should be a string or null"):
        get_run(clients, {"id": 5, "organization_id": 1, "status": 3})
    assert get_run(clients, {"id": 5, "organization_id": 1, "status": None}).status is None  # type: ignore[attr-defined]


def test_what_the_api_adds_is_still_accepted(clients: Clients) -> None:
    """New keys, new enum-like values and left-out optional keys all pass the type check."""
    run = get_run(
        clients,
        {"id": 5, "organization_id": 1, "source_type": "NEW_SOURCE", "brand_new": {"x": [1]}},
    )
    assert run.source_type == "NEW_SOURCE"  # type: ignore[attr-defined]
    assert isinstance(run.summary, Unset)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "body",
    [["linear", "github"], [{"provider": "linear", "active": True}, {"provider": "github"}], []],
    ids=["names", "objects", "empty"],
)
def test_oauth_token_status_accepts_names_or_objects(clients: Clients, body: list[Any]) -> None:
    """oauth/tokens/status may answer a list of strings or a list of objects; both come back."""
    script = Script(httpx.Response(200, json=body))
    assert call_both(clients, script, "oauth.get_oauth_token_status", org_id=1) == body


@pytest.mark.parametrize("body", [{"linear": True}, ["linear", {"provider": "github"}], [3]])
def test_oauth_token_status_refuses_other_shapes(clients: Clients, body: object) -> None:
    """An object, a mixed list or a list of numbers is a CodegenResponseError."""
    script = Script(httpx.Response(200, json=body))
    with pytest.raises(CodegenResponseError, match="a list of strings or a list of objects"):
        clients.scripted(script).oauth.get_oauth_token_status(org_id=1)


def test_oauth_token_status_from_the_offline_api(codegen_client: CodegenClient) -> None:
    """The offline API's answer (a list of provider names) reads as a list of strings."""
    org_id = codegen_client.organizations.get_organizations().items[0].id
    status = codegen_client.oauth.get_oauth_token_status(org_id)
    assert isinstance(status, list) and all(isinstance(name, str) for name in status)


# -- any 2xx is a success, and a 2xx without the body is refused ---------------------------------


@pytest.mark.parametrize("status", [200, 201, 202, 203])
def test_any_2xx_with_a_run_body_parses_like_a_200(clients: Clients, status: int) -> None:
    """A 201 or 202 (any 2xx) with a run body gives the AgentRunResponse, not None."""
    script = Script(httpx.Response(status, json={"id": 5, "organization_id": 1}))
    run = call_both(clients, script, "agents.get_agent_run", **RUN_ARGS)
    assert isinstance(run, AgentRunResponse) and run.id == 5


@pytest.mark.parametrize("status", [200, 201, 204])
def test_a_2xx_without_the_documented_body_is_a_response_error(
    clients: Clients, status: int
) -> None:
    """An empty 2xx where a run is documented is a CodegenResponseError, never None."""
    script = Script(httpx.Response(status))
    with pytest.raises(CodegenResponseError, match="get_agent_run: the answer has no body"):
        call_both(clients, script, "agents.get_agent_run", **RUN_ARGS)


@pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
def test_no_operation_turns_an_empty_2xx_into_none_where_a_model_is_due(operation_id: str) -> None:
    """For every operation with a documented body, an empty 204 is refused; open ones give None."""
    operation = OPERATIONS[operation_id]
    module = importlib.import_module(
        f"codegen_client_generated.resources._sync.{operation.tag.replace('-', '_')}"
    )
    read = getattr(module, f"_read_{operation_id}", AgentRunResponse.from_dict)
    request = httpx.Request(operation.method, "https://api.codegen.com/v1" + operation.path)
    response = httpx.Response(204, request=request)
    if operation.open_answer:
        assert read_answer(operation_id, response, read, open_answer=True) is None
    else:
        with pytest.raises(CodegenResponseError, match=f"{operation_id}: the answer has no body"):
            read_answer(operation_id, response, read)


def test_an_empty_answer_to_create_is_ambiguous_and_finds_the_run(
    clients: Clients,
    codegen_fake_api: FakeCodegenAPI,
) -> None:
    """A create answered 202 with no body runs the token look-up: one run, and it is returned."""
    fake = codegen_fake_api

    def answer(request: httpx.Request) -> httpx.Response:
        response = fake.handle(request)
        response.read()
        if request.method == "POST" and request.url.path.endswith("/agent/run"):
            return httpx.Response(202)  # the run was made, but its body was lost
        return response

    http = clients.http_client(transport=httpx.MockTransport(answer))
    client = clients.of(fake, http_client=http)
    run = client.agents.create_agent_run(fake.org_id, "Tidy the imports")
    posts = [r for r in fake.requests if r.method == "POST" and r.path.endswith("/agent/run")]
    assert len(posts) == 1
    assert client.agents.get_agent_run(fake.org_id, run.id).id == run.id


# -- bodies that cannot be decoded at all --------------------------------------------------------

DEEP = b"[" * 100_000 + b"]" * 100_000
LONG_INT = b'{"id": 5, "organization_id": 1, "result": ' + b"9" * 5000 + b"}"
NOT_UTF8 = b'{"id": 5, "organization_id": 1, "result": "caf\xe9"}'
UNDECODABLE = pytest.mark.parametrize(
    "content",
    [DEEP, LONG_INT, NOT_UTF8, b"<html>oops</html>"],
    ids=["deep", "long-int", "latin-1", "html"],
)


@UNDECODABLE
def test_an_undecodable_2xx_body_is_a_response_error(clients: Clients, content: bytes) -> None:
    """Too deep, an over-long integer, not UTF-8, not JSON: a CodegenResponseError for a 2xx."""
    script = Script(httpx.Response(200, content=content))
    with pytest.raises(CodegenResponseError) as info:
        call_both(clients, script, "agents.get_agent_run", **RUN_ARGS)
    assert "get_agent_run: " in str(info.value)
    assert info.value.status_code == 200


@UNDECODABLE
@pytest.mark.parametrize(
    ("status", "error"),
    [
        (401, CodegenAuthError),
        (404, CodegenResourceNotFoundError),
        (422, CodegenValidationError),
        (500, CodegenServerError),
    ],
)
def test_an_undecodable_error_body_is_the_status_own_error(
    clients: Clients, content: bytes, status: int, error: type[Exception]
) -> None:
    """An error status with an undecodable body raises that status's error, body kept as text."""
    script = Script(httpx.Response(status, content=content))
    with pytest.raises(error) as info:
        clients.scripted(script, max_retries=0).agents.get_agent_run(**RUN_ARGS)
    assert isinstance(info.value.body, str)  # type: ignore[attr-defined]
    assert info.value.status_code == status  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "text",
    [
        "2025-06-21 11:20:04.338398",
        "2025-13-21 11:20:04.338398",
        "2025-06-21 11:20:04.3",
        "2025-06-21T11:20:04Z",
        "20250621T112004Z",
        "2025-06-21 11:20:04+0530",
        "2025-06-21",
        "2025-06-21 25:00:00.000000",
        "  2025-06-21 11:20:04.338398",
        "",
    ],
)
def test_a_timestamp_is_a_utc_datetime_or_refused_never_text(clients: Clients, text: str) -> None:
    """Whatever the string, created_at comes back as an aware UTC datetime or is refused."""
    try:
        run = get_run(clients, {"id": 5, "organization_id": 1, "created_at": text})
    except CodegenResponseError as error:
        assert "field 'created_at' should be a timestamp" in str(error)
    else:
        moment = run.created_at  # type: ignore[attr-defined]
        assert isinstance(moment, datetime) and moment.utcoffset() == timedelta(0)


def nested(levels: int) -> object:
    """A value of ``levels`` nested lists: nested(1) == []."""
    value: list[object] = []
    for _ in range(levels - 1):
        value = [value]
    return value


def test_open_fields_may_nest_up_to_the_documented_depth(clients: Clients) -> None:
    """metadata nested MAX_NESTING levels deep reads; one level more is refused by name."""
    inner = {"x": nested(MAX_NESTING - 1)}  # the object itself is the first level
    assert get_run(clients, {"id": 5, "organization_id": 1, "metadata": inner}).metadata  # type: ignore[attr-defined]
    deeper = {"x": nested(MAX_NESTING)}
    with pytest.raises(
        CodegenResponseError, match=f"field 'metadata' is nested deeper than {MAX_NESTING} levels"
    ):
        get_run(clients, {"id": 5, "organization_id": 1, "metadata": deeper})


def test_a_body_the_decoder_reads_but_nested_too_deep_is_refused(clients: Clients) -> None:
    """An open body nested 900 levels (decodable, but beyond what printing survives) is refused."""
    content = b"[" * 900 + b"]" * 900
    script = Script(httpx.Response(200, content=content))
    with pytest.raises(CodegenResponseError, match="the body is nested deeper than 100 levels"):
        clients.scripted(script).agents.ban_all_checks_for_agent_run(org_id=1, agent_run_id=5)
