"""Responses of the offline API validate against openapi/codegen-api.yaml (openapi-core)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse

from codegen_client.testing import FakeCodegenAPI, Fault, ManualClock
from codegen_client.testing.examples import ExampleIds, example_requests

SPEC_PATH = Path(__file__).resolve().parents[2] / "openapi" / "codegen-api.yaml"


@pytest.fixture(scope="module")
def spec() -> OpenAPI:
    """The project's spec, loaded once."""
    return OpenAPI.from_dict(yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8")))


def _validate(spec: OpenAPI, request: httpx.Request, response: httpx.Response) -> None:
    mock_request = MockRequest(
        "https://api.codegen.com",
        request.method.lower(),
        request.url.path,
        args=dict(request.url.params),
        data=request.content or None,
        headers=dict(request.headers),
    )
    content_type = response.headers.get("content-type", "application/json")
    mock_response = MockResponse(
        response.content, status_code=response.status_code, content_type=content_type
    )
    spec.validate_response(mock_request, mock_response)


@pytest.mark.parametrize("seed", [0, 11])
def test_every_example_response_matches_the_spec(spec: OpenAPI, seed: int) -> None:
    """The 2xx answer of each of the 30 operations matches its documented schema."""
    fake = FakeCodegenAPI(seed=seed, clock=ManualClock())
    for example in example_requests(ExampleIds.from_fake(fake)):
        request = example.build(fake.base_url, fake.api_key)
        _validate(spec, request, fake.handle(request))


def test_runs_in_every_phase_match_the_spec(spec: OpenAPI) -> None:
    """Run and log bodies validate whether ACTIVE, COMPLETE, failed or PAUSED."""
    fake = FakeCodegenAPI(clock=ManualClock())
    headers = {"Authorization": f"Bearer {fake.api_key}"}
    runs = [
        fake.add_agent_run(status=s, metadata={"k": 1}) for s in ("COMPLETE", "ERROR", "PAUSED")
    ]
    runs.append(fake.add_agent_run())
    fake.clock.sleep(100)
    org = f"{fake.base_url}/organizations/{fake.org_id}"
    for run in runs:
        for url in (
            f"{org}/agent/run/{run.id}",
            f"{fake.base_url}/alpha/organizations/{fake.org_id}/agent/run/{run.id}/logs",
        ):
            request = httpx.Request("GET", url, headers=headers)
            _validate(spec, request, fake.handle(request))


def test_documented_errors_match_the_spec(spec: OpenAPI) -> None:
    """401, 402, 403, 404, 422 and 429 bodies match the documented error schemas."""
    fake = FakeCodegenAPI(clock=ManualClock())
    auth = {"Authorization": f"Bearer {fake.api_key}"}
    base, org = fake.base_url, fake.org_id
    cases: list[tuple[str, str, dict[str, str], Any]] = [
        ("GET", f"{base}/users/me", {}, None),
        ("GET", f"{base}/organizations/{fake.foreign_org_id()}/users", auth, None),
        ("GET", f"{base}/organizations/{org}/agent/run/1", auth, None),
        ("GET", f"{base}/organizations/{org}/users/1", auth, None),
        ("GET", f"{base}/organizations/{org}/agent/runs?limit=0", auth, None),
        ("POST", f"{base}/organizations/{fake.empty_org_id()}/agent/run", auth, {"prompt": "x"}),
    ]
    for method, url, headers, body in cases:
        request = httpx.Request(method, url, headers=headers, json=body)
        _validate(spec, request, fake.handle(request))
    fake.set_run_allowance(org, 0)
    request = httpx.Request(
        "POST", f"{base}/organizations/{org}/agent/run", headers=auth, json={"prompt": "x"}
    )
    assert fake.handle(request).status_code == 402
    _validate(spec, request, fake.handle(request))
    fake.inject(Fault("rate_limit"))
    request = httpx.Request("GET", f"{base}/users/me", headers=auth)
    _validate(spec, request, fake.handle(request))
