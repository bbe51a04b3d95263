"""Duplicate-free creates (issue 11): every client test runs on the sync and the async client.

The offline API plays the adversities: a run list that lags (``list_lag``), a busy organization
(``add_foreign_runs``), lost or unreadable answers (faults). All on a ManualClock.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest

from codegen_client import (
    CodegenCreateOutcomeUnknownError,
    CodegenInputError,
    CodegenLookupInconclusiveError,
    CodegenResponseError,
    CodegenServerError,
    parse_timestamp,
)
from codegen_client._agents import lookup as lookup_module
from codegen_client._agents.create_plan import (
    CLOCK_SKEW,
    IDEMPOTENCY_WINDOW,
    LOOKUP_WINDOW,
    REQUEST_ID_KEY,
    Answer,
    CreatePlan,
    RunScan,
    pending_create,
)
from codegen_client._agents.lookup import Reach
from codegen_client._async.create import AsyncCreateCalls
from codegen_client._async.create import create_once as acreate_once
from codegen_client._settings import Settings
from codegen_client._sync.create import CreateCalls, create_once
from codegen_client.testing import FakeCodegenAPI, Fault, ManualClock
from codegen_client_generated.models.agent_run_page import AgentRunPage
from tests.both import Clients


@pytest.fixture
def fake(codegen_fake_api: FakeCodegenAPI) -> FakeCodegenAPI:
    """The offline API the ``codegen_client`` fixture answers from (options: ``codegen_fake``)."""
    return codegen_fake_api


def create(client: Any, fake: FakeCodegenAPI, prompt: str = "Fix it", **kwargs: Any) -> Any:
    """Start a run in the fake's organization through ``client``."""
    return client.agents.create_agent_run(fake.org_id, prompt, **kwargs)


def run_plan(clients: Clients, client: Any, fake: FakeCodegenAPI, plan: CreatePlan) -> Any:
    """Drive ``plan`` with the client's own driver (create_once or the async create_once)."""
    from codegen_client._options import CallOptions

    body = {"prompt": "Driven", "metadata": {REQUEST_ID_KEY: plan.token}}
    if clients.is_async:
        own = client.wrapped
        calls = AsyncCreateCalls(own.agents, fake.org_id, body, CallOptions())
        return clients.loop.run_until_complete(acreate_once(calls, own.clock, plan))
    return create_once(
        CreateCalls(client.agents, fake.org_id, body, CallOptions()), client.clock, plan
    )


def my_runs(fake: FakeCodegenAPI) -> list[Any]:
    me = fake.current_user.id
    return [r for r in fake.agent_runs.values() if r.user_id == me]


def ops(fake: FakeCodegenAPI) -> list[str | None]:
    return [r.operation_id for r in fake.requests]


def token_of(run: Any) -> str:
    value = run.metadata[REQUEST_ID_KEY]
    assert isinstance(value, str)
    return value


# -- a caller's own token is an idempotency key --------------------------------------------------


def test_caller_token_repeat_returns_the_first_run(
    codegen_client: Any, fake: FakeCodegenAPI
) -> None:
    """A repeat with the caller's token, from this client or a fresh one, starts nothing."""
    first = create(codegen_client, fake, "Deploy", metadata={REQUEST_ID_KEY: "deploy-42"})
    again = create(codegen_client, fake, "Deploy", metadata={REQUEST_ID_KEY: "deploy-42"})
    with fake.client() as other_process:
        third = other_process.agents.create_agent_run(
            fake.org_id, "Deploy", metadata={REQUEST_ID_KEY: "deploy-42"}
        )
    assert first.id == again.id == third.id
    assert len(fake.requests_for("create_agent_run")) == 1
    assert [r.id for r in my_runs(fake)] == [first.id]


def test_caller_token_is_looked_up_before_the_first_post(
    codegen_client: Any, fake: FakeCodegenAPI
) -> None:
    """A caller's token is searched among the user's API runs first; a generated one is not."""
    create(codegen_client, fake, "Own", metadata={REQUEST_ID_KEY: "mine-1"})
    assert ops(fake) == ["get_current_user", "list_agent_runs", "create_agent_run"]
    query = fake.requests_for("list_agent_runs")[0].query
    assert query["user_id"] == str(fake.current_user.id)
    assert query["source_type"] == "API"
    before = len(fake.requests)
    create(codegen_client, fake, "Generated")
    assert ops(fake)[before:] == ["create_agent_run"]


def test_caller_token_repeat_finds_a_run_from_long_ago(
    codegen_client: Any, fake: FakeCodegenAPI
) -> None:
    """A repeat an hour and 250 runs later still finds the run: caller tokens have no horizon."""
    first = create(codegen_client, fake, "Old", metadata={REQUEST_ID_KEY: "nightly-7"})
    fake.clock.advance(3600)  # type: ignore[attr-defined]
    fake.add_foreign_runs(250, user_id=fake.current_user.id)
    again = create(codegen_client, fake, "Old", metadata={REQUEST_ID_KEY: "nightly-7"})
    assert again.id == first.id
    assert len(fake.requests_for("create_agent_run")) == 1


def test_caller_token_returns_the_newest_run_carrying_it(
    codegen_client: Any, fake: FakeCodegenAPI
) -> None:
    """Of several runs carrying the token (made elsewhere), the newest is returned."""
    old = fake.add_agent_run(metadata={REQUEST_ID_KEY: "dup"}, created_at=-100.0)
    new = fake.add_agent_run(metadata={REQUEST_ID_KEY: "dup"})
    found = create(codegen_client, fake, "Again", metadata={REQUEST_ID_KEY: "dup"})
    assert found.id == new.id != old.id
    assert fake.requests_for("create_agent_run") == []


def test_failed_pre_lookup_raises_and_posts_nothing(
    codegen_client: Any, fake: FakeCodegenAPI
) -> None:
    """When the look-up before the POST fails, its error is raised and nothing is posted."""
    fake.inject(Fault("status", "list_agent_runs", status=500, count=10))
    with pytest.raises(CodegenServerError):
        create(codegen_client, fake, "Nope", metadata={REQUEST_ID_KEY: "t-1"})
    assert fake.requests_for("create_agent_run") == []


def test_caller_token_pre_lookup_cut_short_posts_nothing(
    codegen_client: Any, fake: FakeCodegenAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More of the user's API runs than a look-up may read: outcome unknown, no POST."""
    monkeypatch.setattr(lookup_module, "LOOKUP_MAX_PAGES", 1)
    fake.add_foreign_runs(150, user_id=fake.current_user.id)
    with pytest.raises(CodegenCreateOutcomeUnknownError) as caught:
        create(codegen_client, fake, "Many", metadata={REQUEST_ID_KEY: "t-many"})
    assert caught.value.request_id == "t-many" and caught.value.posted is False
    assert "this call posted nothing" in str(caught.value)
    assert "idempotency window" in str(caught.value)
    assert fake.requests_for("create_agent_run") == []


# -- after an ambiguous failure: a narrow look-up -------------------------------------------------


def test_lookup_reads_only_the_users_api_runs_and_asks_users_me_once(
    codegen_client: Any, fake: FakeCodegenAPI
) -> None:
    """Look-ups filter on users/me (asked once per client) and source_type=API."""
    fake.inject(Fault("lost_response", "create_agent_run", count=2))
    fake.add_foreign_runs(5, every=0.05)  # the org's newest run is someone else's
    first = create(codegen_client, fake, "One")
    second = create(codegen_client, fake, "Two")
    assert len(my_runs(fake)) == 2 and {first.id, second.id} == {r.id for r in my_runs(fake)}
    assert len(fake.requests_for("get_current_user")) == 1
    narrow = [r.query for r in fake.requests_for("list_agent_runs") if "user_id" in r.query]
    assert narrow and all(q["source_type"] == "API" for q in narrow)
    assert all(q["user_id"] == str(fake.current_user.id) for q in narrow)


def test_busy_org_1000_foreign_runs_between_lost_answer_and_lookup(
    codegen_client: Any, fake: FakeCodegenAPI
) -> None:
    """1,000 runs of other users (and 1,000 of the user's Slack runs) do not hide the run."""
    fake.inject(Fault("lost_response", "create_agent_run"))
    fake.add_foreign_runs(1000, every=0.0001)
    fake.add_foreign_runs(1000, user_id=fake.current_user.id, every=0.0001, source_type="SLACK")
    run = create(codegen_client, fake, "Busy")
    assert [r.id for r in my_runs(fake) if r.source_type == "API"] == [run.id]
    assert len(fake.requests_for("create_agent_run")) == 1


def test_lookup_pages_until_runs_older_than_the_post(
    codegen_client: Any, fake: FakeCodegenAPI
) -> None:
    """350 of the user's own API runs started after the POST push it to page 4: still found."""
    fake.inject(Fault("lost_response", "create_agent_run"))
    fake.add_foreign_runs(350, user_id=fake.current_user.id, every=0.0001)
    run = create(codegen_client, fake, "Deep")
    assert token_of(run) == (fake.agent_runs[run.id].metadata or {})[REQUEST_ID_KEY]
    assert len(fake.requests_for("create_agent_run")) == 1
    skips = [r.query.get("skip") for r in fake.requests_for("list_agent_runs")]
    assert "300" in skips


def test_lookup_stops_at_runs_created_before_the_post(
    codegen_client: Any, fake: FakeCodegenAPI
) -> None:
    """Runs older than the POST (less the skew margin) are not read: one page per look."""
    fake.add_foreign_runs(1000, user_id=fake.current_user.id)  # the user's old runs
    fake.clock.advance(CLOCK_SKEW + 60)  # type: ignore[attr-defined]
    fake.add_foreign_runs(500, every=1.0)  # others keep the org busy: the list is fresh
    fake.inject(Fault("status", "create_agent_run", status=503))
    run = create(codegen_client, fake, "Shallow")
    narrow = [r.query for r in fake.requests_for("list_agent_runs") if "user_id" in r.query]
    assert narrow and all(q.get("skip", "0") == "0" for q in narrow)
    assert len(fake.requests_for("create_agent_run")) == 2
    assert run.id == max(r.id for r in my_runs(fake))


def test_ambiguous_failure_returns_the_newest_run_carrying_the_token(
    clients: Clients, codegen_client: Any, fake: FakeCodegenAPI
) -> None:
    """After a lost answer with two runs carrying the caller's token, the newest is returned."""
    fake.inject(Fault("lost_response", "create_agent_run"))
    plan = CreatePlan(fake.org_id, "tok-n", caller_token=False, max_retries=3)
    fake.add_agent_run(metadata={REQUEST_ID_KEY: "tok-n"}, created_at=-5.0)
    run = run_plan(clients, codegen_client, fake, plan)
    newest = max(r.id for r in fake.agent_runs.values() if (r.metadata or {}).get(REQUEST_ID_KEY))
    assert run.id == newest


class _Unreadable(httpx.MockTransport):
    """Forwards to a fake, but spoils the first create answer (empty or garbled 200)."""

    def __init__(self, fake: FakeCodegenAPI, body: bytes) -> None:
        self.spoiled = False

        def handler(request: httpx.Request) -> httpx.Response:
            response = fake.handle(request)
            if request.method == "POST" and not self.spoiled:
                self.spoiled = True
                return httpx.Response(200, content=body, headers=response.headers)
            return response

        super().__init__(handler)


@pytest.mark.parametrize("body", [b"", b"<html>ok</html>", b"null", b"{}"])
def test_unreadable_or_empty_2xx_is_ambiguous(
    clients: Clients, fake: FakeCodegenAPI, body: bytes
) -> None:
    """An empty or unreadable 200 to the POST means "maybe created": the run is looked up."""
    http = clients.http_client(transport=_Unreadable(fake, body))
    with clients.of(fake, http_client=http) as client:
        run = client.agents.create_agent_run(fake.org_id, "Spoiled")
    assert [r.id for r in my_runs(fake)] == [run.id]
    assert len(fake.requests_for("create_agent_run")) == 1


# -- a lagging run list: looked up again over the window ------------------------------------------


@pytest.mark.codegen_fake(list_lag=5.0)
def test_lagging_list_is_searched_again_until_the_run_shows(
    codegen_client: Any, fake: FakeCodegenAPI
) -> None:
    """With a list 5 s behind, the look-up repeats with backoff and finds the one run."""
    fake.inject(Fault("lost_response", "create_agent_run"))
    run = create(codegen_client, fake, "Laggy")
    assert [r.id for r in my_runs(fake)] == [run.id]
    assert len(fake.requests_for("create_agent_run")) == 1
    looks = [r.time for r in fake.requests_for("list_agent_runs") if "user_id" in r.query]
    assert len(looks) >= 3 and 5.0 <= looks[-1] <= LOOKUP_WINDOW
    gaps = [b - a for a, b in itertools.pairwise(looks)]
    assert gaps == sorted(gaps[:-1]) + gaps[-1:]  # backoff: pauses grow (the last is clamped)


@pytest.mark.codegen_fake(list_lag=60.0)
def test_list_lagging_beyond_the_window_raises_outcome_unknown(
    codegen_client: Any, fake: FakeCodegenAPI
) -> None:
    """A list 60 s behind: after the 30 s window the outcome is unknown, nothing is reposted."""
    fake.add_foreign_runs(200, every=0.5)
    fake.inject(Fault("lost_response", "create_agent_run"))
    with pytest.raises(CodegenCreateOutcomeUnknownError) as caught:
        create(codegen_client, fake, "Too laggy")
    (stored,) = my_runs(fake)
    error = caught.value
    assert error.request_id == (stored.metadata or {})[REQUEST_ID_KEY]
    assert error.org_id == fake.org_id
    assert f"find_agent_run({fake.org_id}, {error.request_id!r})" in str(error)
    assert f"codegen-client find-agent-run {fake.org_id} {error.request_id}" in str(error)
    assert len(fake.requests_for("create_agent_run")) == 1
    assert fake.now() == pytest.approx(LOOKUP_WINDOW, abs=1.0)
    fake.clock.advance(60)  # type: ignore[attr-defined]
    found = codegen_client.agents.find_agent_run(fake.org_id, error.request_id)
    assert found is not None and found.id == stored.id


@pytest.mark.codegen_fake(list_lag=60.0)
def test_lookup_window_is_a_setting_of_the_driver(
    clients: Clients, codegen_client: Any, fake: FakeCodegenAPI
) -> None:
    """With a 90 s window, a list 60 s behind is waited out and the run is found."""
    fake.inject(Fault("lost_response", "create_agent_run"))
    plan = CreatePlan(fake.org_id, "tok-w", caller_token=False, max_retries=3, window=90.0)
    run = run_plan(clients, codegen_client, fake, plan)
    assert [r.id for r in my_runs(fake)] == [run.id]
    assert 60.0 <= fake.now() <= 90.0


def test_default_window_is_30_seconds_on_settings() -> None:
    """The look-up window defaults to 30 s, on Settings too, and bad windows are refused."""
    assert LOOKUP_WINDOW == 30.0
    assert Settings("k", "u", 1.0, 0, "a", True).create_lookup_window == LOOKUP_WINDOW
    for bad in (-1, float("nan"), "15", True):
        with pytest.raises(CodegenInputError, match="look-up window"):
            CreatePlan(1, "t", caller_token=False, max_retries=0, window=bad)  # type: ignore[arg-type]


# -- post again only when absence is proven --------------------------------------------------------


def test_quiet_org_server_error_is_outcome_unknown_not_a_second_post(
    codegen_client: Any, fake: FakeCodegenAPI
) -> None:
    """With nothing else started in the org, absence cannot be proven: no second POST."""
    fake.inject(Fault("status", "create_agent_run", status=502))
    with pytest.raises(CodegenCreateOutcomeUnknownError) as caught:
        create(codegen_client, fake, "Quiet")
    assert isinstance(caught.value.__cause__, CodegenServerError)
    assert "may lag" in str(caught.value)
    assert len(fake.requests_for("create_agent_run")) == 1
    with pytest.raises(CodegenLookupInconclusiveError, match="cannot tell yet"):
        codegen_client.agents.find_agent_run(fake.org_id, caught.value.request_id)


def test_busy_org_server_error_is_posted_again_once_proven(
    codegen_client: Any, fake: FakeCodegenAPI
) -> None:
    """Another user's newer run shows the list is fresh: absence is proven, one more POST."""
    fake.add_foreign_runs(100, every=0.5)
    fake.inject(Fault("status", "create_agent_run", status=503))
    run = create(codegen_client, fake, "Busy retry")
    assert [r.id for r in my_runs(fake)] == [run.id]
    assert len(fake.requests_for("create_agent_run")) == 2


def test_timed_out_create_is_looked_up_then_posted_again(
    codegen_client: Any, fake: FakeCodegenAPI
) -> None:
    """A POST that timed out (nothing stored) is looked up, proven absent, and posted again."""
    fake.add_foreign_runs(100, every=0.5)
    fake.inject(Fault("slow", "create_agent_run", delay=3600.0))  # past the 30 s timeout
    run = create(codegen_client, fake, "Timed out")
    assert [r.id for r in my_runs(fake)] == [run.id]
    assert [r.fault for r in fake.requests_for("create_agent_run")] == ["slow", None]


def test_failing_lookups_end_in_outcome_unknown(codegen_client: Any, fake: FakeCodegenAPI) -> None:
    """Look-ups failing for the whole window: outcome unknown, its cause the look-up error."""
    fake.add_foreign_runs(100, every=0.5)
    fake.inject(Fault("lost_response", "create_agent_run"))
    fake.inject(Fault("status", "list_agent_runs", status=500, count=10_000))
    with pytest.raises(CodegenCreateOutcomeUnknownError) as caught:
        create(codegen_client, fake, "Blind")
    assert isinstance(caught.value.__cause__, CodegenServerError)
    assert "looking it up failed" in str(caught.value)
    assert len(fake.requests_for("create_agent_run")) == 1
    assert len(my_runs(fake)) == 1


def test_lookup_cut_short_ends_in_outcome_unknown(
    codegen_client: Any, fake: FakeCodegenAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More pages than a look-up may read: absence is not proven, nothing is reposted."""
    monkeypatch.setattr(lookup_module, "LOOKUP_MAX_PAGES", 2)
    fake.add_foreign_runs(100, every=0.5)
    fake.inject(Fault("status", "create_agent_run", status=503))
    fake.add_foreign_runs(300, user_id=fake.current_user.id, every=0.0001)
    with pytest.raises(CodegenCreateOutcomeUnknownError, match="runs"):
        create(codegen_client, fake, "Too many")
    assert len(fake.requests_for("create_agent_run")) == 1


# -- find_agent_run -------------------------------------------------------------------------------


def test_find_agent_run_finds_or_cannot_tell(codegen_client: Any, fake: FakeCodegenAPI) -> None:
    """find_agent_run finds a run by request id; for an id no run carries it cannot tell."""
    run = create(codegen_client, fake, "Findable", metadata={REQUEST_ID_KEY: "find-me"})
    found = codegen_client.agents.find_agent_run(fake.org_id, "find-me")
    assert found is not None and found.id == run.id
    with pytest.raises(CodegenLookupInconclusiveError) as caught:
        codegen_client.agents.find_agent_run(fake.org_id, "nobody")
    assert caught.value.searched and caught.value.request_id == "nobody"
    assert str(caught.value).startswith("cannot tell yet whether an agent run carrying")
    assert "posted" not in str(caught.value)
    before = len(fake.requests)
    with pytest.raises(CodegenInputError, match="request_id"):
        codegen_client.agents.find_agent_run(fake.org_id, "")
    with pytest.raises(CodegenInputError, match="org_id"):
        codegen_client.agents.find_agent_run(0, "find-me")
    with pytest.raises(CodegenInputError, match="org_id"):
        codegen_client.agents.create_agent_run("7", "Bad org", metadata={REQUEST_ID_KEY: "x"})
    assert len(fake.requests) == before


# -- interrupts ----------------------------------------------------------------------------------


def test_interrupt_after_the_post_names_the_request_id(
    codegen_client: Any, fake: FakeCodegenAPI
) -> None:
    """Ctrl-C (or a cancel) after the POST was sent leaves the request id on the exception."""
    fake.inject(Fault("lost_response", "create_agent_run"))
    original = fake.clock.sleep

    def interrupt(seconds: float) -> None:
        raise KeyboardInterrupt

    fake.clock.sleep = interrupt  # type: ignore[method-assign]
    try:
        with pytest.raises(KeyboardInterrupt) as caught:
            create(codegen_client, fake, "Interrupted")
    finally:
        fake.clock.sleep = original  # type: ignore[method-assign]
    pending = pending_create(caught.value)
    (stored,) = my_runs(fake)
    assert pending is not None and pending.request_id == (stored.metadata or {})[REQUEST_ID_KEY]
    assert f"find-agent-run {fake.org_id} {pending.request_id}" in pending.describe()


# -- get_agent_run answers about another run -------------------------------------------------------


class _OtherRun(httpx.MockTransport):
    """Forwards to a fake, but answers gets of run ``wrong`` with another run's id."""

    def __init__(self, fake: FakeCodegenAPI, wrong: int) -> None:
        def handler(request: httpx.Request) -> httpx.Response:
            response = fake.handle(request)
            if request.method == "GET" and request.url.path.endswith(f"/agent/run/{wrong}"):
                body = response.json()
                body["id"] = wrong + 1
                return httpx.Response(200, json=body)
            return response

        super().__init__(handler)


def test_get_answer_for_another_run_is_a_response_error(
    clients: Clients, fake: FakeCodegenAPI
) -> None:
    """A get (also inside a wait) answered with another run's id raises CodegenResponseError."""
    run = fake.add_agent_run()
    http = clients.http_client(transport=_OtherRun(fake, run.id))
    with clients.of(fake, http_client=http) as client:
        with pytest.raises(CodegenResponseError, match=str(run.id)):
            client.agents.get_agent_run(fake.org_id, run.id)
        with pytest.raises(CodegenResponseError):
            client.agents.wait_for_agent_run(fake.org_id, run.id)


# -- the scan itself (pure) ----------------------------------------------------------------------


def _page(runs: list[dict[str, Any]], total: int) -> AgentRunPage:
    return AgentRunPage.from_dict(
        {"items": runs, "total": total, "page": 1, "size": len(runs), "pages": 1}
    )


def test_scan_keeps_reading_within_the_skew_margin() -> None:
    """A run 2.5 s before the POST (server clock) is within the 3 s skew margin: it reads on.

    Single-sided: RunScan is a pure part of the create driver, fed pages directly.
    """
    date = datetime(2025, 6, 21, 12, 0, 0, tzinfo=timezone.utc)
    stamp = (date - timedelta(seconds=3.5)).strftime("%Y-%m-%d %H:%M:%S.%f")
    full = [{"id": 100 - i, "organization_id": 1, "created_at": stamp} for i in range(100)]
    scan = RunScan("t", Reach(0.0, None, IDEMPOTENCY_WINDOW))
    scan.take(Answer(_page(full, 1000), date, 0.5, 1.0))
    assert scan.more
    old = (date - timedelta(seconds=4.5)).strftime("%Y-%m-%d %H:%M:%S.%f")
    scan.take(Answer(_page([{**run, "created_at": old} for run in full], 1000), None, 1.5, 2.0))
    assert not scan.more and scan.found is None


def test_scan_without_a_date_reads_to_the_end() -> None:
    """Without a Date header there is no cutoff: old pages are read until the list ends.

    Single-sided: RunScan is a pure part of the create driver, fed pages directly.
    """
    old = "2020-01-01 00:00:00"
    full = [{"id": 100 - i, "organization_id": 1, "created_at": old} for i in range(100)]
    scan = RunScan("t", Reach(0.0, None, IDEMPOTENCY_WINDOW))
    scan.take(Answer(_page(full, 150), None, 1.0, 1.0))
    assert scan.more
    scan.take(Answer(_page(full[:50], 300), None, 1.0, 1.0))
    assert scan.more  # a short page, but the total says more: the server capped the page
    scan.take(Answer(_page(full[:50], 200), None, 1.0, 1.0))
    assert not scan.more and scan.found is None and scan.skip == 200


# -- the offline API's adversities -------------------------------------------------------------


def test_fake_list_lag_hides_new_runs_from_lists_only(clients: Clients) -> None:
    """list_lag=5: a created run is listed 5 s after its create answered; get sees it at once."""
    fake = FakeCodegenAPI(clock=ManualClock(), list_lag=5.0)
    with clients.of(fake) as client:
        run = client.agents.create_agent_run(fake.org_id, "Lagging")
        assert client.agents.get_agent_run(fake.org_id, run.id).id == run.id
        assert run.id not in [r.id for r in client.agents.list_agent_runs(fake.org_id).items]
        fake.clock.advance(4.9)  # type: ignore[attr-defined]
        assert client.agents.list_agent_runs(fake.org_id).total == 0
        fake.clock.advance(0.1)  # type: ignore[attr-defined]
        assert [r.id for r in client.agents.list_agent_runs(fake.org_id).items] == [run.id]
    with pytest.raises(ValueError, match="list_lag"):
        FakeCodegenAPI(list_lag=-1.0)


def test_fake_foreign_runs_at_once_or_at_a_pace(clients: Clients) -> None:
    """add_foreign_runs starts another user's runs now, or one every N clock seconds."""
    fake = FakeCodegenAPI(clock=ManualClock())
    burst = fake.add_foreign_runs(3)
    paced = fake.add_foreign_runs(4, every=10.0, source_type="SLACK")
    assert burst.id != fake.current_user.id and paced.id != burst.id
    with clients.of(fake) as client:
        agents = client.agents
        assert agents.list_agent_runs(fake.org_id, user_id=burst.id).total == 3
        assert agents.list_agent_runs(fake.org_id, user_id=paced.id).total == 0
        fake.clock.advance(25.0)  # type: ignore[attr-defined]
        page = agents.list_agent_runs(fake.org_id, user_id=paced.id, source_type="SLACK")
        assert page.total == 2
        stamps = [parse_timestamp(fake.timestamp(20.0)), parse_timestamp(fake.timestamp(10.0))]
        assert [r.created_at for r in page.items] == stamps
    with pytest.raises(ValueError, match="every"):
        fake.add_foreign_runs(1, every=0)


def test_fake_answers_carry_a_date_on_its_own_clock(clients: Clients) -> None:
    """Every answer has a Date header matching the fake's created_at stamps (whole seconds)."""
    fake = FakeCodegenAPI(clock=ManualClock())
    fake.clock.advance(61.7)  # type: ignore[attr-defined]
    with clients.of(fake) as client, client.capture_response() as captured:
        run = client.agents.create_agent_run(fake.org_id, "Dated")
    date = lookup_module.server_date(captured.response)
    created = lookup_module.created_at_of(run)
    assert date is not None and created is not None
    assert timedelta(0) <= created - date < timedelta(seconds=1)


def test_bench_rows_of_issue_11_meet_their_targets() -> None:
    """The soak's issue-11 rows (tiny here) count no run created twice, unknown only at 60 s."""
    from benchmarks._table import Section
    from benchmarks.soak import create_adversities

    section = Section(5, "soak")
    create_adversities(section, creates=2)
    names = [row.name for row in section.rows]
    assert any(name.startswith("list lag 60 s") for name in names)
    assert any("two processes" in name for name in names)
    assert all(row.met for row in section.rows), [(r.name, r.value) for r in section.rows]
    assert all(row.data["twice"] == 0 for row in section.rows)
    lag_60 = next(row for row in section.rows if row.name.startswith("list lag 60 s"))
    assert lag_60.data["unknown"] == 2


def test_a_window_of_zero_still_looks_once(clients: Clients) -> None:
    """create_lookup_window=0: one look right after the failure finds a listed run."""
    fake = FakeCodegenAPI(clock=ManualClock())
    fake.inject(Fault("lost_response", "create_agent_run"))
    with clients.of(fake, create_lookup_window=0) as client:
        run = client.agents.create_agent_run(fake.org_id, "No patience")
    assert [r.id for r in my_runs(fake)] == [run.id]
    assert len(fake.requests_for("list_agent_runs")) == 1
