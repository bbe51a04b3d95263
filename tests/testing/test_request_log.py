"""The request log records what each request asked and what it got."""

from __future__ import annotations

import httpx

from codegen_client.testing import FakeCodegenAPI, Fault, ManualClock


def test_records_carry_operation_query_body_status_and_time(
    fake: FakeCodegenAPI, http: httpx.Client, clock: ManualClock
) -> None:
    """Each record names the operation, path, query, JSON body, status and clock time."""
    clock.advance(5)
    http.get(f"/organizations/{fake.org_id}/agent/runs", params={"limit": 2})
    clock.advance(1.5)
    http.post(f"/organizations/{fake.org_id}/agent/run", json={"prompt": "hello"})
    listing, create = fake.requests
    assert listing.operation_id == "list_agent_runs"
    assert listing.method == "GET"
    assert listing.path == f"/organizations/{fake.org_id}/agent/runs"
    assert listing.query == {"limit": "2"}
    assert (listing.status, listing.time, listing.fault) == (200, 5.0, None)
    assert create.operation_id == "create_agent_run"
    assert create.json == {"prompt": "hello"}
    assert (create.status, create.time) == (200, 6.5)


def test_failed_and_faulted_requests_are_recorded(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """Errors keep their status; injected faults are named."""
    fake.inject(Fault("status", status=503))
    http.get("/users/me")
    http.get("/users/me", headers={"Authorization": "Bearer nope"})
    http.get("/nowhere")
    faulted, unauthorized, unknown = fake.requests
    assert (faulted.status, faulted.fault) == (503, "status")
    assert unauthorized.status == 401
    assert (unknown.operation_id, unknown.status) == (None, 404)


def test_requests_for_counts_per_operation(fake: FakeCodegenAPI, http: httpx.Client) -> None:
    """requests_for filters the log by operation."""
    for _ in range(3):
        http.get("/users/me")
    http.get("/organizations")
    assert len(fake.requests_for("get_current_user")) == 3
    assert len(fake.requests_for("get_organizations")) == 1


def test_a_repeated_query_parameter_reads_its_last_value(
    fake: FakeCodegenAPI, http: httpx.Client
) -> None:
    """?limit=5&limit=2 is read as limit=2, as FastAPI reads it, by the handler and the log."""
    page = http.get("/organizations", params=[("limit", "5"), ("limit", "2")]).json()
    assert page["size"] == 2
    assert fake.requests[-1].query == {"limit": "2"}
