"""A caller's own httpx client: its auth, redirects, base URL, headers and hooks never leak."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import httpx
import pytest

from codegen_client import (
    CodegenPlanLimitError,
    CodegenRateLimitError,
    CodegenResourceNotFoundError,
    CodegenStatusError,
    ManualClock,
)
from tests.both import Clients

from .helpers import Script, run_body

KEY = "sk-codegen-key"
OK = httpx.Response(200, json=run_body())


class RecordingAuth(httpx.Auth):
    """The caller's own credentials for another service; records whether httpx ran it."""

    def __init__(self) -> None:
        self.ran = 0

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        self.ran += 1
        request.headers["Authorization"] = "Basic dXNlcjpwYXNzd29yZA=="
        yield request


def own_client(clients: Clients, script: Script, **options: Any) -> Any:
    """A Codegen client of the test's flavor on an httpx client made the way a caller might."""
    http = clients.http_client(transport=httpx.MockTransport(script), **options)
    return clients.new(api_key=KEY, clock=ManualClock(), http_client=http)


def hooked(clients: Clients, script: Script) -> Any:
    """A client whose own httpx client raises for status in a response hook."""
    return own_client(clients, script, event_hooks={"response": [lambda r: r.raise_for_status()]})


def test_the_callers_credentials_headers_and_base_url_never_reach_codegen(clients: Clients) -> None:
    """auth=, a default Authorization and X-Api-Key header, cookies and a base URL of the
    caller's client: Codegen gets only the Bearer key, at its own URL."""
    auth = RecordingAuth()
    script = Script(OK)
    client = own_client(
        clients,
        script,
        auth=auth,
        base_url="https://other.example/api",
        headers={"Authorization": "Bearer users-own-token", "X-Api-Key": "users-secret"},
        cookies={"session": "users-cookie"},
    )
    assert client.agents.get_agent_run(org_id=1, agent_run_id=7).id == 7
    (sent,) = script.requests
    assert sent.headers["authorization"] == f"Bearer {KEY}"
    assert "x-api-key" not in sent.headers and "cookie" not in sent.headers
    assert str(sent.url) == "https://api.codegen.com/v1/organizations/1/agent/run/7"
    assert auth.ran == 0


def test_redirects_are_never_followed(clients: Clients) -> None:
    """A 302 to another host is an error, even on a client made with follow_redirects=True."""
    moved = httpx.Response(302, headers={"Location": "https://evil.example/steal"})
    script = Script(moved, OK)
    client = own_client(clients, script, follow_redirects=True)
    with pytest.raises(CodegenStatusError) as caught:
        client.agents.get_agent_run(org_id=1, agent_run_id=7)
    assert caught.value.status_code == 302
    assert [r.url.host for r in script.requests] == ["api.codegen.com"]


def test_a_raise_for_status_hook_404_is_not_found_and_not_retried(clients: Clients) -> None:
    """A hook's HTTPStatusError for a 404 is CodegenResourceNotFoundError, sent once."""
    script = Script(httpx.Response(404, json={"message": "Agent run not found."}), OK)
    with pytest.raises(CodegenResourceNotFoundError) as caught:
        hooked(clients, script).agents.get_agent_run(org_id=1, agent_run_id=7)
    assert caught.value.status_code == 404
    assert len(script.requests) == 1


def test_a_raise_for_status_hook_402_on_create_is_posted_once(clients: Clients) -> None:
    """A hook's HTTPStatusError for a 402 on create is CodegenPlanLimitError, one POST."""
    script = Script(httpx.Response(402, json={"message": "Plan limit reached."}), OK)
    with pytest.raises(CodegenPlanLimitError):
        hooked(clients, script).agents.create_agent_run(org_id=1, prompt="x")
    assert [r.method for r in script.requests] == ["POST"]


def test_a_raise_for_status_hook_keeps_retries_working(clients: Clients) -> None:
    """Through a hook, a 503 on a read is still retried, and a 429 still carries retry_after."""
    script = Script(httpx.Response(503, json={"message": "busy"}), OK)
    assert hooked(clients, script).agents.get_agent_run(org_id=1, agent_run_id=7).id == 7
    assert len(script.requests) == 2
    script = Script(httpx.Response(429, headers={"Retry-After": "86400"}))
    with pytest.raises(CodegenRateLimitError) as caught:
        hooked(clients, script).agents.get_agent_run(org_id=1, agent_run_id=7)
    assert caught.value.retry_after == 86400.0


class _AsyncOnlyBody(httpx.AsyncByteStream):
    """A response body that only an event loop can read, as a real AsyncClient's is."""

    async def __aiter__(self) -> Any:
        yield b'{"message": "gone"}'


def test_a_hook_error_on_an_unread_async_body_still_maps_by_status() -> None:
    """An async response the hook did not read: still CodegenResourceNotFoundError (no body).

    Single-sided: it calls the error-mapping function directly on a body only an event loop
    can read, which no sync client ever holds.
    """
    from codegen_client._errors_map import hook_status_error

    request = httpx.Request("GET", "https://api.codegen.com/v1/organizations/1/agent/run/7")
    response = httpx.Response(404, stream=_AsyncOnlyBody(), request=request)
    error = hook_status_error(httpx.HTTPStatusError("404", request=request, response=response))
    assert isinstance(error, CodegenResourceNotFoundError)
    assert error.status_code == 404
