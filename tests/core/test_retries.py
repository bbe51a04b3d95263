"""Retries: what is repeated, how long the client waits, and what is never repeated."""

from __future__ import annotations

import email.utils
import logging
import time

import httpx
import pytest

from codegen_client import (
    CodegenPlanLimitError,
    CodegenRateLimitError,
    CodegenResourceNotFoundError,
    CodegenServerError,
    CodegenTimeoutError,
    ManualClock,
)
from tests.both import Clients

from .helpers import Script, echo_run

OK = echo_run


def test_server_error_on_a_read_is_retried_then_succeeds(clients: Clients) -> None:
    """A 503 on a GET is retried after a backoff and the call succeeds."""
    clock = ManualClock()
    script = Script(httpx.Response(503, json={"message": "busy"}), OK)
    run = clients.scripted(script, clock).agents.get_agent_run(org_id=1, agent_run_id=7)
    assert run.id == 7
    assert len(script.requests) == 2
    assert len(clock.sleeps) == 1 and 0.25 <= clock.sleeps[0] <= 0.5


def test_backoff_grows_and_gives_up_after_max_retries(clients: Clients) -> None:
    """Retries stop after max_retries, with growing waits, and the last error is raised."""
    clock = ManualClock()
    script = Script(httpx.Response(502, text="bad gateway"))
    with pytest.raises(CodegenServerError):
        clients.scripted(script, clock, max_retries=3).agents.get_agent_run(
            org_id=1, agent_run_id=7
        )
    assert len(script.requests) == 4
    assert len(clock.sleeps) == 3
    assert clock.sleeps[0] < clock.sleeps[2]


def test_max_retries_zero_sends_once(clients: Clients) -> None:
    """With max_retries=0 a failure is raised at once."""
    script = Script(httpx.Response(503))
    with pytest.raises(CodegenServerError):
        clients.scripted(script, max_retries=0).users.get_current_user()
    assert len(script.requests) == 1


def test_server_error_on_an_action_that_starts_work_is_not_retried(clients: Clients) -> None:
    """A 5xx on resume (which sets an agent working) is raised, not repeated."""
    script = Script(httpx.Response(503), OK)
    with pytest.raises(CodegenServerError):
        clients.scripted(script).agents.resume_agent_run(org_id=1, agent_run_id=7, prompt="go on")
    assert len(script.requests) == 1


def test_lost_answer_on_a_read_is_retried(clients: Clients) -> None:
    """A read timeout on a GET is repeated."""
    script = Script(httpx.ReadTimeout("slow"), OK)
    assert clients.scripted(script).agents.get_agent_run(org_id=1, agent_run_id=7).id == 7
    assert len(script.requests) == 2


def test_lost_answer_on_an_action_that_starts_work_is_not_retried(clients: Clients) -> None:
    """A read timeout on resume is raised: the server may have acted."""
    script = Script(httpx.ReadTimeout("slow"), OK)
    with pytest.raises(CodegenTimeoutError):
        clients.scripted(script).agents.resume_agent_run(org_id=1, agent_run_id=7, prompt="go on")
    assert len(script.requests) == 1


def test_connect_failure_is_retried_even_for_actions(clients: Clients) -> None:
    """A refused connection never reached the server, so even resume is repeated."""
    script = Script(httpx.ConnectError("refused"), OK)
    run = clients.scripted(script).agents.resume_agent_run(org_id=1, agent_run_id=7, prompt="go on")
    assert run.id == 7
    assert len(script.requests) == 2


@pytest.mark.parametrize("status", [400, 401, 402, 403, 404, 422])
def test_client_errors_are_never_retried(clients: Clients, status: int) -> None:
    """4xx answers other than 429 are raised at once."""
    script = Script(httpx.Response(status, json={"message": "no"}), OK)
    with pytest.raises(Exception):  # noqa: B017 (the class is pinned in test_errors)
        clients.scripted(script).agents.get_agent_run(org_id=1, agent_run_id=7)
    assert len(script.requests) == 1


def test_plan_limit_on_create_is_raised_once(clients: Clients) -> None:
    """402 on create is never retried: the allowance will not come back by waiting."""
    script = Script(
        httpx.Response(402, json={"message": "Alloted agent runs ...", "status_code": 402})
    )
    with pytest.raises(CodegenPlanLimitError):
        clients.scripted(script).agents.create_agent_run(org_id=1, prompt="x")
    assert len(script.requests) == 1


def test_rate_limit_honours_retry_after_seconds(clients: Clients) -> None:
    """A 429 with Retry-After: 7 waits 7 seconds, then succeeds."""
    clock = ManualClock()
    limited = httpx.Response(
        429, json={"message": "Rate limit exceeded."}, headers={"Retry-After": "7"}
    )
    script = Script(limited, OK)
    clients.scripted(script, clock).agents.get_agent_run(org_id=1, agent_run_id=7)
    assert clock.sleeps == [7.0]


def test_rate_limit_honours_retry_after_date(clients: Clients) -> None:
    """A 429 with an HTTP-date Retry-After waits until that moment."""
    clock = ManualClock()
    when = email.utils.formatdate(time.time() + 20, usegmt=True)
    script = Script(httpx.Response(429, headers={"Retry-After": when}), OK)
    clients.scripted(script, clock).agents.get_agent_run(org_id=1, agent_run_id=7)
    assert len(clock.sleeps) == 1 and 15 <= clock.sleeps[0] <= 21


def test_rate_limit_without_retry_after_waits_out_the_window(clients: Clients) -> None:
    """Without Retry-After, a 429 waits the operation's documented window (30 s for get)."""
    clock = ManualClock()
    script = Script(httpx.Response(429, json={"message": "Rate limit exceeded."}), OK)
    clients.scripted(script, clock).agents.get_agent_run(org_id=1, agent_run_id=7)
    assert clock.sleeps == [30.0]


def test_rate_limit_without_pacing_still_waits_out_the_window(clients: Clients) -> None:
    """rate_limits=False turns pacing off, not the documented window a bare 429 waits out."""
    clock = ManualClock()
    script = Script(httpx.Response(429, json={"message": "Rate limit exceeded."}), OK)
    clients.scripted(script, clock, rate_limits=False).agents.get_agent_run(
        org_id=1, agent_run_id=7
    )
    assert clock.sleeps == [30.0]


def test_rate_limit_on_create_is_retried_because_nothing_was_created(clients: Clients) -> None:
    """A 429 on create means the run was refused, so creating again is safe."""
    clock = ManualClock()
    script = Script(httpx.Response(429, json={"message": "Rate limit exceeded."}), OK)
    run = clients.scripted(script, clock).agents.create_agent_run(org_id=1, prompt="x")
    assert run.id == 7
    assert len(script.requests) == 2
    assert clock.sleeps == [60.0]


def test_rate_limit_error_carries_retry_after_when_retries_run_out(clients: Clients) -> None:
    """After the last retry, the CodegenRateLimitError says how long the API asked to wait."""
    script = Script(httpx.Response(429, headers={"Retry-After": "12"}))
    with pytest.raises(CodegenRateLimitError) as info:
        clients.scripted(script, max_retries=1).users.get_current_user()
    assert info.value.retry_after == 12.0
    assert len(script.requests) == 2


def test_ratelimit_reset_header_is_honoured(clients: Clients) -> None:
    """X-RateLimit-Reset (seconds) is used when Retry-After is absent."""
    clock = ManualClock()
    script = Script(httpx.Response(429, headers={"X-RateLimit-Reset": "4"}), OK)
    clients.scripted(script, clock).agents.get_agent_run(org_id=1, agent_run_id=7)
    assert clock.sleeps == [4.0]


@pytest.mark.parametrize("value", ["soon", "inf", "1e400", "nan"])
def test_unreadable_retry_after_waits_out_the_window(clients: Clients, value: str) -> None:
    """A Retry-After that is neither a finite number nor a date counts as absent."""
    clock = ManualClock()
    script = Script(httpx.Response(429, headers={"Retry-After": value}), OK)
    clients.scripted(script, clock).agents.get_agent_run(org_id=1, agent_run_id=7)
    assert clock.sleeps == [30.0]


def test_unreadable_retry_after_is_none_on_the_error(clients: Clients) -> None:
    """A garbled Retry-After still gives a CodegenRateLimitError, with retry_after None."""
    script = Script(httpx.Response(429, headers={"Retry-After": "Someday, 99 Foo"}))
    with pytest.raises(CodegenRateLimitError) as info:
        clients.scripted(script, max_retries=0).users.get_current_user()
    assert info.value.retry_after is None


def test_not_found_is_not_retried_and_keeps_the_body(clients: Clients) -> None:
    """A 404 is raised at once with the server's body."""
    body = {"message": "Agent run not found.", "status_code": 404}
    script = Script(httpx.Response(404, json=body))
    with pytest.raises(CodegenResourceNotFoundError) as info:
        clients.scripted(script).agents.get_agent_run(org_id=1, agent_run_id=7)
    assert info.value.body == body


def test_retries_are_logged_without_the_key(
    clients: Clients, caplog: pytest.LogCaptureFixture
) -> None:
    """Retry log lines name the operation and never contain the key."""
    caplog.set_level(logging.DEBUG, logger="codegen_client")
    script = Script(httpx.Response(503), OK)
    clients.scripted(script, api_key="sk-log-secret").agents.get_agent_run(org_id=1, agent_run_id=7)
    assert "retrying get_agent_run" in caplog.text
    assert "sk-log-secret" not in caplog.text
