"""client.agents_alpha: pages of a run's log, and iterating its entries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from codegen_client import CodegenClient, ManualClock
from codegen_client._exceptions import CodegenInputError
from codegen_client.testing import FakeCodegenAPI, RequestRecord
from codegen_client_generated.models.agent_run_log_response import AgentRunLogResponse
from codegen_client_generated.models.agent_run_with_logs_response import (
    AgentRunWithLogsResponse,
)
from tests.both import Clients

Sent = Callable[[str], list[RequestRecord]]
LOG_INTERVAL = 15.0  # the offline API's default: one entry per 15 clock seconds of work


@pytest.fixture
def run_id(codegen_client: CodegenClient, clock: ManualClock, org_id: int) -> int:
    """A working run with 10 log entries."""
    run = codegen_client.agents.create_agent_run(org_id, "Add a changelog")
    clock.advance(10 * LOG_INTERVAL + 1)
    return run.id


def _stamps(entries: list[AgentRunLogResponse]) -> list[str]:
    return [str(e.created_at) for e in entries]


def test_get_agent_run_logs_sends_alpha_path_and_paging(
    codegen_client: CodegenClient, org_id: int, run_id: int, sent: Sent
) -> None:
    """get_agent_run_logs GETs the /alpha logs path with skip, limit, reverse; parses the page."""
    page = codegen_client.agents_alpha.get_agent_run_logs(
        org_id, run_id, skip=2, limit=3, reverse=True
    )

    assert isinstance(page, AgentRunWithLogsResponse)
    assert (page.id, page.organization_id, page.total_logs) == (run_id, org_id, 10)
    assert len(page.logs) == 3
    assert all(isinstance(e, AgentRunLogResponse) and e.agent_run_id == run_id for e in page.logs)
    (request,) = sent("get_agent_run_logs")
    assert (request.method, request.path) == (
        "GET",
        f"/alpha/organizations/{org_id}/agent/run/{run_id}/logs",
    )
    assert request.query == {"skip": "2", "limit": "3", "reverse": "true"}


def test_iter_agent_run_logs_yields_every_entry_in_order(
    codegen_client: CodegenClient, org_id: int, run_id: int, sent: Sent
) -> None:
    """iter_agent_run_logs yields the whole log oldest first, stopping at total_logs."""
    whole = codegen_client.agents_alpha.get_agent_run_logs(org_id, run_id).logs

    entries = list(codegen_client.agents_alpha.iter_agent_run_logs(org_id, run_id, page_size=5))

    assert _stamps(entries) == _stamps(whole)
    # 10 entries in pages of 5: total_logs ends the walk without asking for an empty third page.
    assert [r.query["skip"] for r in sent("get_agent_run_logs")[1:]] == ["0", "5"]


def test_iter_agent_run_logs_max_items_and_reverse(
    codegen_client: CodegenClient, org_id: int, run_id: int, sent: Sent
) -> None:
    """iter_agent_run_logs(reverse=True, max_items=4) yields the 4 newest entries, newest first."""
    whole = codegen_client.agents_alpha.get_agent_run_logs(org_id, run_id).logs

    entries = list(
        codegen_client.agents_alpha.iter_agent_run_logs(
            org_id, run_id, reverse=True, page_size=3, max_items=4
        )
    )

    assert _stamps(entries) == _stamps(whole[::-1][:4])
    assert [(r.query["limit"], r.query["reverse"]) for r in sent("get_agent_run_logs")[1:]] == [
        ("3", "true"),
        ("1", "true"),
    ]


def test_iter_agent_run_logs_newest_first_skips_entries_pushed_down(
    codegen_client: CodegenClient, clock: ManualClock, org_id: int, run_id: int
) -> None:
    """Entries written mid-iteration shift reverse pages; each entry is still yielded once."""
    before = codegen_client.agents_alpha.get_agent_run_logs(org_id, run_id, reverse=True).logs
    walk = iter(
        codegen_client.agents_alpha.iter_agent_run_logs(org_id, run_id, reverse=True, page_size=4)
    )

    first_page = [next(walk) for _ in range(4)]
    clock.advance(2 * LOG_INTERVAL)  # two new entries on top
    rest = list(walk)

    stamps = _stamps(first_page + rest)
    assert len(stamps) == len(set(stamps))
    assert set(_stamps(before)) <= set(stamps)


def _logs_page(logs: list[dict[str, Any]], total: int | None) -> dict[str, Any]:
    return {
        "id": 5,
        "organization_id": 1,
        "status": "ACTIVE",
        "logs": logs,
        "total_logs": total,
        "page": None,
        "size": None,
        "pages": None,
    }


def _entry(n: int) -> dict[str, Any]:
    return {
        "agent_run_id": 5,
        "created_at": f"2025-06-21 11:20:{n:02d}.000000",
        "message_type": "ACTION",
        "tool_name": "bash",
        "observation": {"n": n},
    }


def test_iter_agent_run_logs_with_null_totals_stops_on_a_short_page(clients: Clients) -> None:
    """With total_logs null, iteration ends at the first page shorter than asked for."""
    entries = [_entry(n) for n in range(7)]
    asked: list[tuple[int, int]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        skip, limit = int(request.url.params["skip"]), int(request.url.params["limit"])
        asked.append((skip, limit))
        return httpx.Response(200, json=_logs_page(entries[skip : skip + limit], None))

    client = clients.new(
        api_key="sk-test", transport=httpx.MockTransport(answer), clock=ManualClock()
    )

    got = list(client.agents_alpha.iter_agent_run_logs(1, 5, page_size=3))

    assert [e.observation["n"] for e in got] == list(range(7))  # type: ignore[index]
    assert asked == [(0, 3), (3, 3), (6, 3)]


def test_iter_agent_run_logs_tells_entries_apart_by_all_fields(clients: Clients) -> None:
    """Entries differing only in a nested field are distinct; a repeat on the next page is not."""
    a, b = _entry(1), {**_entry(1), "observation": {"n": 2}}
    pages = [[a, b], [b, _entry(3)], []]

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=_logs_page(pages.pop(0), None))

    client = clients.new(
        api_key="sk-test", transport=httpx.MockTransport(answer), clock=ManualClock()
    )

    got = list(client.agents_alpha.iter_agent_run_logs(1, 5, page_size=2))

    expected = [AgentRunLogResponse.from_dict(entry).to_dict() for entry in (a, b, _entry(3))]
    assert [e.to_dict() for e in got] == expected


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [({"limit": 0}, "limit"), ({"skip": -5}, "skip"), ({"reverse": "yes"}, "reverse")],
)
def test_get_agent_run_logs_checks_arguments_before_sending(
    codegen_client: CodegenClient,
    codegen_fake_api: FakeCodegenAPI,
    org_id: int,
    kwargs: dict[str, Any],
    named: str,
) -> None:
    """get_agent_run_logs refuses a bad skip, limit or reverse before sending anything."""
    with pytest.raises(CodegenInputError, match=named):
        codegen_client.agents_alpha.get_agent_run_logs(org_id, 1, **kwargs)
    assert codegen_fake_api.requests == []
