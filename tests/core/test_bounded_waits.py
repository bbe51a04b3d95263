"""Waits are bounded: max_retry_wait, and the deadline of a wait or multi-run reaches each call."""

from __future__ import annotations

import httpx
import pytest

from codegen_client import (
    CodegenAgentRunTimeoutError,
    CodegenMultiRunTimeoutError,
    CodegenRateLimitError,
    CodegenServerError,
    CodegenTimeoutError,
    ManualClock,
)
from codegen_client._settings import resolve_settings
from codegen_client.testing import FakeCodegenAPI, Fault
from tests.both import Clients

from .helpers import Script, run_body

OK = httpx.Response(200, json=run_body())


def limited(**headers: str) -> httpx.Response:
    return httpx.Response(429, json={"message": "Rate limit exceeded."}, headers=headers)


# -- max_retry_wait ---------------------------------------------------------------------------


@pytest.mark.parametrize("header", ["Retry-After", "X-RateLimit-Reset"])
def test_a_day_long_retry_after_is_raised_at_once(clients: Clients, header: str) -> None:
    """One 429 asking for 86400 s raises CodegenRateLimitError at once, with .retry_after set."""
    clock = ManualClock()
    script = Script(limited(**{header: "86400"}), OK)
    client = clients.scripted(script, clock=clock)
    with pytest.raises(CodegenRateLimitError) as caught:
        client.agents.get_agent_run(org_id=1, agent_run_id=7)
    assert caught.value.retry_after == 86400.0
    assert len(script.requests) == 1
    assert clock.now() == 0.0 and clock.sleeps == []


def test_max_retry_wait_is_the_longest_429_wait(clients: Clients) -> None:
    """max_retry_wait=10: a Retry-After of 10 s is slept and retried, one of 11 s is raised."""
    clock = ManualClock()
    script = Script(limited(**{"Retry-After": "10"}), OK)
    client = clients.scripted(script, clock=clock, max_retry_wait=10)
    assert client.agents.get_agent_run(org_id=1, agent_run_id=7).id == 7
    assert clock.sleeps == [10.0]
    script = Script(limited(**{"Retry-After": "11"}), OK)
    client = clients.scripted(script, clock=clock, max_retry_wait=10)
    with pytest.raises(CodegenRateLimitError):
        client.agents.get_agent_run(org_id=1, agent_run_id=7)
    assert clock.sleeps == [10.0]


def test_max_retry_wait_comes_from_the_environment_with_a_default_of_120() -> None:
    """CODEGEN_MAX_RETRY_WAIT sets the cap; the argument wins; the default is 120 s."""
    common = {"api_key": "sk-x", "base_url": None, "timeout": None, "max_retries": None}
    common["user_agent"] = None
    assert resolve_settings(**common, environ={}).max_retry_wait == 120.0
    env = {"CODEGEN_MAX_RETRY_WAIT": "30"}
    assert resolve_settings(**common, environ=env).max_retry_wait == 30.0
    assert resolve_settings(**common, max_retry_wait=5, environ=env).max_retry_wait == 5.0


# -- deadlines reach the core ------------------------------------------------------------------


def test_a_wait_does_not_sleep_out_an_hour_long_retry_after(clients: Clients) -> None:
    """wait_for_agent_run(timeout=100) against 429 + Retry-After: 3600 gives up by t=101."""
    clock = ManualClock()
    script = Script(limited(**{"Retry-After": "3600"}))
    client = clients.scripted(script, clock=clock, max_retry_wait=7200)
    with pytest.raises(CodegenAgentRunTimeoutError) as caught:
        client.agents.wait_for_agent_run(1, 7, timeout=100)
    assert clock.now() <= 101
    assert isinstance(caught.value.__cause__, CodegenRateLimitError)
    assert "gave up 100 s before its 100 s deadline" in str(caught.value)


def test_a_wait_caps_the_request_timeout_of_slow_answers(clients: Clients) -> None:
    """Answers that take 250 s, a 300 s request timeout and a 100 s wait: over by t=101."""
    fake = FakeCodegenAPI(clock=ManualClock())
    client = clients.of(fake, timeout=300)
    run = client.agents.create_agent_run(fake.org_id, "Slow")
    start = fake.clock.now()
    fake.inject(Fault("slow", "get_agent_run", delay=250, count=100))
    with pytest.raises(CodegenAgentRunTimeoutError) as caught:
        client.agents.wait_for_agent_run(fake.org_id, run.id, timeout=100)
    assert fake.clock.now() - start <= 101
    assert isinstance(caught.value.__cause__, CodegenTimeoutError)


def test_a_wait_does_not_pause_past_its_deadline_for_pacing(clients: Clients) -> None:
    """With the read budget used up (pacing would wait ~30 s), a 5 s wait ends by t=6."""
    fake = FakeCodegenAPI(clock=ManualClock())
    client = clients.of(fake)
    run = fake.add_agent_run(status="ACTIVE")
    for _ in range(60):
        client.agents.get_agent_run(fake.org_id, run.id)
    assert fake.clock.now() == 0.0
    with pytest.raises(CodegenAgentRunTimeoutError):
        client.agents.wait_for_agent_run(fake.org_id, run.id, timeout=5)
    assert fake.clock.now() <= 6
    assert len(fake.requests_for("get_agent_run")) == 60  # the paced call was never sent


def test_a_wait_does_not_back_off_past_its_deadline(clients: Clients) -> None:
    """5xx after 5xx during a 2 s wait: the backoffs stop at the deadline, not after 3 retries."""
    clock = ManualClock()
    script = Script(httpx.Response(503, json={"message": "busy"}))
    client = clients.scripted(script, clock=clock, max_retries=50)
    with pytest.raises(CodegenAgentRunTimeoutError) as caught:
        client.agents.wait_for_agent_run(1, 7, timeout=2)
    assert clock.now() <= 3
    assert isinstance(caught.value.__cause__, CodegenServerError)


@pytest.mark.parametrize(
    "fault",
    [
        Fault("rate_limit", "list_agent_runs", retry_after=3600, count=1000),
        Fault("slow", "list_agent_runs", delay=250, count=1000),
    ],
    ids=["retry-after-3600", "slow-250s"],
)
def test_multi_run_deadline_bounds_every_call(clients: Clients, fault: Fault) -> None:
    """MultiRunAgent(timeout=100) with polls answering 429 + Retry-After: 3600 or taking 250 s
    raises CodegenMultiRunTimeoutError by t=101."""
    fake = FakeCodegenAPI(clock=ManualClock(), run_duration=600)
    client = clients.of(fake, timeout=300, max_retry_wait=7200)
    fake.inject(fault)
    with pytest.raises(CodegenMultiRunTimeoutError) as caught:
        client.multi_run_agent.create_multi_run(
            org_id=fake.org_id, prompt="Bounded", concurrency=2, timeout=100
        )

    assert fake.clock.now() <= 101
    assert len(caught.value.runs) == 2


def test_multi_run_deadline_bounds_a_429_on_create(clients: Clients) -> None:
    """A 429 + Retry-After: 3600 on the second create ends a 100 s multi-run at once."""
    fake = FakeCodegenAPI(clock=ManualClock())
    client = clients.of(fake, max_retry_wait=7200)
    created = []

    def on_progress(event: object) -> None:
        if getattr(event, "kind", None) == "created" and not created:
            created.append(event)
            fake.inject(Fault("rate_limit", "create_agent_run", retry_after=3600))

    with pytest.raises(CodegenMultiRunTimeoutError) as caught:
        client.multi_run_agent.create_multi_run(
            org_id=fake.org_id,
            prompt="Bounded",
            concurrency=3,
            timeout=100,
            on_progress=on_progress,
        )

    assert fake.clock.now() <= 101
    assert len(caught.value.runs) == 1
    assert caught.value.multi_run_id
    assert isinstance(caught.value.__cause__, CodegenRateLimitError)
