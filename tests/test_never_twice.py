"""Never twice (issue 18): each condition the offline API plays, on the sync and the async client.

Replicas that lag differently, a filtered index that lags, a ``Date`` behind ``created_at``, a
run stored after the answer timed out, other users' runs carrying the same token, heavy users,
racers in one client, answers about another run, and the recoveries the docs give. All on a
ManualClock; the client's backoff jitter is seeded.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import threading
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from codegen_client import (
    AsyncCodegenClient,
    CodegenCreateOutcomeUnknownError,
    CodegenLookupInconclusiveError,
    CodegenPermissionError,
    CodegenResponseError,
    CodegenServerError,
)
from codegen_client._agents import lookup as lookup_module
from codegen_client._agents.create_plan import REQUEST_ID_KEY, STORE_GRACE
from codegen_client._agents.ledger import ledger_of
from codegen_client.testing import FakeCodegenAPI, Fault
from tests.both import Clients

DAY = 86_400.0


@pytest.fixture(autouse=True)
def _seeded_jitter() -> Iterator[None]:
    """The client's backoff jitter draws from ``random``: seed it, so each test repeats."""
    state = random.getstate()
    random.seed(18)
    yield
    random.setstate(state)


@pytest.fixture
def fake(codegen_fake_api: FakeCodegenAPI) -> FakeCodegenAPI:
    """The offline API the ``codegen_client`` fixture answers from (options: ``codegen_fake``)."""
    return codegen_fake_api


def create(client: Any, fake: FakeCodegenAPI, token: str | None = None, **kwargs: Any) -> Any:
    """Start a run through ``client``, with the caller's ``token`` if given."""
    metadata = {REQUEST_ID_KEY: token} if token is not None else None
    return client.agents.create_agent_run(fake.org_id, "Fix it", metadata=metadata, **kwargs)


def mine(fake: FakeCodegenAPI) -> list[Any]:
    """The runs the current user started, oldest first."""
    me = fake.current_user.id
    return [run for run in fake.agent_runs.values() if run.user_id == me]


def token_of(run: Any) -> Any:
    return (run.metadata or {}).get(REQUEST_ID_KEY)


def posts(fake: FakeCodegenAPI) -> int:
    return len(fake.requests_for("create_agent_run"))


def lose_answers(fake: FakeCodegenAPI, creates: int, client: Any) -> list[Any]:
    """``creates`` creates whose answers are lost after the run was stored; their results."""
    results = []
    for _ in range(creates):
        fake.inject(Fault("lost_response", "create_agent_run"))
        results.append(create(client, fake))
    return results


def assert_each_call_got_its_one_run(fake: FakeCodegenAPI, results: list[Any]) -> None:
    """No request id on two runs, and each call that returned got the run carrying its id."""
    runs = mine(fake)
    tokens = [token_of(run) for run in runs]
    assert len(tokens) == len(set(tokens)), "a run was created twice"
    stored = {run.id: token_of(run) for run in runs}
    assert len({r.id for r in results}) == len(results)
    for result in results:
        assert stored[result.id] == result.metadata[REQUEST_ID_KEY]


# -- replicas and a lagging filtered index ------------------------------------------------------


@pytest.mark.codegen_fake(replica_lags=(30.0, 0.0), list_lag=12.0)
def test_replicas_taken_in_turn_never_make_a_second_run(
    codegen_client: Any, fake: FakeCodegenAPI
) -> None:
    """Lists served in turn by replicas 30 s apart: the current one never proves absence alone.

    The user's list keeps landing on the stale replica and the organization's on the current
    one, which shows the run carrying the token: no answer proves absence, so no second POST.
    """
    fake.add_foreign_runs(500, every=1.0)
    results = []
    for _ in range(4):
        fake.inject(Fault("lost_response", "create_agent_run"))
        with contextlib.suppress(CodegenCreateOutcomeUnknownError):
            results.append(create(codegen_client, fake))
    assert_each_call_got_its_one_run(fake, results)
    assert posts(fake) == len(mine(fake)) == 4


@pytest.mark.codegen_fake(replica_lags=(0.0, 5.0, 40.0), replica_pick="random")
def test_replicas_picked_at_random_never_make_a_second_run(
    codegen_client: Any, fake: FakeCodegenAPI
) -> None:
    """A replica picked at random per list request: lost answers and 503s, never two runs."""
    fake.add_foreign_runs(2000, every=1.0)
    results = lose_answers(fake, 4, codegen_client)
    for _ in range(4):
        fake.inject(Fault("status", "create_agent_run", status=503))
        # Unknown when no answer of one replica proved absence within the window.
        with contextlib.suppress(CodegenCreateOutcomeUnknownError):
            results.append(create(codegen_client, fake))
    assert_each_call_got_its_one_run(fake, results)
    assert len(mine(fake)) == len(results) and len(results) >= 4


@pytest.mark.codegen_fake(replica_lags=(0.0, 40.0))
def test_a_stale_replica_cannot_prove_absence_a_current_one_can(
    codegen_client: Any, fake: FakeCodegenAPI
) -> None:
    """A 503 that stored nothing: only an answer fresh past the failure proves absence."""
    fake.add_foreign_runs(500, every=1.0)
    fake.inject(Fault("status", "create_agent_run", status=503))
    run = create(codegen_client, fake)
    assert [r.id for r in mine(fake)] == [run.id] and posts(fake) == 2
    second_post = fake.requests_for("create_agent_run")[1].time
    assert second_post > STORE_GRACE  # not before the grace for late storage had passed


@pytest.mark.codegen_fake(filtered_lag=25.0)
def test_a_lagging_filtered_index_is_waited_for(codegen_client: Any, fake: FakeCodegenAPI) -> None:
    """The user's list 25 s behind the organization's: the run is found, not reposted."""
    fake.add_foreign_runs(500, every=0.5)
    results = lose_answers(fake, 3, codegen_client)
    assert_each_call_got_its_one_run(fake, results)


@pytest.mark.codegen_fake(filtered_lag=120.0)
def test_a_run_only_the_organization_list_shows_is_not_returned(
    codegen_client: Any, fake: FakeCodegenAPI
) -> None:
    """The org list shows the run, the user's list does not yet: outcome unknown, no 2nd POST."""
    fake.add_foreign_runs(500, every=1.0)
    fake.inject(Fault("lost_response", "create_agent_run"))
    with pytest.raises(
        CodegenCreateOutcomeUnknownError, match="listed in the organization"
    ) as caught:
        create(codegen_client, fake)
    assert caught.value.posted and posts(fake) == 1 and len(mine(fake)) == 1


# -- Date behind created_at, late storage -------------------------------------------------------


@pytest.mark.parametrize("offset", [-1.0, -1.5, -2.0])
def test_a_date_behind_created_at_never_makes_a_second_run(clients: Clients, offset: float) -> None:
    """Date 1 to 2 s behind created_at, a lagging list, a busy org: lost answers, 503s."""
    from codegen_client import ManualClock

    fake = FakeCodegenAPI(clock=ManualClock(), list_lag=3.0, date_offset=offset)
    fake.add_foreign_runs(3000, every=0.5)
    with clients.of(fake) as client:
        results = lose_answers(fake, 3, client)
        for _ in range(2):
            fake.inject(Fault("status", "create_agent_run", status=503))
            results.append(create(client, fake))
    assert_each_call_got_its_one_run(fake, results)
    assert len(mine(fake)) == 5


@pytest.mark.parametrize("store_after", [0.0, 5.0, STORE_GRACE - 1])
def test_a_run_stored_after_the_timeout_is_found_not_reposted(
    codegen_client: Any, fake: FakeCodegenAPI, store_after: float
) -> None:
    """The answer times out, the server stores the run seconds later: that run is returned."""
    fake.add_foreign_runs(500, every=1.0)
    fake.inject(Fault("slow", "create_agent_run", delay=3600.0, store_after=store_after))
    run = create(codegen_client, fake)
    assert [r.id for r in mine(fake)] == [run.id] and posts(fake) == 1
    assert fake.requests_for("create_agent_run")[0].fault == "slow"


def test_fake_stores_late_with_the_arrival_as_created_at(clients: Clients) -> None:
    """The offline API's late storage: invisible until stored, created_at when it arrived."""
    from codegen_client import ManualClock

    fake = FakeCodegenAPI(clock=ManualClock())
    fake.inject(Fault("slow", "create_agent_run", delay=3600.0, store_after=5.0))
    with clients.of(fake, max_retries=0, create_lookup_window=0) as client:
        with pytest.raises(CodegenCreateOutcomeUnknownError):
            create(client, fake)
        timed_out = fake.now()
        assert fake.agent_runs == {}
        fake.clock.advance(5.0)  # type: ignore[attr-defined]
        (run,) = client.agents.list_agent_runs(fake.org_id).items
    assert run.created_at.isoformat().startswith(fake.timestamp(0.0).replace(" ", "T")[:19])
    assert timed_out == pytest.approx(30.0)
    with pytest.raises(ValueError, match="store_after"):
        Fault("lost_response", store_after=1.0)


# -- other users' runs carrying the same token --------------------------------------------------


def test_another_users_run_with_the_same_token_is_never_returned(
    codegen_client: Any, fake: FakeCodegenAPI
) -> None:
    """Another user named a token the same way: the caller gets (and pays for) its own run."""
    token = "nightly-2025-06-21"
    other = fake.add_foreign_runs(3, metadata={REQUEST_ID_KEY: token})
    run = create(codegen_client, fake, token)
    assert [r.id for r in mine(fake)] == [run.id]
    assert fake.agent_runs[run.id].user_id != other.id
    again = create(codegen_client, fake, token)
    assert again.id == run.id and posts(fake) == 1


def test_after_a_lost_answer_the_org_newest_with_the_token_is_not_taken(
    codegen_client: Any, fake: FakeCodegenAPI
) -> None:
    """Others keep starting runs carrying the caller's token: the caller's own run comes back."""
    token = "nightly-2025-06-22"
    other = fake.add_foreign_runs(200, every=0.2, metadata={REQUEST_ID_KEY: token})
    fake.inject(Fault("lost_response", "create_agent_run"))
    run = create(codegen_client, fake, token)
    assert fake.agent_runs[run.id].user_id == fake.current_user.id != other.id
    assert posts(fake) == 1


def test_others_runs_with_the_token_prevent_a_proof_not_a_safe_answer(
    codegen_client: Any, fake: FakeCodegenAPI
) -> None:
    """A 503 that stored nothing while others' runs carry the token: unknown, never theirs."""
    token = "nightly-2025-06-23"
    fake.add_foreign_runs(200, every=1.0, metadata={REQUEST_ID_KEY: token})
    fake.inject(Fault("status", "create_agent_run", status=503))
    with pytest.raises(CodegenCreateOutcomeUnknownError):
        create(codegen_client, fake, token)
    assert posts(fake) == 1 and mine(fake) == []


# -- heavy users: the idempotency window bounds the look-up ------------------------------------


@pytest.mark.parametrize("history", [10_000, 30_000])
def test_a_heavy_user_creates_with_an_own_token_in_three_requests(
    clients: Clients, history: int
) -> None:
    """Thousands of older API runs, 20 inside the 24 h window: users/me, one page, the POST."""
    from codegen_client import ManualClock

    fake = FakeCodegenAPI(clock=ManualClock())
    me = fake.current_user.id
    fake.add_foreign_runs(history, user_id=me, ago=(365 * DAY, 2 * DAY))
    fake.add_foreign_runs(20, user_id=me, ago=(20 * 3600.0, 60.0))
    with clients.of(fake) as client:
        run = create(client, fake, "deploy-heavy-1")
        assert [r.operation_id for r in fake.requests] == [
            "get_current_user",
            "list_agent_runs",
            "create_agent_run",
        ]
        found = client.agents.find_agent_run(fake.org_id, "deploy-heavy-1")
        assert found is not None and found.id == run.id
    with fake.client() as other:  # another process: searches the window, not the history
        before = len(fake.requests)
        found = other.agents.find_agent_run(fake.org_id, "deploy-heavy-1")
        assert found is not None and found.id == run.id
        assert len(fake.requests) - before == 2


def test_a_token_older_than_the_window_starts_a_new_run(
    codegen_client: Any, fake: FakeCodegenAPI
) -> None:
    """A run carrying the token 23 h ago is returned; one from 25 h ago no longer counts."""
    recent = fake.add_agent_run(metadata={REQUEST_ID_KEY: "weekly-a"}, created_at=-23 * 3600.0)
    fake.add_agent_run(metadata={REQUEST_ID_KEY: "weekly-b"}, created_at=-25 * 3600.0)
    assert create(codegen_client, fake, "weekly-a").id == recent.id
    assert posts(fake) == 0
    fresh = create(codegen_client, fake, "weekly-b")
    assert posts(fake) == 1 and token_of(fake.agent_runs[fresh.id]) == "weekly-b"


def test_the_idempotency_window_is_the_clients_setting(clients: Clients) -> None:
    """With a one-hour window, a run carrying the token two hours ago does not count."""
    from codegen_client import ManualClock

    fake = FakeCodegenAPI(clock=ManualClock())
    fake.add_agent_run(metadata={REQUEST_ID_KEY: "hourly"}, created_at=-7200.0)
    with clients.of(fake, idempotency_window=3600) as client:
        create(client, fake, "hourly")
    assert posts(fake) == 1


# -- racers in one client ---------------------------------------------------------------------


RACERS = 8


def _race(
    clients: Clients, fake: FakeCodegenAPI, token: str, *, interrupt: bool = False
) -> list[Any]:
    """``RACERS`` creates with one token on one client, at once (threads or tasks).

    The first POST is held until every other create has joined its flight, so they overlap
    for sure; with ``interrupt`` it is then interrupted (Ctrl-C in a thread, a cancelled task)
    instead of reaching the API. Each result is a run or the exception the create raised.
    """
    if clients.is_async:
        return _race_tasks(fake, token, interrupt=interrupt)
    holder: dict[str, Any] = {}

    def handle(request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and not holder.get("held"):
            holder["held"] = True
            ledger = ledger_of(holder["client"]._core)
            with ledger.joined:
                flight = ledger._flights[(fake.org_id, token)]
                joined = ledger.joined.wait_for(lambda: flight.followers == RACERS - 1, 30)
            assert joined, "the other creates never joined"
            if interrupt:
                raise KeyboardInterrupt
        return fake.handle(request)

    http = httpx.Client(transport=httpx.MockTransport(handle))
    results: list[Any] = [None] * RACERS
    with fake.client(http_client=http) as client:
        holder["client"] = client

        def one(index: int) -> None:
            try:
                results[index] = create(client, fake, token)
            except BaseException as error:  # the test inspects it (a Ctrl-C too)
                results[index] = error

        threads = [threading.Thread(target=one, args=(i,)) for i in range(RACERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    http.close()
    return results


def _race_tasks(fake: FakeCodegenAPI, token: str, *, interrupt: bool) -> list[Any]:
    holder: dict[str, AsyncCodegenClient] = {}
    held: list[bool] = []

    async def handle(request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and not held:
            held.append(True)
            flight = ledger_of(holder["client"]._core).flight(fake.org_id, token)
            for _ in range(10_000):
                if flight is not None and flight.followers == RACERS - 1:
                    break
                await asyncio.sleep(0)
            else:
                raise AssertionError("the other creates never joined")
            if interrupt:
                raise asyncio.CancelledError
        return await fake.ahandle(request)

    async def main() -> list[Any]:
        http = httpx.AsyncClient(transport=httpx.MockTransport(handle))
        async with fake.async_client(http_client=http) as client:
            holder["client"] = client
            calls = [
                client.agents.create_agent_run(
                    fake.org_id, "Fix it", metadata={REQUEST_ID_KEY: token}
                )
                for _ in range(RACERS)
            ]
            results = await asyncio.gather(*calls, return_exceptions=True)
        await http.aclose()
        return list(results)

    return asyncio.run(main())


def test_racers_with_one_token_send_one_post(clients: Clients, fake: FakeCodegenAPI) -> None:
    """Eight threads (or tasks) sharing a client, one token: one POST, all get its run."""
    results = _race(clients, fake, "race-1")
    assert posts(fake) == 1
    assert len({run.id for run in results}) == 1
    assert [r.id for r in mine(fake)] == [results[0].id]
    # The followers sent nothing: no look-up, no get of the run.
    assert [r.operation_id for r in fake.requests] == [
        "get_current_user",
        "list_agent_runs",
        "create_agent_run",
    ]


@pytest.mark.codegen_fake(list_lag=120.0)
def test_racers_share_the_leaders_outcome_unknown(clients: Clients, fake: FakeCodegenAPI) -> None:
    """The leader's answer is lost behind a lagging list: every racer raises, one POST in all."""
    fake.inject(Fault("lost_response", "create_agent_run"))
    results = _race(clients, fake, "race-2")
    assert all(isinstance(r, CodegenCreateOutcomeUnknownError) for r in results), results
    assert posts(fake) == 1 and len(mine(fake)) == 1


def test_an_interrupted_leader_hands_over_without_a_blind_post(
    clients: Clients, fake: FakeCodegenAPI
) -> None:
    """The leader is interrupted mid-POST: another racer takes over and posts only on proof."""
    fake.add_foreign_runs(500, every=1.0)
    results = _race(clients, fake, "race-3", interrupt=True)
    interrupted = [r for r in results if isinstance(r, (KeyboardInterrupt, asyncio.CancelledError))]
    runs = [r for r in results if not isinstance(r, BaseException)]
    assert len(interrupted) == 1 and len(runs) == RACERS - 1
    assert len({run.id for run in runs}) == 1 and [r.id for r in mine(fake)] == [runs[0].id]
    (post,) = fake.requests_for("create_agent_run")  # the interrupted one never arrived
    assert post.time > STORE_GRACE  # posted once absence was proven, not blindly


def test_the_ledger_forgets_postings_older_than_the_window() -> None:
    """A client's record of its POSTs keeps ids for the idempotency window only.

    Single-sided: the ledger is shared by both clients' drivers and holds no I/O.
    """
    from codegen_client._agents.ledger import CreateLedger

    ledger = CreateLedger()
    ledger.posting(1, "old", now=0.0, window=10.0).sending(0.0)
    ledger.posting(1, "new", now=5.0, window=10.0)
    assert ledger.known(1, "old") is not None
    ledger.posting(1, "newer", now=11.0, window=10.0)
    assert ledger.known(1, "old") is None and ledger.known(1, "new") is not None
    assert ledger.known(2, "new") is None


# -- answers about another run -----------------------------------------------------------------


def _rewriting(fake: FakeCodegenAPI, method: str, change: Callable[[dict[str, Any]], None]) -> Any:
    """A transport that answers from ``fake`` but rewrites the first ``method`` answer's body."""
    done: list[bool] = []

    def handle(request: httpx.Request) -> httpx.Response:
        response = fake.handle(request)
        if request.method == method and not done:
            done.append(True)
            body = response.json()
            change(body)
            return httpx.Response(200, json=body, headers={"date": response.headers["date"]})
        return response

    return httpx.MockTransport(handle)


@pytest.mark.parametrize(
    "change",
    [
        lambda body: body.update(id=999, metadata={}),
        lambda body: body.update(id=-5),
        lambda body: body.update(id=0),
        lambda body: body.pop("metadata"),
        lambda body: body["metadata"].update({REQUEST_ID_KEY: "someone-else"}),
    ],
    ids=["another-run", "negative-id", "zero-id", "no-metadata", "other-token"],
)
def test_a_create_answer_about_another_run_is_looked_up(
    clients: Clients, fake: FakeCodegenAPI, change: Callable[[dict[str, Any]], None]
) -> None:
    """An answer for another run, without the token, or with a bad id: the look-up decides."""
    http = clients.http_client(transport=_rewriting(fake, "POST", change))
    with clients.of(fake, http_client=http) as client:
        run = create(client, fake)
    (stored,) = mine(fake)
    assert run.id == stored.id and run.id > 0 and posts(fake) == 1
    assert run.metadata[REQUEST_ID_KEY] == token_of(stored)


def test_a_resume_answer_about_another_run_is_a_response_error(
    clients: Clients, fake: FakeCodegenAPI
) -> None:
    """resume_agent_run answered with another run's id raises CodegenResponseError."""
    paused = fake.add_agent_run(status="PAUSED")
    http = clients.http_client(transport=_rewriting(fake, "POST", lambda b: b.update(id=7)))
    with (
        clients.of(fake, http_client=http) as client,
        pytest.raises(CodegenResponseError, match=str(paused.id)),
    ):
        client.agents.resume_agent_run(fake.org_id, paused.id, "Go on")


# -- find_agent_run: found, proven absent, cannot tell yet -------------------------------------


def test_find_proves_absence_once_a_fresh_answer_shows_it(
    codegen_client: Any, fake: FakeCodegenAPI
) -> None:
    """A quiet org's 503: unknown; once others start runs, find proves absence (None)."""
    fake.inject(Fault("status", "create_agent_run", status=503))
    with pytest.raises(CodegenCreateOutcomeUnknownError) as caught:
        create(codegen_client, fake)
    token = caught.value.request_id
    with pytest.raises(CodegenLookupInconclusiveError, match="cannot tell yet") as early:
        codegen_client.agents.find_agent_run(fake.org_id, token)
    assert early.value.searched
    fake.add_foreign_runs(30, every=1.0)
    fake.clock.advance(20.0)  # type: ignore[attr-defined]
    assert codegen_client.agents.find_agent_run(fake.org_id, token) is None
    # Proven: repeating the create with that request id now posts, once.
    run = create(codegen_client, fake, token)
    assert posts(fake) == 2 and [r.id for r in mine(fake)] == [run.id]


def test_find_could_not_search_says_so(
    codegen_client: Any, fake: FakeCodegenAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More of the user's runs in the window than a search reads: "could not search"."""
    monkeypatch.setattr(lookup_module, "LOOKUP_MAX_PAGES", 1)
    fake.add_foreign_runs(150, user_id=fake.current_user.id)
    with pytest.raises(CodegenLookupInconclusiveError) as caught:
        codegen_client.agents.find_agent_run(fake.org_id, "t-many")
    assert not caught.value.searched
    assert str(caught.value).startswith("could not search whether")
    assert "posted" not in str(caught.value)


# -- the documented way out --------------------------------------------------------------------


@pytest.mark.codegen_fake(list_lag=120.0)
def test_repeating_with_the_errors_request_id_never_posts_twice(
    codegen_client: Any, fake: FakeCodegenAPI
) -> None:
    """The recipe: repeat with the error's id (this client or another): no POST until shown."""
    fake.inject(Fault("lost_response", "create_agent_run"))
    with pytest.raises(CodegenCreateOutcomeUnknownError) as caught:
        create(codegen_client, fake)
    token = caught.value.request_id
    assert "repeating the create with" in str(caught.value) and "on any client" in str(caught.value)
    with pytest.raises(CodegenLookupInconclusiveError):
        codegen_client.agents.find_agent_run(fake.org_id, token)
    with pytest.raises(CodegenCreateOutcomeUnknownError) as again:
        create(codegen_client, fake, token)
    assert not again.value.posted and "this call posted nothing" in str(again.value)
    with fake.client() as other_process, pytest.raises(CodegenCreateOutcomeUnknownError):
        create(other_process, fake, token)
    assert posts(fake) == 1
    fake.clock.advance(120.0)  # type: ignore[attr-defined]
    (stored,) = mine(fake)
    assert create(codegen_client, fake, token).id == stored.id
    with fake.client() as other_process:
        assert create(other_process, fake, token).id == stored.id
    assert posts(fake) == 1


@pytest.mark.codegen_fake(list_lag=120.0)
def test_an_own_token_repeated_on_the_same_client_waits_for_proof(
    codegen_client: Any, fake: FakeCodegenAPI
) -> None:
    """An own token whose create ended unknown: the same client does not post it again."""
    fake.inject(Fault("lost_response", "create_agent_run"))
    with pytest.raises(CodegenCreateOutcomeUnknownError) as caught:
        create(codegen_client, fake, "deploy-7")
    assert "on this same client" in str(caught.value)
    with pytest.raises(CodegenCreateOutcomeUnknownError):
        create(codegen_client, fake, "deploy-7")
    assert posts(fake) == 1


@pytest.mark.codegen_fake(list_lag=5.0)
def test_a_repeat_while_the_list_lags_returns_the_answered_run(
    codegen_client: Any, fake: FakeCodegenAPI
) -> None:
    """A repeat on the same client before the list shows the run: read by its id, no POST."""
    first = create(codegen_client, fake, "deploy-8")
    again = create(codegen_client, fake, "deploy-8")
    assert again.id == first.id and posts(fake) == 1
    assert fake.requests[-1].operation_id == "get_agent_run"
    assert codegen_client.agents.find_agent_run(fake.org_id, "deploy-8").id == first.id


def test_no_retry_left_raises_the_posts_error_and_find_answers_none(
    clients: Clients, fake: FakeCodegenAPI
) -> None:
    """A 503 proven to have made nothing, with no retry left: its error; find answers None."""
    fake.add_foreign_runs(500, every=1.0)
    fake.inject(Fault("status", "create_agent_run", status=503))
    with clients.of(fake, max_retries=0) as client:
        with pytest.raises(CodegenServerError):
            create(client, fake, "deploy-9")
        assert client.agents.find_agent_run(fake.org_id, "deploy-9") is None
    assert mine(fake) == [] and posts(fake) == 1


# -- the offline API's new conditions ---------------------------------------------------------


def test_fake_conditions_are_checked() -> None:
    """Bad replica lags, picks, filtered lags, Date offsets and histories are refused."""
    with pytest.raises(ValueError, match="replica_lags"):
        FakeCodegenAPI(replica_lags=(-1.0,))
    with pytest.raises(ValueError, match="replica_pick"):
        FakeCodegenAPI(replica_pick="nearest")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="filtered_lag"):
        FakeCodegenAPI(filtered_lag=float("nan"))
    with pytest.raises(ValueError, match="date_offset"):
        FakeCodegenAPI(date_offset=float("inf"))
    fake = FakeCodegenAPI()
    with pytest.raises(ValueError, match="ago"):
        fake.add_foreign_runs(3, ago=(10.0, 20.0))
    with pytest.raises(ValueError, match="not both"):
        fake.add_foreign_runs(3, ago=(20.0, 10.0), every=1.0)


def test_fake_replicas_lag_per_request(clients: Clients) -> None:
    """With replicas 0 s and 10 s behind taken in turn, list answers alternate; get sees all."""
    from codegen_client import ManualClock

    fake = FakeCodegenAPI(clock=ManualClock(), replica_lags=(0.0, 10.0), filtered_lag=3.0)
    with clients.of(fake) as client:
        run = client.agents.create_agent_run(fake.org_id, "Replicated")
        agents = client.agents
        assert [agents.list_agent_runs(fake.org_id).total for _ in range(2)] == [1, 0]
        me = fake.current_user.id
        assert agents.list_agent_runs(fake.org_id, user_id=me).total == 0  # 0 s + 3 s filtered
        fake.clock.advance(3.0)  # type: ignore[attr-defined]
        assert agents.list_agent_runs(fake.org_id, user_id=me).total == 0  # 10 s + 3 s
        assert agents.list_agent_runs(fake.org_id, user_id=me).total == 1  # 0 s + 3 s
        assert agents.get_agent_run(fake.org_id, run.id).id == run.id


def test_fake_date_offset_moves_the_date_header(clients: Clients) -> None:
    """date_offset=-2 puts every Date header 2 s behind the clock created_at follows."""
    from codegen_client import ManualClock

    fake = FakeCodegenAPI(clock=ManualClock(), date_offset=-2.0)
    fake.clock.advance(10.0)  # type: ignore[attr-defined]
    with clients.of(fake) as client, client.capture_response() as captured:
        run = client.agents.create_agent_run(fake.org_id, "Dated")
    date = lookup_module.server_date(captured.response)
    created = lookup_module.created_at_of(run)
    assert date is not None and created is not None
    assert (created - date).total_seconds() == pytest.approx(2.0)


def test_fake_history_is_listed_newest_first(clients: Clients) -> None:
    """add_foreign_runs(ago=...) spreads a history in the past; lists stay newest first."""
    from codegen_client import ManualClock

    fake = FakeCodegenAPI(clock=ManualClock())
    me = fake.current_user.id
    fake.add_foreign_runs(5, user_id=me, ago=(100.0, 60.0))
    fake.add_foreign_runs(3, user_id=me, ago=(1000.0, 500.0))
    with clients.of(fake) as client:
        page = client.agents.list_agent_runs(fake.org_id, user_id=me)
    stamps = [run.created_at for run in page.items]
    assert len(stamps) == 8 and stamps == sorted(stamps, reverse=True)


def test_find_that_cannot_finish_its_search_says_so(
    codegen_client: Any, fake: FakeCodegenAPI
) -> None:
    """Look-ups failing (5xx after retries): "could not search", the failure as __cause__."""
    fake.inject(Fault("status", "list_agent_runs", status=503, count=10))
    with pytest.raises(CodegenLookupInconclusiveError) as caught:
        codegen_client.agents.find_agent_run(fake.org_id, "deploy-10")
    assert not caught.value.searched and str(caught.value).startswith("could not search")
    assert isinstance(caught.value.__cause__, CodegenServerError)
    fake.clear_faults()
    with pytest.raises(CodegenPermissionError):  # a refusal is raised as it is
        codegen_client.agents.find_agent_run(fake.foreign_org_id(), "deploy-10")


@pytest.mark.codegen_fake(list_lag=120.0)
def test_a_with_options_client_shares_the_ledger(codegen_client: Any, fake: FakeCodegenAPI) -> None:
    """A client made by with_options is the same client to the API: its repeat does not post."""
    fake.inject(Fault("lost_response", "create_agent_run"))
    with pytest.raises(CodegenCreateOutcomeUnknownError) as caught:
        create(codegen_client, fake, "deploy-11")
    with pytest.raises(CodegenCreateOutcomeUnknownError, match="this call posted nothing"):
        create(codegen_client.with_options(timeout=5), fake, "deploy-11")
    assert caught.value.posted and posts(fake) == 1
