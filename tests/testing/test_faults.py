"""Injected faults: each kind does what it says, only where and as often as asked."""

from __future__ import annotations

import httpx
import pytest

from codegen_client.testing import FakeCodegenAPI, Fault, ManualClock


def _create(http: httpx.Client, fake: FakeCodegenAPI) -> httpx.Response:
    return http.post(f"/organizations/{fake.org_id}/agent/run", json={"prompt": "p"})


@pytest.mark.parametrize("status", [500, 502, 503])
def test_status_fault_answers_json_error(
    fake: FakeCodegenAPI, http: httpx.Client, status: int
) -> None:
    """A status fault answers that status with a JSON body and does not act."""
    fake.inject(Fault("status", "create_agent_run", status=status))
    response = _create(http, fake)
    assert response.status_code == status
    assert response.json()["status_code"] == status
    assert fake.agent_runs == {}
    assert _create(http, fake).status_code == 200


def test_html_502_is_a_gateway_page(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """html_502 answers 502 with text/html, not JSON."""
    fake.inject(Fault("html_502"))
    response = http.get("/users/me")
    assert response.status_code == 502
    assert response.headers["content-type"].startswith("text/html")
    assert "502 Bad Gateway" in response.text


def test_rate_limit_fault_with_and_without_retry_after(
    fake: FakeCodegenAPI, http: httpx.Client
) -> None:
    """rate_limit answers the documented 429, with Retry-After only when asked."""
    fake.inject(Fault("rate_limit"))
    fake.inject(Fault("rate_limit", retry_after=7))
    plain, hinted = http.get("/users/me"), http.get("/users/me")
    assert (plain.status_code, hinted.status_code) == (429, 429)
    assert "retry-after" not in plain.headers
    assert hinted.headers["retry-after"] == "7"
    assert hinted.json()["message"] == "Rate limit exceeded. Please try again later."


@pytest.mark.parametrize(
    ("error", "exc"),
    [("connect", httpx.ConnectError), ("remote_protocol", httpx.RemoteProtocolError)],
)
def test_drop_connection_raises_before_acting(
    fake: FakeCodegenAPI, http: httpx.Client, error: str, exc: type[Exception]
) -> None:
    """drop_connection raises a transport error and nothing is created."""
    fake.inject(Fault("drop_connection", "create_agent_run", error=error))  # type: ignore[arg-type]
    with pytest.raises(exc):
        _create(http, fake)
    assert fake.agent_runs == {}
    assert fake.requests[-1].status is None
    assert fake.requests[-1].fault == "drop_connection"


@pytest.mark.parametrize(
    ("error", "exc"),
    [("read_timeout", httpx.ReadTimeout), ("remote_protocol", httpx.RemoteProtocolError)],
)
def test_lost_response_really_acts(
    fake: FakeCodegenAPI, http: httpx.Client, error: str, exc: type[Exception]
) -> None:
    """lost_response creates the run, then raises so the client cannot know."""
    fake.inject(Fault("lost_response", "create_agent_run", error=error))  # type: ignore[arg-type]
    with pytest.raises(exc):
        _create(http, fake)
    assert len(fake.agent_runs) == 1
    assert fake.requests[-1].status == 200
    assert fake.requests[-1].fault == "lost_response"


def test_slow_answer_within_timeout(
    fake: FakeCodegenAPI, http: httpx.Client, clock: ManualClock
) -> None:
    """slow waits its delay on the clock, then answers normally."""
    fake.inject(Fault("slow", delay=12.0))
    response = http.get("/users/me", timeout=30.0)
    assert response.status_code == 200
    assert clock.sleeps == [12.0]


def test_slow_answer_past_timeout_is_read_timeout(
    fake: FakeCodegenAPI, http: httpx.Client, clock: ManualClock
) -> None:
    """slow with a shorter read timeout waits the timeout and raises ReadTimeout, not acting."""
    fake.inject(Fault("slow", "create_agent_run", delay=60.0))
    with pytest.raises(httpx.ReadTimeout):
        http.post(f"/organizations/{fake.org_id}/agent/run", json={"prompt": "p"}, timeout=5.0)
    assert clock.sleeps == [5.0]
    assert fake.agent_runs == {}


@pytest.mark.anyio
async def test_async_transport_awaits_slow_faults(fake: FakeCodegenAPI, clock: ManualClock) -> None:
    """The async transport waits with clock.asleep and answers.

    Single-sided: it drives the fake's async transport directly (clock.asleep), with no client.
    """
    fake.inject(Fault("slow", delay=3.0))
    headers = {"Authorization": f"Bearer {fake.api_key}"}
    async with httpx.AsyncClient(
        transport=fake.async_transport(), base_url=fake.base_url, headers=headers
    ) as client:
        response = await client.get("/users/me")
        assert response.status_code == 200
        fake.inject(Fault("lost_response", "create_agent_run"))
        with pytest.raises(httpx.ReadTimeout):
            await client.post(f"/organizations/{fake.org_id}/agent/run", json={"prompt": "p"})
    assert clock.sleeps == [3.0]
    assert len(fake.agent_runs) == 1


def test_fault_matches_only_its_operation(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """A fault for one operation leaves other operations alone until it fires."""
    fake.inject(Fault("status", "get_models", status=500))
    assert http.get("/users/me").status_code == 200
    assert http.get(f"/organizations/{fake.org_id}/models").status_code == 500
    assert http.get(f"/organizations/{fake.org_id}/models").status_code == 200


def test_fault_count(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """count=3 hits exactly three requests."""
    fake.inject(Fault("status", count=3))
    assert [http.get("/users/me").status_code for _ in range(4)] == [503, 503, 503, 200]
    assert fake.pending_faults == []


def test_faults_fire_in_the_order_injected(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """Queued faults fire first-in, first-out."""
    fake.inject(Fault("status", status=500))
    fake.inject(Fault("html_502"))
    assert [http.get("/users/me").status_code for _ in range(3)] == [500, 502, 200]


def test_random_fault_mix_is_seeded(clock: ManualClock) -> None:
    """set_fault_rate fails about the given share, the same requests for the same seed."""

    def run(seed: int) -> list[int]:
        fake = FakeCodegenAPI(clock=clock, rate_limits=False)
        fake.set_fault_rate(0.25, ["status", "html_502", "rate_limit"], seed=seed)
        request = httpx.Request(
            "GET", f"{fake.base_url}/users/me", headers={"Authorization": f"Bearer {fake.api_key}"}
        )
        return [fake.handle(request).status_code for _ in range(400)]

    first = run(3)
    assert first == run(3)
    assert first != run(4)
    assert 60 < sum(code != 200 for code in first) < 140


def test_clear_faults(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """clear_faults drops queued faults and stops the random mix."""
    fake.inject(Fault("status", count=5))
    fake.set_fault_rate(1.0, ["html_502"])
    fake.clear_faults()
    assert http.get("/users/me").status_code == 200


def test_unknown_kind_is_rejected() -> None:
    """A fault kind that does not exist is refused at once."""
    with pytest.raises(ValueError, match="unknown fault kind"):
        Fault("explode")  # type: ignore[arg-type]
