"""Iterating list endpoints across pages."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from codegen_client import CodegenInputError, CodegenResponseError, ManualClock, Paginator
from codegen_client.testing import FakeCodegenAPI
from tests.both import Clients

from .helpers import Script


class RunList:
    """A newest-first run list that can grow while being paged."""

    def __init__(self, count: int) -> None:
        self.ids = list(range(count, 0, -1))
        self.pages_served = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        skip = int(request.url.params["skip"])
        limit = int(request.url.params["limit"])
        self.pages_served += 1
        items = [{"id": i, "organization_id": 1} for i in self.ids[skip : skip + limit]]
        total = len(self.ids)
        return httpx.Response(
            200,
            json={
                "items": items,
                "total": total,
                "page": skip // limit + 1,
                "size": limit,
                "pages": -(-total // limit),
            },
        )

    def insert_newest(self, count: int) -> None:
        top = self.ids[0] if self.ids else 0
        self.ids[:0] = list(range(top + count, top, -1))


def test_iterates_every_item_across_pages(clients: Clients) -> None:
    """250 runs come back in order over three requests of 100."""
    runs = RunList(250)
    script = Script(runs)  # type: ignore[arg-type]
    ids = [run.id for run in clients.scripted(script).agents.iter_agent_runs(org_id=1)]
    assert ids == list(range(250, 0, -1))
    assert runs.pages_served == 3


def test_iteration_is_lazy(clients: Clients) -> None:
    """Nothing is fetched until iteration starts, and only the pages consumed."""
    runs = RunList(250)
    script = Script(runs)  # type: ignore[arg-type]
    iterator = clients.scripted(script).agents.iter_agent_runs(org_id=1, page_size=50)
    assert runs.pages_served == 0
    first = iter(iterator)
    for _ in range(51):
        next(first)
    assert runs.pages_served == 2


def test_max_items_stops_early_and_asks_for_no_more_than_needed(clients: Clients) -> None:
    """max_items=30 makes one request with limit=30."""
    runs = RunList(250)
    script = Script(runs)  # type: ignore[arg-type]
    ids = [
        run.id for run in clients.scripted(script).agents.iter_agent_runs(org_id=1, max_items=30)
    ]
    assert len(ids) == 30
    assert [r.url.params["limit"] for r in script.requests] == ["30"]


def test_new_runs_during_iteration_are_not_yielded_twice_or_missed(clients: Clients) -> None:
    """Runs created mid-iteration shift later pages; each old run still comes exactly once."""
    runs = RunList(30)
    script = Script(runs)  # type: ignore[arg-type]
    seen = []
    for run in clients.scripted(script).agents.iter_agent_runs(org_id=1, page_size=10):
        seen.append(run.id)
        if len(seen) in (10, 20):
            runs.insert_newest(3)
    assert sorted(seen, reverse=True) == list(range(30, 0, -1))
    assert len(seen) == len(set(seen))


def test_stops_on_a_short_page(clients: Clients) -> None:
    """An empty organization costs one request."""
    runs = RunList(0)
    script = Script(runs)  # type: ignore[arg-type]
    assert list(clients.scripted(script).agents.iter_agent_runs(org_id=1)) == []
    assert len(script.requests) == 1


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"page_size": 0}, "page_size"),
        ({"page_size": 101}, "page_size"),
        ({"max_items": -1}, "max_items"),
    ],
)
def test_bad_paging_arguments_fail_before_any_request(
    clients: Clients, kwargs: dict[str, int], named: str
) -> None:
    """page_size outside 1..100 or a negative max_items raise at once."""
    script = Script(RunList(5))  # type: ignore[arg-type]
    with pytest.raises(CodegenInputError, match=named):
        clients.scripted(script).agents.iter_agent_runs(org_id=1, **kwargs)
    assert script.requests == []


def test_bad_filter_fails_before_any_request(clients: Clients) -> None:
    """An unknown source_type is refused by the client, naming the known values."""
    script = Script(RunList(5))  # type: ignore[arg-type]
    with pytest.raises(CodegenInputError, match="source_type must be one of"):
        list(
            clients.scripted(script).agents.iter_agent_runs(org_id=1, source_type="carrier-pigeon")
        )
    assert script.requests == []


def test_each_item_key_is_computed_once() -> None:
    """The paginator asks for an item's key once per page it reads, not once per check.

    Single-sided: it drives the sync Paginator class directly, with no client around it.
    """
    calls: list[int] = []

    def key(item: int) -> int:
        calls.append(item)
        return item

    pages = {0: [1, 2, 3], 3: [3, 4, 5], 6: []}
    paginator = Paginator(
        lambda skip, limit: pages[skip], lambda page: page, key=key, page_size=3, max_page_size=100
    )
    assert list(paginator) == [1, 2, 3, 4, 5]
    assert sorted(calls) == [1, 2, 3, 3, 4, 5]


# -- servers that misbehave, runs that keep arriving -------------------------------------------


class IgnoresSkip(RunList):
    """A server that answers the first page whatever ``skip`` asks for."""

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.pages_served += 1
        limit = int(request.url.params["limit"])
        items = [{"id": i, "organization_id": 1} for i in self.ids[:limit]]
        total = len(self.ids)
        body = {"items": items, "total": total, "page": 1, "size": limit, "pages": 3}
        return httpx.Response(200, json=body)


def test_a_server_ignoring_skip_ends_the_iteration_after_one_repeated_page(
    clients: Clients,
) -> None:
    """The first page again while total says 250: CodegenResponseError, no endless loop."""
    runs = IgnoresSkip(250)
    script = Script(runs)  # type: ignore[arg-type]
    seen = []
    with pytest.raises(CodegenResponseError, match="ignore skip"):
        for run in clients.scripted(script).agents.iter_agent_runs(org_id=1):
            seen.append(run.id)
    assert seen == list(range(250, 150, -1))
    assert runs.pages_served == 2


def inserting_client(clients: Clients, fake: FakeCodegenAPI, *counts: int) -> Any:
    """A client on ``fake`` whose transport creates ``counts[0]`` runs before the second page
    read, ``counts[1]`` before the third, and so on (the last count repeats)."""
    reads = []

    def insert(request: httpx.Request) -> None:
        if request.url.path.endswith("/agent/runs"):
            if reads:
                for _ in range(counts[min(len(reads), len(counts)) - 1]):
                    fake.add_agent_run()
            reads.append(request)

    def handle(request: httpx.Request) -> httpx.Response:
        insert(request)
        return fake.handle(request)

    async def ahandle(request: httpx.Request) -> httpx.Response:
        insert(request)
        return await fake.ahandle(request)

    transport = httpx.MockTransport(ahandle if clients.is_async else handle)
    return clients.of(fake, http_client=clients.http_client(transport=transport))


def test_runs_created_between_page_reads_are_stepped_over(clients: Clients) -> None:
    """150 new runs between two page reads (more than a page holds), then 30 more: every one
    of the 250 runs that existed is yielded exactly once, in order, and none of the new ones."""
    fake = FakeCodegenAPI(clock=ManualClock(), rate_limits=False)
    existing = [fake.add_agent_run().id for _ in range(250)]
    client = inserting_client(clients, fake, 150, 30)
    seen = [run.id for run in list(client.agents.iter_agent_runs(fake.org_id))]
    assert seen == existing[::-1]
    assert len(fake.agent_runs) > 250 + 150


def test_runs_created_between_small_page_reads_are_stepped_over(clients: Clients) -> None:
    """7 new runs before each read of 10-run pages: the 95 old runs once each, no new one."""
    fake = FakeCodegenAPI(clock=ManualClock(), rate_limits=False)
    existing = [fake.add_agent_run().id for _ in range(95)]
    client = inserting_client(clients, fake, 7)
    seen = [run.id for run in list(client.agents.iter_agent_runs(fake.org_id, page_size=10))]
    assert seen == existing[::-1]


def test_runs_created_faster_than_pages_are_read_end_the_iteration(clients: Clients) -> None:
    """150 new runs before every read of 100-run pages: a CodegenResponseError, not a loop."""
    fake = FakeCodegenAPI(clock=ManualClock(), rate_limits=False)
    for _ in range(250):
        fake.add_agent_run()
    client = inserting_client(clients, fake, 150)
    with pytest.raises(CodegenResponseError, match="cannot catch up"):
        list(client.agents.iter_agent_runs(fake.org_id))
    assert len(fake.requests_for("list_agent_runs")) == 12
