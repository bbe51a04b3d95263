"""Duplicate-free creates (issue 11): every test runs on the sync and on the async client.

The offline API plays the adversities: a run list that lags (``list_lag``), a busy organization
(``add_foreign_runs``), lost or unreadable answers (faults). All on a ManualClock.
"""

from __future__ import annotations

import inspect
import itertools
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest

from codegen_client import (
    CodegenCreateOutcomeUnknownError,
    CodegenInputError,
    CodegenResponseError,
    CodegenServerError,
    parse_timestamp,
)
from codegen_client import _lifecycle_create as create_module
from codegen_client._async.create import AsyncCreateCalls
from codegen_client._async.create import create_once as acreate_once
from codegen_client._core import Settings
from codegen_client._lifecycle_create import (
    CLOCK_SKEW_MARGIN,
    LOOKUP_WINDOW,
    REQUEST_ID_KEY,
    CreatePlan,
    RunScan,
    pending_create,
)
from codegen_client._sync.create import CreateCalls, create_once
from codegen_client.testing import FakeCodegenAPI, Fault, ManualClock
from codegen_client_generated.models.agent_run_page import AgentRunPage

pytestmark = pytest.mark.anyio


class _Awaited:
    """Calls methods of a sync or an async resource alike: ``await api.agents.x(...)``."""

    def __init__(self, target: Any) -> None:
        self._target = target

    def __getattr__(self, name: str) -> Callable[..., Any]:
        method = getattr(self._target, name)

        async def call(*args: Any, **kwargs: Any) -> Any:
            result = method(*args, **kwargs)
            return await result if inspect.isawaitable(result) else result

        return call


class Api:
    """One client (sync or async) on a fake, its resources callable with ``await``."""

    def __init__(self, fake: FakeCodegenAPI, client: Any) -> None:
        self.fake = fake
        self.client = client
        self.agents = _Awaited(client.agents)

    async def create(self, prompt: str = "Fix it", **kwargs: Any) -> Any:
        return await self.agents.create_agent_run(self.fake.org_id, prompt, **kwargs)

    async def run_plan(self, plan: CreatePlan, body_prompt: str = "Driven") -> Any:
        """Drive ``plan`` with this client's own driver (create_once or acreate_once)."""
        from codegen_client._async.resources.agents import _create_body

        body, _, _ = _create_body(
            body_prompt, None, None, None, None, {REQUEST_ID_KEY: plan.token}, None
        )
        clock = self.client.clock
        if inspect.iscoroutinefunction(self.client.agents.create_agent_run):
            calls = AsyncCreateCalls(self.client.agents, self.fake.org_id, body)
            return await acreate_once(calls, clock, plan)
        return create_once(CreateCalls(self.client.agents, self.fake.org_id, body), clock, plan)


@pytest.fixture(params=["sync", "async"])
async def api(
    request: pytest.FixtureRequest, codegen_fake_api: FakeCodegenAPI, anyio_backend: object
) -> AsyncIterator[Api]:
    """A client of each kind on ``codegen_fake_api`` (options: the ``codegen_fake`` marker)."""
    del anyio_backend
    if request.param == "sync":
        with codegen_fake_api.client() as client:
            yield Api(codegen_fake_api, client)
    else:
        async with codegen_fake_api.async_client() as aclient:
            yield Api(codegen_fake_api, aclient)


def my_runs(fake: FakeCodegenAPI) -> list[Any]:
    me = fake.current_user.id
    return [r for r in fake.agent_runs.values() if r.user_id == me]


def ops(fake: FakeCodegenAPI) -> list[str | None]:
    return [r.operation_id for r in fake.requests]


def token_of(run: Any) -> str:
    value = run.metadata.to_dict()[REQUEST_ID_KEY]
    assert isinstance(value, str)
    return value


# -- a caller's own token is an idempotency key --------------------------------------------------


async def test_caller_token_repeat_returns_the_first_run(api: Api) -> None:
    """A repeat with the caller's token, from this client or a fresh one, starts nothing."""
    first = await api.create("Deploy", metadata={REQUEST_ID_KEY: "deploy-42"})
    again = await api.create("Deploy", metadata={REQUEST_ID_KEY: "deploy-42"})
    with api.fake.client() as other_process:
        third = other_process.agents.create_agent_run(
            api.fake.org_id, "Deploy", metadata={REQUEST_ID_KEY: "deploy-42"}
        )
    assert first.id == again.id == third.id
    assert len(api.fake.requests_for("create_agent_run")) == 1
    assert [r.id for r in my_runs(api.fake)] == [first.id]


async def test_caller_token_is_looked_up_before_the_first_post(api: Api) -> None:
    """A caller's token is searched among the user's API runs first; a generated one is not."""
    await api.create("Own", metadata={REQUEST_ID_KEY: "mine-1"})
    assert ops(api.fake) == ["get_current_user", "list_agent_runs", "create_agent_run"]
    query = api.fake.requests_for("list_agent_runs")[0].query
    assert query["user_id"] == str(api.fake.current_user.id)
    assert query["source_type"] == "API"
    before = len(api.fake.requests)
    await api.create("Generated")
    assert ops(api.fake)[before:] == ["create_agent_run"]


async def test_caller_token_repeat_finds_a_run_from_long_ago(api: Api) -> None:
    """A repeat an hour and 250 runs later still finds the run: caller tokens have no horizon."""
    first = await api.create("Old", metadata={REQUEST_ID_KEY: "nightly-7"})
    api.fake.clock.advance(3600)  # type: ignore[attr-defined]
    api.fake.add_foreign_runs(250, user_id=api.fake.current_user.id)
    again = await api.create("Old", metadata={REQUEST_ID_KEY: "nightly-7"})
    assert again.id == first.id
    assert len(api.fake.requests_for("create_agent_run")) == 1


async def test_caller_token_returns_the_newest_run_carrying_it(api: Api) -> None:
    """Of several runs carrying the token (made elsewhere), the newest is returned."""
    fake = api.fake
    old = fake.add_agent_run(metadata={REQUEST_ID_KEY: "dup"}, created_at=-100.0)
    new = fake.add_agent_run(metadata={REQUEST_ID_KEY: "dup"})
    found = await api.create("Again", metadata={REQUEST_ID_KEY: "dup"})
    assert found.id == new.id != old.id
    assert fake.requests_for("create_agent_run") == []


async def test_failed_pre_lookup_raises_and_posts_nothing(api: Api) -> None:
    """When the look-up before the POST fails, its error is raised and nothing is posted."""
    api.fake.inject(Fault("status", "list_agent_runs", status=500, count=10))
    with pytest.raises(CodegenServerError):
        await api.create("Nope", metadata={REQUEST_ID_KEY: "t-1"})
    assert api.fake.requests_for("create_agent_run") == []


async def test_caller_token_pre_lookup_cut_short_posts_nothing(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More of the user's API runs than a look-up may read: outcome unknown, no POST."""
    monkeypatch.setattr(create_module, "LOOKUP_MAX_PAGES", 1)
    api.fake.add_foreign_runs(150, user_id=api.fake.current_user.id)
    with pytest.raises(CodegenCreateOutcomeUnknownError) as caught:
        await api.create("Many", metadata={REQUEST_ID_KEY: "t-many"})
    assert caught.value.request_id == "t-many"
    assert api.fake.requests_for("create_agent_run") == []


# -- after an ambiguous failure: a narrow look-up -------------------------------------------------


async def test_lookup_reads_only_the_users_api_runs_and_asks_users_me_once(api: Api) -> None:
    """Look-ups filter on users/me (asked once per client) and source_type=API."""
    fake = api.fake
    fake.inject(Fault("lost_response", "create_agent_run", count=2))
    fake.add_foreign_runs(5, every=0.05)  # the org's newest run is someone else's
    first = await api.create("One")
    second = await api.create("Two")
    assert len(my_runs(fake)) == 2 and {first.id, second.id} == {r.id for r in my_runs(fake)}
    assert len(fake.requests_for("get_current_user")) == 1
    narrow = [r.query for r in fake.requests_for("list_agent_runs") if "user_id" in r.query]
    assert narrow and all(q["source_type"] == "API" for q in narrow)
    assert all(q["user_id"] == str(fake.current_user.id) for q in narrow)


async def test_busy_org_1000_foreign_runs_between_lost_answer_and_lookup(api: Api) -> None:
    """1,000 runs of other users (and 1,000 of the user's Slack runs) do not hide the run."""
    fake = api.fake
    fake.inject(Fault("lost_response", "create_agent_run"))
    fake.add_foreign_runs(1000, every=0.0001)
    fake.add_foreign_runs(1000, user_id=fake.current_user.id, every=0.0001, source_type="SLACK")
    run = await api.create("Busy")
    assert [r.id for r in my_runs(fake) if r.source_type == "API"] == [run.id]
    assert len(fake.requests_for("create_agent_run")) == 1


async def test_lookup_pages_until_runs_older_than_the_post(api: Api) -> None:
    """350 of the user's own API runs started after the POST push it to page 4: still found."""
    fake = api.fake
    fake.inject(Fault("lost_response", "create_agent_run"))
    fake.add_foreign_runs(350, user_id=fake.current_user.id, every=0.0001)
    run = await api.create("Deep")
    assert token_of(run) == (fake.agent_runs[run.id].metadata or {})[REQUEST_ID_KEY]
    assert len(fake.requests_for("create_agent_run")) == 1
    skips = [r.query.get("skip") for r in fake.requests_for("list_agent_runs")]
    assert "300" in skips


async def test_lookup_stops_at_runs_created_before_the_post(api: Api) -> None:
    """Runs older than the POST (less the skew margin) are not read: one page per look."""
    fake = api.fake
    fake.add_foreign_runs(1000, user_id=fake.current_user.id)  # the user's old runs
    fake.clock.advance(CLOCK_SKEW_MARGIN + 60)  # type: ignore[attr-defined]
    fake.add_foreign_runs(500, every=0.1)  # others keep the org busy: the list is fresh
    fake.inject(Fault("status", "create_agent_run", status=503))
    run = await api.create("Shallow")
    narrow = [r.query for r in fake.requests_for("list_agent_runs") if "user_id" in r.query]
    assert narrow and all(q.get("skip", "0") == "0" for q in narrow)
    assert len(fake.requests_for("create_agent_run")) == 2
    assert run.id == max(r.id for r in my_runs(fake))


async def test_ambiguous_failure_returns_the_newest_run_carrying_the_token(api: Api) -> None:
    """After a lost answer with two runs carrying the caller's token, the newest is returned."""
    fake = api.fake
    fake.inject(Fault("lost_response", "create_agent_run"))
    plan = CreatePlan(fake.org_id, "tok-n", caller_token=False, max_retries=3)
    fake.add_agent_run(metadata={REQUEST_ID_KEY: "tok-n"}, created_at=-5.0)
    run = await api.run_plan(plan)
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
async def test_unreadable_or_empty_2xx_is_ambiguous(
    codegen_fake_api: FakeCodegenAPI, body: bytes
) -> None:
    """An empty or unreadable 200 to the POST means "maybe created": the run is looked up."""
    fake = codegen_fake_api
    with fake.client(http_client=httpx.Client(transport=_Unreadable(fake, body))) as client:
        run = client.agents.create_agent_run(fake.org_id, "Spoiled")
    async with fake.async_client(
        http_client=httpx.AsyncClient(transport=_Unreadable(fake, body))
    ) as aclient:
        arun = await aclient.agents.create_agent_run(fake.org_id, "Spoiled too")
    assert sorted(r.id for r in my_runs(fake)) == sorted([run.id, arun.id])
    assert len(fake.requests_for("create_agent_run")) == 2


# -- a lagging run list: looked up again over the window ------------------------------------------


@pytest.mark.codegen_fake(list_lag=5.0)
async def test_lagging_list_is_searched_again_until_the_run_shows(api: Api) -> None:
    """With a list 5 s behind, the look-up repeats with backoff and finds the one run."""
    fake = api.fake
    fake.inject(Fault("lost_response", "create_agent_run"))
    run = await api.create("Laggy")
    assert [r.id for r in my_runs(fake)] == [run.id]
    assert len(fake.requests_for("create_agent_run")) == 1
    looks = [r.time for r in fake.requests_for("list_agent_runs") if "user_id" not in r.query]
    assert len(looks) >= 3 and 5.0 <= looks[-1] <= LOOKUP_WINDOW
    gaps = [b - a for a, b in itertools.pairwise(looks)]
    assert gaps == sorted(gaps[:-1]) + gaps[-1:]  # backoff: pauses grow (the last is clamped)


@pytest.mark.codegen_fake(list_lag=60.0)
async def test_list_lagging_beyond_the_window_raises_outcome_unknown(api: Api) -> None:
    """A list 60 s behind: after the 15 s window the outcome is unknown, nothing is reposted."""
    fake = api.fake
    fake.add_foreign_runs(200, every=0.5)
    fake.inject(Fault("lost_response", "create_agent_run"))
    with pytest.raises(CodegenCreateOutcomeUnknownError) as caught:
        await api.create("Too laggy")
    (stored,) = my_runs(fake)
    error = caught.value
    assert error.request_id == (stored.metadata or {})[REQUEST_ID_KEY]
    assert error.org_id == fake.org_id
    assert f"find_agent_run({fake.org_id}, {error.request_id!r})" in str(error)
    assert f"codegen-client find-agent-run {fake.org_id} {error.request_id}" in str(error)
    assert len(fake.requests_for("create_agent_run")) == 1
    assert fake.now() == pytest.approx(LOOKUP_WINDOW, abs=1.0)
    fake.clock.advance(60)  # type: ignore[attr-defined]
    found = await api.agents.find_agent_run(fake.org_id, error.request_id)
    assert found is not None and found.id == stored.id


@pytest.mark.codegen_fake(list_lag=60.0)
async def test_lookup_window_is_a_setting_of_the_driver(api: Api) -> None:
    """With a 90 s window, a list 60 s behind is waited out and the run is found."""
    fake = api.fake
    fake.inject(Fault("lost_response", "create_agent_run"))
    plan = CreatePlan(fake.org_id, "tok-w", caller_token=False, max_retries=3, window=90.0)
    run = await api.run_plan(plan)
    assert [r.id for r in my_runs(fake)] == [run.id]
    assert 60.0 <= fake.now() <= 90.0


def test_default_window_is_15_seconds_on_settings() -> None:
    """The look-up window defaults to 15 s, on Settings too, and bad windows are refused."""
    assert LOOKUP_WINDOW == 15.0
    assert Settings("k", "u", 1.0, 0, "a", True).create_lookup_window == LOOKUP_WINDOW
    for bad in (-1, float("nan"), "15", True):
        with pytest.raises(CodegenInputError, match="look-up window"):
            CreatePlan(1, "t", caller_token=False, max_retries=0, window=bad)  # type: ignore[arg-type]


# -- post again only when absence is proven --------------------------------------------------------


async def test_quiet_org_server_error_is_outcome_unknown_not_a_second_post(api: Api) -> None:
    """With nothing else started in the org, absence cannot be proven: no second POST."""
    fake = api.fake
    fake.inject(Fault("status", "create_agent_run", status=502))
    with pytest.raises(CodegenCreateOutcomeUnknownError) as caught:
        await api.create("Quiet")
    assert isinstance(caught.value.__cause__, CodegenServerError)
    assert "may lag" in str(caught.value)
    assert len(fake.requests_for("create_agent_run")) == 1
    assert await api.agents.find_agent_run(fake.org_id, caught.value.request_id) is None


async def test_busy_org_server_error_is_posted_again_once_proven(api: Api) -> None:
    """Another user's newer run shows the list is fresh: absence is proven, one more POST."""
    fake = api.fake
    fake.add_foreign_runs(100, every=0.5)
    fake.inject(Fault("status", "create_agent_run", status=503))
    run = await api.create("Busy retry")
    assert [r.id for r in my_runs(fake)] == [run.id]
    assert len(fake.requests_for("create_agent_run")) == 2


async def test_timed_out_create_is_looked_up_then_posted_again(api: Api) -> None:
    """A POST that timed out (nothing stored) is looked up, proven absent, and posted again."""
    fake = api.fake
    fake.add_foreign_runs(100, every=0.5)
    fake.inject(Fault("slow", "create_agent_run", delay=3600.0))  # past the 30 s timeout
    run = await api.create("Timed out")
    assert [r.id for r in my_runs(fake)] == [run.id]
    assert [r.fault for r in fake.requests_for("create_agent_run")] == ["slow", None]


async def test_failing_lookups_end_in_outcome_unknown(api: Api) -> None:
    """Look-ups failing for the whole window: outcome unknown, its cause the look-up error."""
    fake = api.fake
    fake.add_foreign_runs(100, every=0.5)
    fake.inject(Fault("lost_response", "create_agent_run"))
    fake.inject(Fault("status", "list_agent_runs", status=500, count=10_000))
    with pytest.raises(CodegenCreateOutcomeUnknownError) as caught:
        await api.create("Blind")
    assert isinstance(caught.value.__cause__, CodegenServerError)
    assert "looking it up failed" in str(caught.value)
    assert len(fake.requests_for("create_agent_run")) == 1
    assert len(my_runs(fake)) == 1


async def test_lookup_cut_short_ends_in_outcome_unknown(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More pages than a look-up may read: absence is not proven, nothing is reposted."""
    monkeypatch.setattr(create_module, "LOOKUP_MAX_PAGES", 2)
    fake = api.fake
    fake.add_foreign_runs(100, every=0.5)
    fake.inject(Fault("status", "create_agent_run", status=503))
    fake.add_foreign_runs(300, user_id=fake.current_user.id, every=0.0001)
    with pytest.raises(CodegenCreateOutcomeUnknownError, match="runs"):
        await api.create("Too many")
    assert len(fake.requests_for("create_agent_run")) == 1


# -- find_agent_run -------------------------------------------------------------------------------


async def test_find_agent_run_returns_the_run_or_none(api: Api) -> None:
    """find_agent_run finds a run by request id on both clients; None when none carries it."""
    run = await api.create("Findable", metadata={REQUEST_ID_KEY: "find-me"})
    found = await api.agents.find_agent_run(api.fake.org_id, "find-me")
    assert found is not None and found.id == run.id
    assert await api.agents.find_agent_run(api.fake.org_id, "nobody") is None
    before = len(api.fake.requests)
    with pytest.raises(CodegenInputError, match="request_id"):
        await api.agents.find_agent_run(api.fake.org_id, "")
    with pytest.raises(CodegenInputError, match="org_id"):
        await api.agents.find_agent_run(0, "find-me")
    with pytest.raises(CodegenInputError, match="org_id"):
        await api.agents.create_agent_run("7", "Bad org", metadata={REQUEST_ID_KEY: "x"})
    assert len(api.fake.requests) == before


# -- interrupts ----------------------------------------------------------------------------------


async def test_interrupt_after_the_post_names_the_request_id(api: Api) -> None:
    """Ctrl-C (or a cancel) after the POST was sent leaves the request id on the exception."""
    fake = api.fake
    fake.inject(Fault("lost_response", "create_agent_run"))
    original = fake.clock.sleep

    def interrupt(seconds: float) -> None:
        raise KeyboardInterrupt

    fake.clock.sleep = interrupt  # type: ignore[method-assign]
    try:
        with pytest.raises(KeyboardInterrupt) as caught:
            await api.create("Interrupted")
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


async def test_get_answer_for_another_run_is_a_response_error(
    codegen_fake_api: FakeCodegenAPI,
) -> None:
    """A get (also inside a wait) answered with another run's id raises CodegenResponseError."""
    fake = codegen_fake_api
    run = fake.add_agent_run()
    with fake.client(http_client=httpx.Client(transport=_OtherRun(fake, run.id))) as client:
        with pytest.raises(CodegenResponseError, match=str(run.id)):
            client.agents.get_agent_run(fake.org_id, run.id)
        with pytest.raises(CodegenResponseError):
            client.agents.wait_for_agent_run(fake.org_id, run.id)
    async with fake.async_client(
        http_client=httpx.AsyncClient(transport=_OtherRun(fake, run.id))
    ) as aclient:
        with pytest.raises(CodegenResponseError):
            await aclient.agents.get_agent_run(fake.org_id, run.id)
        with pytest.raises(CodegenResponseError):
            await aclient.agents.wait_for_agent_run(fake.org_id, run.id)


# -- the scan itself (pure) ----------------------------------------------------------------------


def _page(runs: list[dict[str, Any]], total: int) -> AgentRunPage:
    return AgentRunPage.from_dict(
        {"items": runs, "total": total, "page": 1, "size": len(runs), "pages": 1}
    )


def test_scan_keeps_reading_within_the_skew_margin() -> None:
    """A run 4 min before the POST (server clock) is within the margin: the scan reads on."""
    date = datetime(2025, 6, 21, 12, 0, 0, tzinfo=timezone.utc)
    stamp = (date - timedelta(minutes=4)).strftime("%Y-%m-%d %H:%M:%S.%f")
    full = [{"id": 100 - i, "organization_id": 1, "created_at": stamp} for i in range(100)]
    scan = RunScan("t", sent_at=0.0)
    scan.take(_page(full, 1000), date, now=1.0)
    assert scan.more
    old = (date - timedelta(minutes=6)).strftime("%Y-%m-%d %H:%M:%S")
    scan.take(_page([{**run, "created_at": old} for run in full], 1000), None, now=2.0)
    assert not scan.more and scan.found is None


def test_scan_without_a_date_reads_to_the_end() -> None:
    """Without a Date header there is no cutoff: old pages are read until the list ends."""
    old = "2020-01-01 00:00:00"
    full = [{"id": 100 - i, "organization_id": 1, "created_at": old} for i in range(100)]
    scan = RunScan("t", sent_at=0.0)
    scan.take(_page(full, 150), None, now=1.0)
    assert scan.more
    scan.take(_page(full[:50], 300), None, now=1.0)
    assert scan.more  # a short page, but the total says more: the server capped the page
    scan.take(_page(full[:50], 200), None, now=1.0)
    assert not scan.more and scan.found is None and scan.skip == 200


# -- the offline API's adversities -------------------------------------------------------------


def test_fake_list_lag_hides_new_runs_from_lists_only() -> None:
    """list_lag=5: a created run is listed 5 s after its create answered; get sees it at once."""
    fake = FakeCodegenAPI(clock=ManualClock(), list_lag=5.0)
    with fake.client() as client:
        run = client.agents.create_agent_run(fake.org_id, "Lagging")
        assert client.agents.get_agent_run(fake.org_id, run.id).id == run.id
        assert run.id not in [r.id for r in client.agents.list_agent_runs(fake.org_id).items]
        fake.clock.advance(4.9)  # type: ignore[attr-defined]
        assert client.agents.list_agent_runs(fake.org_id).total == 0
        fake.clock.advance(0.1)  # type: ignore[attr-defined]
        assert [r.id for r in client.agents.list_agent_runs(fake.org_id).items] == [run.id]
    with pytest.raises(ValueError, match="list_lag"):
        FakeCodegenAPI(list_lag=-1.0)


def test_fake_foreign_runs_at_once_or_at_a_pace() -> None:
    """add_foreign_runs starts another user's runs now, or one every N clock seconds."""
    fake = FakeCodegenAPI(clock=ManualClock())
    burst = fake.add_foreign_runs(3)
    paced = fake.add_foreign_runs(4, every=10.0, source_type="SLACK")
    assert burst.id != fake.current_user.id and paced.id != burst.id
    with fake.client() as client:
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


def test_fake_answers_carry_a_date_on_its_own_clock() -> None:
    """Every answer has a Date header matching the fake's created_at stamps (whole seconds)."""
    fake = FakeCodegenAPI(clock=ManualClock())
    fake.clock.advance(61.7)  # type: ignore[attr-defined]
    with fake.client() as client, client.capture_response() as captured:
        run = client.agents.create_agent_run(fake.org_id, "Dated")
    date = create_module.server_date(captured.response)
    created = create_module.created_at_of(run)
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
