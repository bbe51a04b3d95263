"""Reading real-world bodies: absent keys, extra keys, new values, both timestamp shapes."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import httpx
import pytest

from codegen_client import CodegenClient, parse_timestamp
from codegen_client.models import AgentRunResponse
from codegen_client.testing import FakeCodegenAPI
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


MOMENT = datetime(2025, 6, 21, 11, 20, 4, 338398, tzinfo=timezone.utc)
TIMESTAMP_SHAPES = [
    "2025-06-21 11:20:04.338398",
    "2025-06-21T11:20:04.338398Z",
    "2025-06-21T11:20:04.338398+00:00",
    "2025-06-21T13:20:04.338398+02:00",
    "2025-06-21T06:20:04.338398-05:00",
]


@pytest.mark.parametrize("text", TIMESTAMP_SHAPES)
def test_model_timestamps_are_aware_utc_datetimes(text: str) -> None:
    """A run's created_at and its pull requests' are aware UTC datetimes in every shape."""
    run = get_run(
        {
            "id": 5,
            "organization_id": 1,
            "created_at": text,
            "github_pull_requests": [{"id": 1, "created_at": text}],
        }
    )
    for moment in (run.created_at, run.github_pull_requests[0].created_at):  # type: ignore[attr-defined]
        assert isinstance(moment, datetime)
        assert moment.utcoffset() == timedelta(0)
        assert moment == MOMENT


@pytest.mark.parametrize("text", TIMESTAMP_SHAPES)
def test_log_entry_timestamps_are_aware_utc_datetimes(text: str) -> None:
    """get_agent_run_logs gives the run's and each entry's created_at as aware UTC datetimes."""
    body = {
        "id": 5,
        "organization_id": 1,
        "created_at": text,
        "logs": [{"agent_run_id": 5, "created_at": text}],
    }
    page = (
        Script(httpx.Response(200, json=body))
        .client()
        .agents_alpha.get_agent_run_logs(org_id=1, agent_run_id=5)
    )
    for moment in (page.created_at, page.logs[0].created_at):
        assert isinstance(moment, datetime)
        assert moment.utcoffset() == timedelta(0) and moment == MOMENT


def test_to_dict_gives_the_timestamp_back_as_an_iso_string() -> None:
    """to_dict() writes created_at as an ISO 8601 string with its UTC offset; it reads back."""
    run = get_run({"id": 5, "organization_id": 1, "created_at": "2025-06-21 11:20:04.338398"})
    written = run.to_dict()["created_at"]  # type: ignore[attr-defined]
    assert written == "2025-06-21T11:20:04.338398+00:00"
    assert AgentRunResponse.from_dict(run.to_dict()).created_at == MOMENT  # type: ignore[attr-defined]


def test_null_and_absent_timestamps_stay_none_and_unset() -> None:
    """created_at null reads as None and a missing created_at as UNSET, not as a datetime."""
    assert get_run({"id": 5, "organization_id": 1, "created_at": None}).created_at is None  # type: ignore[attr-defined]
    assert isinstance(get_run({"id": 5, "organization_id": 1}).created_at, Unset)  # type: ignore[attr-defined]


def test_offline_api_runs_carry_aware_utc_timestamps(
    codegen_client: CodegenClient, codegen_fake_api: FakeCodegenAPI
) -> None:
    """A run the offline API started has created_at as the aware UTC moment its body shows."""
    org_id = codegen_client.organizations.get_organizations().items[0].id
    run = codegen_client.agents.create_agent_run(org_id, "Tidy the imports")
    fetched = codegen_client.agents.get_agent_run(org_id, run.id)
    assert isinstance(fetched.created_at, datetime)
    assert fetched.created_at.tzinfo is not None
    assert fetched.created_at == parse_timestamp(codegen_fake_api.timestamp(0.0))


def test_parse_timestamp_accepts_a_model_datetime() -> None:
    """parse_timestamp(run.created_at) still works now that created_at is a datetime."""
    run = get_run({"id": 5, "organization_id": 1, "created_at": "2025-06-21T13:20:04.338398+02:00"})
    assert parse_timestamp(run.created_at) == MOMENT  # type: ignore[attr-defined]
    assert parse_timestamp(datetime(2025, 6, 21, 11, 20, 4, 338398)) == MOMENT
