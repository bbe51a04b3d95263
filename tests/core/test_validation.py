"""Bad arguments are refused with a clear message before any request is sent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from codegen_client import CodegenClient, CodegenInputError
from tests.both import Clients

from .helpers import Script, echo_run, run_body

CASES: list[tuple[str, Callable[[CodegenClient], Any], str]] = [
    ("org_id zero", lambda c: c.agents.get_agent_run(org_id=0, agent_run_id=1), "org_id"),
    ("org_id text", lambda c: c.agents.get_agent_run(org_id="12", agent_run_id=1), "org_id"),
    ("org_id bool", lambda c: c.agents.get_agent_run(org_id=True, agent_run_id=1), "org_id"),
    (
        "run id negative",
        lambda c: c.agents.get_agent_run(org_id=1, agent_run_id=-4),
        "agent_run_id",
    ),
    ("empty prompt", lambda c: c.agents.create_agent_run(org_id=1, prompt="  "), "prompt"),
    ("prompt not text", lambda c: c.agents.create_agent_run(org_id=1, prompt=42), "prompt"),
    (
        "agent type",
        lambda c: c.agents.create_agent_run(org_id=1, prompt="x", agent_type="gpt"),
        "agent_type",
    ),
    (
        "image not data uri",
        lambda c: c.agents.create_agent_run(org_id=1, prompt="x", images=["cat.png"]),
        r"images\[0\]",
    ),
    (
        "metadata not json",
        lambda c: c.agents.create_agent_run(org_id=1, prompt="x", metadata={"f": object()}),
        "metadata",
    ),
    (
        "metadata with NaN",
        lambda c: c.agents.create_agent_run(org_id=1, prompt="x", metadata={"f": float("nan")}),
        "metadata must be JSON-serializable",
    ),
    (
        "webhook url without a host",
        lambda c: c.webhooks.set_webhook_config(org_id=1, url="https://"),
        "url must be an http",
    ),
    (
        "metadata not dict",
        lambda c: c.agents.create_agent_run(org_id=1, prompt="x", metadata=[1]),
        "metadata",
    ),
    (
        "webhook url",
        lambda c: c.agents.create_agent_run(org_id=1, prompt="x", webhooks=[{"url": "ftp://h"}]),
        r"webhooks\[0\].url",
    ),
    (
        "webhook extra key",
        lambda c: c.agents.create_agent_run(org_id=1, prompt="x", webhooks=[{"uri": "x"}]),
        r"webhooks\[0\]",
    ),
    ("repo id", lambda c: c.agents.create_agent_run(org_id=1, prompt="x", repo_id=0), "repo_id"),
    ("empty model", lambda c: c.agents.create_agent_run(org_id=1, prompt="x", model=""), "model"),
    ("limit 0", lambda c: c.agents.list_agent_runs(org_id=1, limit=0), "limit"),
    ("limit 101", lambda c: c.agents.list_agent_runs(org_id=1, limit=101), "limit"),
    ("skip -1", lambda c: c.agents.list_agent_runs(org_id=1, skip=-1), "skip"),
    ("user filter", lambda c: c.agents.list_agent_runs(org_id=1, user_id=0), "user_id"),
    ("source filter", lambda c: c.agents.list_agent_runs(org_id=1, source_type="x"), "source_type"),
    (
        "resume prompt",
        lambda c: c.agents.resume_agent_run(org_id=1, agent_run_id=1, prompt=""),
        "prompt",
    ),
]


@pytest.mark.parametrize(("name", "call", "named"), CASES, ids=[c[0] for c in CASES])
def test_bad_argument_is_refused_before_sending(
    clients: Clients, name: str, call: Callable[[CodegenClient], Any], named: str
) -> None:
    """The error names the argument, and no request leaves the client."""
    script = Script(httpx.Response(200, json=run_body()))
    with pytest.raises(CodegenInputError, match=named):
        call(clients.scripted(script))
    assert script.requests == []


def test_source_type_is_accepted_in_any_case(clients: Clients) -> None:
    """source_type="api" is sent as API."""
    script = Script(
        httpx.Response(200, json={"items": [], "total": 0, "page": 1, "size": 1, "pages": 0})
    )
    clients.scripted(script).agents.list_agent_runs(org_id=1, source_type="api", limit=1)
    assert script.requests[0].url.params["source_type"] == "API"


def test_capture_response_exposes_the_raw_response(clients: Clients) -> None:
    """capture_response() hands over the httpx.Response of each call in the block."""
    script = Script(httpx.Response(200, json=run_body(), headers={"x-request-id": "abc"}))
    client = clients.scripted(script)
    with client.capture_response() as captured:
        client.agents.get_agent_run(org_id=1, agent_run_id=7)
        client.agents.get_agent_run(org_id=1, agent_run_id=7)
    assert len(captured.responses) == 2
    assert captured.response is not None
    assert captured.response.headers["x-request-id"] == "abc"
    client.agents.get_agent_run(org_id=1, agent_run_id=7)
    assert len(captured.responses) == 2, "calls after the block are not captured"


def test_bad_metadata_error_shows_only_the_callers_keys(clients: Clients) -> None:
    """The client's own request token is not part of a metadata error message."""
    script = Script(httpx.Response(200, json=run_body()))
    with pytest.raises(CodegenInputError) as info:
        clients.scripted(script).agents.create_agent_run(org_id=1, prompt="x", metadata={1: "x"})
    assert "codegen_client_request_id" not in str(info.value)
    assert script.requests == []


# Text, nesting, integers and durations that cannot be sent ---------------------------------


def _nested(levels: int) -> dict[str, Any]:
    """A metadata dict that is ``levels`` dicts deep, itself included."""
    value: dict[str, Any] = {"leaf": 1}
    for _ in range(levels - 1):
        value = {"a": value}
    return value


UNSENDABLE: list[tuple[str, str, dict[str, Any], str]] = [
    ("prompt surrogate", "agents.create_agent_run", {"prompt": "fix \ud800 this"}, "prompt"),
    ("prompt low surrogate", "agents.create_agent_run", {"prompt": "\udcff"}, "lone surrogate"),
    (
        "metadata value surrogate",
        "agents.create_agent_run",
        {"prompt": "x", "metadata": {"note": ["ok", "bad \udfff"]}},
        r"metadata\['note'\]\[1\] contains a lone surrogate",
    ),
    (
        "metadata key surrogate",
        "agents.create_agent_run",
        {"prompt": "x", "metadata": {"k\ud834": 1}},
        "lone surrogate",
    ),
    (
        "resume prompt surrogate",
        "agents.resume_agent_run",
        {"agent_run_id": 5, "prompt": "\ud800"},
        "prompt",
    ),
    (
        "metadata too deep",
        "agents.create_agent_run",
        {"prompt": "x", "metadata": _nested(33)},
        "nested more than 32 levels",
    ),
    (
        "metadata far too deep",
        "agents.create_agent_run",
        {"prompt": "x", "metadata": _nested(100_000)},
        "nested more than 32 levels",
    ),
    (
        "metadata huge int",
        "agents.create_agent_run",
        {"prompt": "x", "metadata": {"n": 10**5000}},
        r"metadata\['n'\] is an integer of more than 4300 digits",
    ),
    (
        "wait timeout 10**400",
        "agents.wait_for_agent_run",
        {"agent_run_id": 5, "timeout": 10**400},
        "timeout",
    ),
    (
        "wait timeout 1e300",
        "agents.wait_for_agent_run",
        {"agent_run_id": 5, "timeout": 1e300},
        "timeout",
    ),
    (
        "waits timeout 10**400",
        "agents.wait_for_agent_runs",
        {"agent_run_ids": [5, 6], "timeout": 10**400},
        "timeout",
    ),
    (
        "poll interval 10**400",
        "agents.wait_for_agent_run",
        {"agent_run_id": 5, "max_poll_interval": 10**400},
        "max_poll_interval",
    ),
    (
        "multi-run timeout 10**400",
        "multi_run_agent.create_multi_run",
        {"prompt": "x", "timeout": 10**400},
        "timeout",
    ),
    (
        "multi-run prompt surrogate",
        "multi_run_agent.create_multi_run",
        {"prompt": "\ud800"},
        "prompt",
    ),
    (
        "multi-run metadata too deep",
        "multi_run_agent.create_multi_run",
        {"prompt": "x", "metadata": _nested(40)},
        "nested more than 32 levels",
    ),
    (
        # Checked before the candidates run, not when the synthesis run would start.
        "multi-run synthesis prompt surrogate",
        "multi_run_agent.create_multi_run",
        {"prompt": "x", "synthesis_prompt": "{candidates}\udcff"},
        "synthesis_prompt contains a lone surrogate",
    ),
    (
        "a query value longer than a URL may carry",
        "users.get_users",
        {"extra_query": {"q": "a" * 70_000}},
        r"the arguments do not make a valid URL for GET /organizations/1/users \(URL component",
    ),
    (
        "a query value with a lone surrogate",
        "users.get_users",
        {"extra_query": {"q": "x\udcff"}},
        "query parameter 'q' contains a lone surrogate at position 1",
    ),
]


@pytest.mark.parametrize(
    ("name", "method", "arguments", "named"), UNSENDABLE, ids=[c[0] for c in UNSENDABLE]
)
def test_unsendable_values_are_refused_before_sending(
    clients: Clients, name: str, method: str, arguments: dict[str, Any], named: str
) -> None:
    """Lone surrogates, deep nesting, huge ints, huge timeouts: CodegenInputError, 0 requests."""
    script = Script(httpx.Response(200, json=run_body()))
    namespace, _, attribute = method.partition(".")
    client = clients.scripted(script)
    with pytest.raises(CodegenInputError, match=named):
        getattr(getattr(client, namespace), attribute)(org_id=1, **arguments)
    assert script.requests == []


def test_metadata_may_nest_exactly_32_levels(clients: Clients) -> None:
    """32 levels of metadata (the documented limit) are sent; the 33rd is refused."""
    script = Script(echo_run)
    clients.scripted(script).agents.create_agent_run(org_id=1, prompt="x", metadata=_nested(32))
    assert len(script.requests) == 1
    with pytest.raises(CodegenInputError, match="32"):
        clients.scripted(script).agents.create_agent_run(org_id=1, prompt="x", metadata=_nested(33))


def test_an_int_within_the_digit_limit_is_sent(clients: Clients) -> None:
    """A big integer Python can still write as text goes out unchanged."""
    script = Script(echo_run)
    big = 10**4000
    clients.scripted(script).agents.create_agent_run(org_id=1, prompt="x", metadata={"n": big})
    assert str(big) in script.requests[0].content.decode()


def test_an_unknown_keyword_is_a_type_error_and_sends_nothing(clients: Clients) -> None:
    """A misspelt keyword raises TypeError (as in any Python function), not CodegenInputError."""
    script = Script(httpx.Response(200, json=run_body()))
    client = clients.scripted(script)
    with pytest.raises(TypeError, match="unexpected keyword argument 'agent_id'") as raised:
        client.agents.get_agent_run(org_id=1, agent_id=7)
    assert not isinstance(raised.value, CodegenInputError)
    assert script.requests == []


@pytest.mark.parametrize(
    ("path", "named"),
    [
        ("/organizations/" + "a" * 70_000, "the arguments do not make a valid URL"),
        ("/organizations/\udcff", "the path contains a lone surrogate"),
    ],
    ids=["too long", "lone surrogate"],
)
def test_the_escape_hatch_refuses_a_path_no_url_can_carry(
    clients: Clients, path: str, named: str
) -> None:
    """client.get with a path too long, or not UTF-8, is a CodegenInputError; nothing is sent."""
    script = Script(httpx.Response(200, json={}))
    with pytest.raises(CodegenInputError, match=named):
        clients.scripted(script).get(path)
    assert script.requests == []
