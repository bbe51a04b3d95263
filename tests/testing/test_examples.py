"""The example requests cover every operation and all succeed, in order."""

from __future__ import annotations

import httpx
import pytest

from codegen_client.testing import FakeCodegenAPI, ManualClock
from codegen_client.testing._handlers import HANDLERS
from codegen_client.testing._routing import OPERATIONS, Router
from codegen_client.testing.examples import ExampleIds, example_requests


def test_every_operation_has_a_handler() -> None:
    """Each operation of the generated table is served."""
    assert set(HANDLERS) == set(OPERATIONS)


def test_examples_cover_every_operation_once() -> None:
    """There is exactly one example per operation."""
    fake = FakeCodegenAPI(clock=ManualClock())
    examples = example_requests(ExampleIds.from_fake(fake))
    assert sorted(e.operation_id for e in examples) == sorted(OPERATIONS)


@pytest.mark.parametrize("seed", [0, 1, 42])
def test_examples_succeed_and_route_to_their_operation(seed: int) -> None:
    """Every example answers 2xx and is routed to the operation it names."""
    fake = FakeCodegenAPI(seed=seed, clock=ManualClock())
    for example in example_requests(ExampleIds.from_fake(fake)):
        response = fake.handle(example.build(fake.base_url, fake.api_key))
        assert response.is_success, (example.operation_id, response.text)
        assert fake.requests[-1].operation_id == example.operation_id
        assert response.headers["content-type"] == "application/json"


def test_literal_segments_win_over_parameters() -> None:
    """POST .../agent/run/resume is resume, not a run id; GET .../agent/run/5 is get."""
    router = Router(OPERATIONS.values())
    resume = router.match("POST", "/organizations/1/agent/run/resume")
    get = router.match("GET", "/organizations/1/agent/run/5")
    assert resume is not None and resume.operation.operation_id == "resume_agent_run"
    assert get is not None and get.path_params == {"org_id": "1", "agent_run_id": "5"}


def test_response_request_is_set(fake: FakeCodegenAPI) -> None:
    """handle() answers carry their request, so raise_for_status works outside a client."""
    request = httpx.Request("GET", f"{fake.base_url}/users/me")
    assert fake.handle(request).request is request
