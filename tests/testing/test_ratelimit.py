"""The documented rate limits: per token and operation, sliding window on the clock."""

from __future__ import annotations

import httpx
import pytest

from codegen_client.testing import FakeCodegenAPI, ManualClock


def _burst(http: httpx.Client, path: str, n: int) -> list[int]:
    return [http.get(path).status_code for _ in range(n)]


def test_61st_request_in_30_seconds_is_429(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """60 calls pass, the 61st within 30 s gets the documented 429 without Retry-After."""
    assert _burst(http, "/users/me", 60) == [200] * 60
    response = http.get("/users/me")
    assert response.status_code == 429
    assert response.json() == {
        "message": "Rate limit exceeded. Please try again later.",
        "status_code": 429,
    }
    assert "retry-after" not in response.headers


def test_allowed_again_after_the_window(
    fake: FakeCodegenAPI, http: httpx.Client, clock: ManualClock
) -> None:
    """The window slides: requests are allowed again once the old ones are 30 s old."""
    _burst(http, "/users/me", 60)
    clock.advance(29.9)
    assert http.get("/users/me").status_code == 429
    clock.advance(0.1)
    assert _burst(http, "/users/me", 60) == [200] * 60


def test_create_limit_is_10_per_minute(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """create_agent_run allows 10 per minute."""
    path = f"/organizations/{fake.org_id}/agent/run"
    codes = [http.post(path, json={"prompt": "p"}).status_code for _ in range(11)]
    assert codes == [200] * 10 + [429]
    assert len(fake.agent_runs) == 10


@pytest.mark.parametrize(
    ("path_template", "limit"),
    [
        ("/organizations/{org}/setup-commands/generate", 5),
        ("/organizations/{org}/cli/rules", 30),
    ],
)
def test_other_documented_limits(
    fake: FakeCodegenAPI, http: httpx.Client, path_template: str, limit: int
) -> None:
    """setup-commands allow 5 per minute and cli rules 30 per minute."""
    path = path_template.format(org=fake.org_id)
    repo_id = fake.organizations[fake.org_id].repositories[0].id
    codes = []
    for _ in range(limit + 1):
        if "setup" in path:
            codes.append(http.post(path, json={"repo_id": repo_id}).status_code)
        else:
            codes.append(http.get(path).status_code)
    assert codes == [200] * limit + [429]


def test_limits_are_per_operation_and_token(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """Exhausting users/me leaves other operations and other tokens untouched."""
    _burst(http, "/users/me", 61)
    assert http.get("/organizations").status_code == 200
    other = fake.add_token()
    assert http.get("/users/me", headers={"Authorization": f"Bearer {other}"}).status_code == 200


def test_unlimited_operations_never_429(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """Operations without a documented limit are never limited."""
    assert set(_burst(http, "/mcp-providers", 200)) == {200}


def test_rate_limits_can_be_switched_off(clock: ManualClock) -> None:
    """rate_limits=False lets any number of requests through."""
    fake = FakeCodegenAPI(clock=clock, rate_limits=False)
    headers = {"Authorization": f"Bearer {fake.api_key}"}
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url, headers=headers) as h:
        assert set(_burst(h, "/users/me", 500)) == {200}


def test_switch_at_runtime_and_reset(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """The rate_limits property and reset_rate_limits act on a live fake."""
    _burst(http, "/users/me", 61)
    fake.reset_rate_limits()
    assert http.get("/users/me").status_code == 200
    fake.rate_limits = False
    assert set(_burst(http, "/users/me", 100)) == {200}


def test_limits_count_requests_when_they_arrive_not_when_slow_answers_leave() -> None:
    """A slow answer is counted at its arrival time, so the window frees up as a server's would."""
    from codegen_client.testing import Fault

    clock = ManualClock()
    fake = FakeCodegenAPI(clock=clock)
    url = f"{fake.base_url}/organizations/{fake.org_id}/agent/run"
    headers = {"Authorization": f"Bearer {fake.api_key}"}

    def create() -> int:
        request = httpx.Request("POST", url, json={"prompt": "x"}, headers=headers)
        return fake.handle(request).status_code

    fake.inject(Fault("slow", "create_agent_run", delay=20.0))
    assert create() == 200  # arrived at 0, answered at 20
    for _ in range(9):
        assert create() == 200
    assert create() == 429
    clock.advance(40.5)  # 60.5 s after the slow request arrived, 40.5 s after it was answered
    assert create() == 200
