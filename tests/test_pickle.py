"""Pickle, copies and introspection: errors, models and settings cross processes without the key.

Celery result backends, multiprocessing queues and ``ProcessPoolExecutor`` pickle what a worker
returns or raises; error reporters print the locals of failed frames.
"""

from __future__ import annotations

import copy
import dataclasses
import io
import pickle
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import httpx
import pytest

import codegen_client._exceptions as exceptions
from codegen_client import (
    UNSET,
    AsyncCodegenClient,
    CodegenApiError,
    CodegenClient,
    CodegenCreateOutcomeUnknownError,
    CodegenInputError,
    CodegenResourceNotFoundError,
    CodegenStatusError,
    FieldError,
)
from codegen_client.models import AgentRunResponse
from codegen_client.testing import FakeCodegenAPI
from tests.both import Clients

KEY = "sk-pickle-0123456789abcdef"


def _attributes(error: BaseException) -> dict[str, Any]:
    """What a user reads off an error (the response compared by its status and body)."""
    found = dict(vars(error))
    response = found.pop("response", None)
    if response is not None:
        found["response"] = (response.status_code, response.content)
    return found


def _every_error() -> list[CodegenApiError]:
    """One instance of every exception class, each with all its attributes set."""
    run = AgentRunResponse.from_dict({"id": 7, "organization_id": 1, "status": "ERROR"})
    response = httpx.Response(
        404,
        json={"message": "nope"},
        request=httpx.Request("GET", "https://api.codegen.com/v1/x"),
    )
    common = {"status_code": 404, "response": response, "method": "GET", "url": "https://h/x"}
    made: list[CodegenApiError] = []
    for name in exceptions.__all__:
        cls = getattr(exceptions, name)
        if not (isinstance(cls, type) and issubclass(cls, CodegenApiError)):
            continue
        kwargs: dict[str, Any] = dict(common)
        if issubclass(cls, CodegenStatusError):
            kwargs["body"] = {"message": "nope"}
        if issubclass(cls, exceptions.CodegenConnectionError):
            kwargs["request_sent"] = False
        if cls is CodegenCreateOutcomeUnknownError:
            kwargs.update(request_id="req-123", org_id=5, posted=False)
        if cls is exceptions.CodegenLookupInconclusiveError:
            kwargs.update(request_id="req-456", org_id=5, searched=True)
        if cls is exceptions.CodegenValidationError:
            kwargs["errors"] = [FieldError(("query", "limit"), "too big", "less_than_equal")]
        if cls is exceptions.CodegenRateLimitError:
            kwargs["retry_after"] = 12.5
        if issubclass(cls, exceptions.CodegenAgentRunError):
            kwargs.update(run=run, runs=[run])
        if issubclass(cls, exceptions.CodegenAgentRunTimeoutError):
            kwargs.update(timeout=30.0, pending=[run])
        if cls is exceptions.CodegenAgentRunPausedError:
            kwargs["paused"] = [run]
        if issubclass(cls, exceptions.CodegenMultiRunError):
            kwargs.update(multi_run_id="multi-1", candidates=["answer"])
        made.append(cls(f"{name} happened", **kwargs))
    return made


@pytest.mark.parametrize("error", _every_error(), ids=lambda e: type(e).__name__)
def test_every_error_pickles_with_its_attributes(error: CodegenApiError) -> None:
    """pickle gives back the same class with every attribute, message and text."""
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error)
    assert _attributes(back) == _attributes(error)
    assert str(back) == str(error) and back.args == error.args


def test_the_outcome_unknown_error_keeps_its_request_id() -> None:
    """CodegenCreateOutcomeUnknownError unpickles (its request_id is required) and keeps it."""
    error = CodegenCreateOutcomeUnknownError("lost", request_id="req-9", org_id=3)
    back = pickle.loads(pickle.dumps(error))
    assert (back.request_id, back.org_id, back.message) == ("req-9", 3, "lost")


def _raise_outcome_unknown(request_id: str) -> None:
    raise CodegenCreateOutcomeUnknownError(
        "the create's answer was lost", request_id=request_id, org_id=5
    )


def _raise_real_not_found(run_id: int) -> None:
    """In a worker: a real call that the API answers with 404."""

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, json={"message": "Agent run not found.", "status_code": 404})

    with CodegenClient(
        api_key=KEY, http_client=httpx.Client(transport=httpx.MockTransport(answer))
    ) as client:
        client.agents.get_agent_run(org_id=1, agent_run_id=run_id)


def test_errors_cross_a_process_pool_whole_and_without_the_key() -> None:
    """A worker's errors reach the parent with their attributes; their pickles hold no key."""
    with ProcessPoolExecutor(max_workers=1) as pool:
        unknown = pool.submit(_raise_outcome_unknown, "req-42").exception()
        not_found = pool.submit(_raise_real_not_found, 77).exception()
        assert pool.submit(sum, [1, 2]).result() == 3  # the pool survived both
    assert isinstance(unknown, CodegenCreateOutcomeUnknownError)
    assert (unknown.request_id, unknown.org_id) == ("req-42", 5)
    assert isinstance(not_found, CodegenResourceNotFoundError)
    assert (not_found.status_code, not_found.message) == (404, "Agent run not found.")
    assert not_found.response is not None and not_found.response.json()["status_code"] == 404
    assert "authorization" not in not_found.response.request.headers
    assert KEY.encode() not in pickle.dumps(not_found)


def test_a_real_status_error_pickles_without_the_key(clients: Clients) -> None:
    """The request an error keeps has no Authorization header, so its pickle has no key."""
    script_answer = httpx.Response(404, json={"message": "User not found.", "status_code": 404})
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return script_answer

    client = clients.new(api_key=KEY, transport=httpx.MockTransport(answer), max_retries=0)
    with pytest.raises(CodegenResourceNotFoundError) as caught:
        client.users.get_user(org_id=1, user_id=2)
    assert sent[0].headers["authorization"] == f"Bearer {KEY}"  # it was sent with the key
    error = caught.value
    assert error.response is not None
    assert "authorization" not in error.response.request.headers
    assert error.response.request.url == sent[0].url
    assert KEY.encode() not in pickle.dumps(error)


def test_captured_responses_keep_no_key(clients: Clients) -> None:
    """A captured success's request has no Authorization header either."""
    fake = FakeCodegenAPI()
    client = clients.of(fake)
    with CodegenClient.capture_response() as captured:
        client.organizations.get_organizations()
    assert captured.response is not None
    assert "authorization" not in captured.response.request.headers
    assert fake.api_key.encode() not in pickle.dumps(captured.response)


# --- models and UNSET -----------------------------------------------------------------------


@pytest.mark.parametrize("how", ["pickle", "copy", "deepcopy"])
def test_unset_stays_unset(how: str) -> None:
    """UNSET comes back as UNSET itself, alone and inside a model."""
    run = AgentRunResponse.from_dict({"id": 7, "organization_id": 1, "status": "ACTIVE"})
    assert run.summary is UNSET
    copier = {
        "pickle": lambda x: pickle.loads(pickle.dumps(x)),
        "copy": copy.copy,
        "deepcopy": copy.deepcopy,
    }[how]
    assert copier(UNSET) is UNSET
    back = copier(run)
    assert back.summary is UNSET and not back.summary


def test_models_equal_their_copies(clients: Clients) -> None:
    """A model from the API equals its pickle, copy and deep copy; they hold no key."""
    fake = FakeCodegenAPI()
    client = clients.of(fake)
    run = client.agents.create_agent_run(org_id=fake.org_id, prompt="Fix the flaky test")
    page = client.agents.list_agent_runs(org_id=fake.org_id, limit=5)
    for model in (run, page):
        assert pickle.loads(pickle.dumps(model)) == model
        assert copy.copy(model) == model
        assert copy.deepcopy(model) == model
        assert fake.api_key.encode() not in pickle.dumps(model)


# --- settings and clients -------------------------------------------------------------------


@pytest.mark.parametrize("flavor", ["sync", "async"])
def test_settings_never_reveal_the_key(flavor: str) -> None:
    """vars, asdict, rich.inspect, pickle and repr of a client's settings never show the key."""
    from rich.console import Console
    from rich.pretty import pretty_repr

    cls = AsyncCodegenClient if flavor == "async" else CodegenClient
    settings = cls(api_key=KEY).settings
    out = io.StringIO()
    Console(file=out, width=200).print(_inspect(settings))
    texts = {
        "vars": repr(vars(settings)),
        "asdict": repr(dataclasses.asdict(settings)),
        "rich.inspect": out.getvalue(),
        "rich.pretty": pretty_repr(settings),
        "repr": repr(settings),
        "str": str(settings),
        "pickle": pickle.dumps(settings).decode("latin-1"),
    }
    leaks = [name for name, text in texts.items() if KEY in text]
    assert leaks == []
    assert settings.api_key.get_secret_value() == KEY  # the client itself can still read it


def _inspect(target: object) -> Any:
    from rich._inspect import Inspect

    return Inspect(target, all=True, private=True, dunder=False, methods=False)


def test_unpickled_settings_carry_no_key() -> None:
    """Settings out of pickle say, when the key is asked for, that pickle never carries it."""
    settings = pickle.loads(pickle.dumps(CodegenClient(api_key=KEY).settings))
    assert settings.base_url == "https://api.codegen.com/v1"
    with pytest.raises(CodegenInputError, match="unpickled"):
        settings.api_key.get_secret_value()


@pytest.mark.parametrize("cls", [CodegenClient, AsyncCodegenClient])
def test_the_repr_of_a_half_built_client_works(cls: type[Any]) -> None:
    """A client whose constructor raised still has a repr (locals-capturing reporters call it)."""
    with pytest.raises(CodegenInputError) as caught:
        cls(api_key=KEY, timeout=-1)
    tb = caught.tb
    half_built = None
    while tb is not None:
        candidate = tb.tb_frame.f_locals.get("self")
        if isinstance(candidate, cls):
            half_built = candidate
        tb = tb.tb_next
    assert half_built is not None
    assert repr(half_built) == f"{cls.__name__}(<not set up>)"
    assert KEY not in repr(half_built)
