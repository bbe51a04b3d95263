"""Reading real-world bodies: absent keys, extra keys, new values, both timestamp shapes."""

from __future__ import annotations

from datetime import datetime, timezone

import httpx
import pytest

from codegen_client import parse_timestamp
from codegen_client_generated.types import Unset

from .helpers import Script


def get_run(body: dict[str, object]) -> object:
    return (
        Script(httpx.Response(200, json=body))
        .client()
        .agents.get_agent_run(
            org_id=1,
            agent_run_id=int(body["id"]),  # type: ignore[call-overload]
        )
    )


def test_absent_optional_keys_read_as_unset() -> None:
    """A June 2025 body without summary and metadata reads fine; both are unset (falsy)."""
    run = get_run({"id": 5, "organization_id": 1, "status": "COMPLETE", "result": "done"})
    assert isinstance(run.summary, Unset) and not run.summary  # type: ignore[attr-defined]
    assert isinstance(run.metadata, Unset)  # type: ignore[attr-defined]
    assert run.result == "done"  # type: ignore[attr-defined]


def test_unknown_keys_are_kept() -> None:
    """Keys the spec lacks (github_pull_requests[].state, merged) survive parsing."""
    run = get_run(
        {
            "id": 5,
            "organization_id": 1,
            "brand_new_field": 3,
            "github_pull_requests": [
                {
                    "id": 1,
                    "created_at": "2025-06-21 11:20:04.338398",
                    "state": "open",
                    "merged": False,
                }
            ],
        }
    )
    assert run.additional_properties == {"brand_new_field": 3}  # type: ignore[attr-defined]
    pr = run.github_pull_requests[0]  # type: ignore[attr-defined]
    assert pr.additional_properties == {"state": "open", "merged": False}


def test_new_enum_values_and_statuses_are_accepted() -> None:
    """A source_type or status the client has never seen is read as a plain string."""
    run = get_run({"id": 5, "organization_id": 1, "source_type": "TEAMS", "status": "THINKING"})
    assert run.source_type == "TEAMS"  # type: ignore[attr-defined]
    assert run.status == "THINKING"  # type: ignore[attr-defined]


def test_null_values_read_as_none() -> None:
    """Explicit nulls stay None."""
    run = get_run({"id": 5, "organization_id": 1, "result": None, "metadata": None})
    assert run.result is None  # type: ignore[attr-defined]
    assert run.metadata is None  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "text",
    [
        "2025-06-21 11:20:04.338398",
        "2025-06-21T11:20:04.338398Z",
        "2025-06-21T11:20:04.338398+00:00",
        "2025-06-21T13:20:04.338398+02:00",
    ],
)
def test_both_timestamp_shapes_parse_to_the_same_utc_moment(text: str) -> None:
    """The real format (space, no zone) and ISO 8601 give one aware UTC datetime."""
    assert parse_timestamp(text) == datetime(2025, 6, 21, 11, 20, 4, 338398, tzinfo=timezone.utc)


def test_garbage_timestamp_is_a_value_error() -> None:
    """A string that is no timestamp raises ValueError."""
    with pytest.raises(ValueError):
        parse_timestamp("yesterday")
