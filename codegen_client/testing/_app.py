"""FakeCodegenAPI: the offline, stateful Codegen API, in-process."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import httpx

from codegen_client._clock import Clock, SystemClock
from codegen_client.testing._dispatch import BASE_PATH, Dispatcher
from codegen_client.testing._faults import FAULT_KINDS, Fault, FaultKind
from codegen_client.testing._records import RequestRecord
from codegen_client.testing._replicas import ReplicaPick, check_lag
from codegen_client.testing._runs import AgentRun, RunBook, RunOutcome
from codegen_client.testing._state import Organization, Repository, State, User, build_state
from codegen_client.testing._time import FakeTime
from codegen_client.testing._transports import AsyncFakeTransport, FakeTransport

if TYPE_CHECKING:
    from codegen_client import AsyncCodegenClient, CodegenClient

__all__ = ["DEFAULT_API_KEY", "FakeCodegenAPI"]

DEFAULT_API_KEY = "sk-fake-00000000-0000-4000-8000-000000000000"
"""The key of the seeded current user when none is given (a fixed value, known to be fake)."""


class FakeCodegenAPI:
    """A faithful, stateful, in-memory Codegen API for tests, demos and offline work.

    Each operation of the spec answers with the documented shapes, auth (401/403), validation (422),
    paging, rate limits (429) and agent runs that move from ACTIVE to their end status as
    the injected clock advances. Faults can be injected per operation.

    Args:
        seed: Seed of every generated id, name and text.
        api_key: Bearer token of the seeded current user.
        run_duration: Clock seconds a run works before it completes.
        clock: Source of time (default [`SystemClock`][codegen_client.SystemClock]); use
            [`ManualClock`][codegen_client.ManualClock] in tests.
        rate_limits: Enforce the documented per-operation limits.
        log_interval: Clock seconds between two log entries of a working run.
        org_id: Id (any positive int) of the current user's main organization, e.g. 123 to match
            documentation examples; None draws it from the seed like every other id.
        list_lag: Seconds (of the clock) after a run was stored (its create answered) before
            it shows in ``list_agent_runs``, as a lagging replica would, whoever started it;
            ``get_agent_run`` sees it at once. 0 (the default) lists it at once.
        replica_lags: Replicas answering list requests, each this many seconds further
            behind (on top of ``list_lag``); each request is answered by one of them, in turn
            (``replica_pick="cycle"``) or at random (``"random"``, seeded). Empty (the
            default): one list, as current as ``list_lag`` allows.
        replica_pick: ``"cycle"`` or ``"random"``.
        filtered_lag: Seconds a list filtered by ``user_id`` or ``source_type`` lags further
            (an index updated late).
        date_offset: Seconds added to every ``Date`` header (negative: the clock that stamps
            answers runs behind the one that stamps ``created_at``).

    Examples:
        >>> from codegen_client.testing import FakeCodegenAPI, ManualClock
        >>> fake = FakeCodegenAPI(clock=ManualClock())
        >>> http = httpx.Client(transport=fake.transport(), base_url=fake.base_url)
        >>> me = http.get("/users/me", headers={"Authorization": f"Bearer {fake.api_key}"})
        >>> me.json()["id"] == fake.current_user.id
        True

    """

    base_url = "https://api.codegen.com" + BASE_PATH

    def __init__(
        self,
        *,
        seed: int = 0,
        api_key: str = DEFAULT_API_KEY,
        run_duration: float = 600.0,
        clock: Clock | None = None,
        rate_limits: bool = True,
        log_interval: float = 15.0,
        org_id: int | None = None,
        list_lag: float = 0.0,
        replica_lags: Sequence[float] = (),
        replica_pick: ReplicaPick = "cycle",
        filtered_lag: float = 0.0,
        date_offset: float = 0.0,
    ) -> None:
        self.seed = seed
        self.api_key = api_key
        self.clock: Clock = clock if clock is not None else SystemClock()
        self._time = FakeTime(self.clock, seed)
        if org_id is not None and (isinstance(org_id, bool) or not org_id > 0):
            # Seeded organizations draw their ids around it, so any positive id is free.
            raise ValueError(f"org_id must be a positive integer, got {org_id!r}")
        self.state: State = build_state(seed, api_key, org_id)
        first_run_id = 100_000 + self.state.rng.randint(0, 899_999)
        self.runs = RunBook(seed, self._time, run_duration, log_interval, first_run_id)
        self.list_lag = list_lag
        self.set_replicas(replica_lags, replica_pick)
        self.filtered_lag = filtered_lag
        self._dispatch = Dispatcher(self.state, self.runs, self._time, rate_limits)
        self.date_offset = date_offset

    def __repr__(self) -> str:
        return (
            f"FakeCodegenAPI(seed={self.seed!r}, runs={len(self.runs.runs)}, "
            f"requests={len(self.requests)}, clock={self.clock!r})"
        )

    # -- time and settings -------------------------------------------------------------------

    def now(self) -> float:
        """Return fake seconds since the fake was made (what run lifecycles follow)."""
        return self._time.now()

    def http_date(self) -> str:
        """Return the ``Date`` header the fake stamps on an answer now (whole seconds, GMT)."""
        return self._time.http_date(self.now())

    def timestamp(self, seconds: float | None = None) -> str:
        """Format fake time ``seconds`` (default: now) as bodies show ``created_at``."""
        return self._time.stamp(self.now() if seconds is None else seconds)

    @property
    def run_duration(self) -> float:
        """Clock seconds a run works before it completes (default outcome)."""
        return self.runs.run_duration

    @run_duration.setter
    def run_duration(self, seconds: float) -> None:
        self.runs.run_duration = seconds

    @property
    def list_lag(self) -> float:
        """Seconds after a run started (its create answered) before run lists show it."""
        return self.runs.list_lag

    @list_lag.setter
    def list_lag(self, seconds: float) -> None:
        self.runs.list_lag = check_lag("list_lag", seconds)

    def set_replicas(self, lags: Sequence[float], pick: ReplicaPick = "cycle") -> None:
        """Answer list requests from replicas that lag by ``lags`` seconds each.

        Args:
            lags: One lag per replica (empty: no replicas).
            pick: ``"cycle"`` takes them in turn, ``"random"`` at random (seeded).

        Raises:
            ValueError: A lag is not a number of seconds >= 0, or ``pick`` is unknown.

        """
        self.runs.replicas.configure(lags, pick)

    @property
    def filtered_lag(self) -> float:
        """Seconds a list filtered by user or source lags further (a late index)."""
        return self.runs.replicas.filtered_lag

    @filtered_lag.setter
    def filtered_lag(self, seconds: float) -> None:
        self.runs.replicas.filtered_lag = check_lag("filtered_lag", seconds)

    @property
    def date_offset(self) -> float:
        """Seconds added to every ``Date`` header (negative: behind ``created_at``)."""
        return self._dispatch.date_offset

    @date_offset.setter
    def date_offset(self, seconds: float) -> None:
        if (
            isinstance(seconds, bool)
            or not isinstance(seconds, (int, float))
            or not math.isfinite(seconds)
        ):
            raise ValueError(f"date_offset must be a finite number of seconds, got {seconds!r}")
        self._dispatch.date_offset = float(seconds)

    @property
    def rate_limits(self) -> bool:
        """Whether the documented rate limits are enforced."""
        return self._dispatch.rate_limits

    @rate_limits.setter
    def rate_limits(self, enabled: bool) -> None:
        self._dispatch.rate_limits = enabled

    def reset_rate_limits(self) -> None:
        """Forget every request counted against the rate limits."""
        with self._dispatch.lock:
            self._dispatch.limiter.reset()

    # -- state ---------------------------------------------------------------------------------

    @property
    def current_user(self) -> User:
        """Return the user ``api_key`` authenticates as."""
        return self.state.users[self.state.tokens[self.api_key]]

    @property
    def users(self) -> dict[int, User]:
        """Return every user by id."""
        return self.state.users

    @property
    def organizations(self) -> dict[int, Organization]:
        """Return every organization by id (the current user is not in all of them)."""
        return self.state.organizations

    @property
    def repositories(self) -> dict[int, Repository]:
        """Return every repository by id."""
        return self.state.repositories

    @property
    def agent_runs(self) -> dict[int, AgentRun]:
        """Return every agent run by id."""
        return self.runs.runs

    @property
    def org_id(self) -> int:
        """Return the id of the current user's main organization (it has repositories)."""
        return self.member_org_ids()[0]

    def member_org_ids(self) -> list[int]:
        """Return the ids of the organizations the current user belongs to."""
        me = self.current_user.id
        return [org.id for org in self.state.organizations.values() if me in org.members]

    def foreign_org_id(self) -> int:
        """Return the id of an organization the current user is not in (answers 403)."""
        me = self.current_user.id
        return next(o.id for o in self.state.organizations.values() if me not in o.members)

    def empty_org_id(self) -> int:
        """Return the id of the current user's organization that has no repositories."""
        return next(i for i in self.member_org_ids() if not self.organizations[i].repositories)

    def add_user(self, org_id: int | None = None, role: str = "MEMBER") -> User:
        """Create a user, a member of ``org_id`` (default: the main organization).

        Args:
            org_id: Organization to join.
            role: ``ADMIN``, ``MANAGER`` or ``MEMBER``.

        Returns:
            The new user.

        """
        with self._dispatch.lock:
            user = self.state.add_user()
            self.state.add_member(self.organizations[org_id or self.org_id], user, role)
            return user

    def add_token(self, user_id: int | None = None, token: str | None = None) -> str:
        """Issue a bearer token for a user (default: a new member of the main organization).

        Args:
            user_id: The user it authenticates as.
            token: The token text (default: ``sk-`` and a seeded UUID-like string).

        Returns:
            The token.

        """
        with self._dispatch.lock:
            uid = user_id if user_id is not None else self.add_user().id
            if token is None:
                n = len(self.state.tokens)
                token = f"sk-{self.seed:08x}-{n:04x}-4000-8000-{uid:012x}"
            self.state.tokens[token] = uid
            return token

    def set_run_allowance(self, org_id: int, allowance: int | None) -> None:
        """Limit how many runs ``create_agent_run`` accepts in an org (then 402; None: no limit).

        Args:
            org_id: The organization.
            allowance: Runs allowed in total, counting those already created.

        """
        with self._dispatch.lock:
            self.organizations[org_id].run_allowance = allowance

    def add_agent_run(
        self,
        org_id: int | None = None,
        prompt: str = "Fix the failing tests",
        *,
        user_id: int | None = None,
        source_type: str = "API",
        status: str | None = None,
        outcome: RunOutcome | None = None,
        created_at: float | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> AgentRun:
        """Store a run directly, as if it had been created.

        Args:
            org_id: Organization (default: the main one).
            prompt: Its prompt.
            user_id: Who started it (default: the current user).
            source_type: ``API``, ``SLACK``, ``GITHUB``...
            status: Shortcut: the run already shows this status (``ACTIVE``: forever).
            outcome: How it ends (default: queued outcome, else COMPLETE after run_duration).
            created_at: Fake time it started (default: now; negative: before the fake).
            metadata: Metadata returned with it.

        Returns:
            The run. Runs list in the order they were added (newest = last added).

        """
        if status is not None:
            outcome = RunOutcome(status, duration=math.inf if status == "ACTIVE" else 0.0)
        with self._dispatch.lock:
            return self.runs.create(
                org_id if org_id is not None else self.org_id,
                user_id if user_id is not None else self.current_user.id,
                prompt,
                source_type=source_type,
                outcome=outcome,
                created_at=created_at,
                metadata=metadata,
            )

    def add_foreign_runs(
        self,
        count: int,
        *,
        user_id: int | None = None,
        every: float | None = None,
        org_id: int | None = None,
        source_type: str = "API",
        prompt: str = "Triage the incoming issue",
        metadata: dict[str, Any] | None = None,
        ago: tuple[float, float] | None = None,
    ) -> User:
        """Make an organization busy: another user starts ``count`` runs in it.

        Args:
            count: How many runs.
            user_id: Who starts them (default: a new member of the organization; never the
                current user unless you pass that id).
            every: None: all of them now. Else one every ``every`` clock seconds, the first
                ``every`` seconds from now; each is created when the clock gets there.
            org_id: The organization (default: the main one).
            source_type: Their source (``API``, ``SLACK``, ``GITHUB``...).
            prompt: Their prompt (each gets its number appended).
            metadata: Metadata each run carries (e.g. a ``codegen_client_request_id`` that
                another user chose too).
            ago: ``(oldest, newest)``: a history instead, the runs started evenly between
                ``oldest`` and ``newest`` seconds before now (``every`` must be None).

        Returns:
            The user who starts them.

        Raises:
            ValueError: ``count`` is negative, ``every`` is not a number of seconds > 0, or
                ``ago`` is not two seconds ``oldest >= newest >= 0``.

        """
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError(f"count must be an integer >= 0, got {count!r}")
        if every is not None and (
            isinstance(every, bool)
            or not isinstance(every, (int, float))
            or not math.isfinite(every)
            or every <= 0
        ):
            raise ValueError(f"every must be a number of seconds > 0 or None, got {every!r}")
        starts = _history(count, ago, every)
        org = org_id if org_id is not None else self.org_id
        user = self.users[user_id] if user_id is not None else self.add_user(org)
        with self._dispatch.lock:
            now = self.now()
            for number in range(count):
                text = f"{prompt} #{number + 1}"
                meta = dict(metadata) if metadata is not None else None
                if every is None:
                    created = None if starts is None else now - starts[number]
                    self.runs.create(
                        org,
                        user.id,
                        text,
                        source_type=source_type,
                        metadata=meta,
                        created_at=created,
                    )
                else:
                    self.runs.schedule(
                        now + every * (number + 1), org, user.id, text, source_type, meta
                    )
        return user

    def queue_outcome(
        self, outcome: RunOutcome, *, count: int | None = 1, prompt_matches: str | None = None
    ) -> None:
        """Decide how the next runs end.

        Args:
            outcome: The outcome, e.g. ``RunOutcome("ERROR")`` or ``RunOutcome("PAUSED")``.
            count: How many runs it applies to (None: all of them).
            prompt_matches: Only runs whose prompt matches this regular expression.

        """
        with self._dispatch.lock:
            self.runs.outcomes.add(outcome, count, prompt_matches)

    def set_run_outcome(self, run_id: int, outcome: RunOutcome) -> None:
        """Change how an existing run's current work ends (its start time stays)."""
        with self._dispatch.lock:
            self.runs.replan(self.agent_runs[run_id], outcome)

    # -- faults and the request log -------------------------------------------------------------

    def inject(self, fault: Fault) -> None:
        """Queue a fault for the next matching request(s)."""
        with self._dispatch.lock:
            self._dispatch.faults.inject(fault)

    def set_fault_rate(
        self,
        share: float,
        kinds: Sequence[FaultKind] = FAULT_KINDS,
        *,
        seed: int = 0,
        operation_ids: Sequence[str] | None = None,
    ) -> None:
        """Make a random ``share`` of requests fail (seeded, so a run repeats exactly).

        Args:
            share: Fraction of requests in [0, 1]; 0 switches the mix off.
            kinds: Fault kinds to draw from.
            seed: Seed of the draws.
            operation_ids: Only these operations (default: all).

        """
        with self._dispatch.lock:
            self._dispatch.faults.set_rate(share, kinds, seed, operation_ids)

    def clear_faults(self) -> None:
        """Drop queued faults and switch the random mix off."""
        with self._dispatch.lock:
            self._dispatch.faults.clear()

    @property
    def pending_faults(self) -> list[Fault]:
        """Return the queued faults not yet used up."""
        return self._dispatch.faults.pending

    @property
    def requests(self) -> list[RequestRecord]:
        """Return every request seen so far, in arrival order."""
        return self._dispatch.requests

    def requests_for(self, operation_id: str) -> list[RequestRecord]:
        """Return the requests that addressed ``operation_id``."""
        return [r for r in self._dispatch.requests if r.operation_id == operation_id]

    # -- serving ---------------------------------------------------------------------------------

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Answer one request; slow faults block on ``clock.sleep``.

        Args:
            request: A request to ``<any host>/v1/...``.

        Returns:
            The response.

        Raises:
            httpx.TransportError: when an injected fault drops or loses the exchange.

        """
        request.read()
        exchange = self._dispatch.begin(request)
        if exchange.wait:
            self.clock.sleep(exchange.wait)
        return self._dispatch.finish(exchange)

    async def ahandle(self, request: httpx.Request) -> httpx.Response:
        """Answer one request like `handle`, awaiting ``clock.asleep`` for slow faults.

        The same as [`handle`][codegen_client.testing.FakeCodegenAPI.handle] otherwise.

        Args:
            request: A request to ``<any host>/v1/...``.

        Returns:
            The response.

        Raises:
            httpx.TransportError: when an injected fault drops or loses the exchange.

        """
        await request.aread()
        exchange = self._dispatch.begin(request)
        if exchange.wait:
            await self.clock.asleep(exchange.wait)
        return self._dispatch.finish(exchange)

    def transport(self) -> httpx.BaseTransport:
        """Return a sync httpx transport answering from this fake."""
        return FakeTransport(self)

    def async_transport(self) -> httpx.AsyncBaseTransport:
        """Return an async httpx transport answering from this fake."""
        return AsyncFakeTransport(self)

    def _client_options(self, overrides: dict[str, Any]) -> dict[str, Any]:
        """Constructor arguments that wire a client to this fake, then the caller's."""
        return {
            "api_key": self.api_key,
            "base_url": self.base_url,
            "clock": self.clock,
            **overrides,
        }

    def client(self, **overrides: Any) -> CodegenClient:
        """Return a ``CodegenClient`` wired to this fake (key, base URL, transport, clock).

        Args:
            **overrides: Constructor arguments to use instead (e.g. ``max_retries=0``).

        Returns:
            A ``codegen_client.CodegenClient``.

        """
        options = self._client_options(overrides)
        if options.get("http_client") is None:
            options["http_client"] = httpx.Client(transport=self.transport())
        from codegen_client import CodegenClient

        return CodegenClient(**options)

    def async_client(self, **overrides: Any) -> AsyncCodegenClient:
        """Return an ``AsyncCodegenClient`` wired to this fake.

        Args:
            **overrides: Constructor arguments to use instead.

        Returns:
            A ``codegen_client.AsyncCodegenClient``.

        """
        options = self._client_options(overrides)
        if options.get("http_client") is None:
            options["http_client"] = httpx.AsyncClient(transport=self.async_transport())
        from codegen_client import AsyncCodegenClient

        return AsyncCodegenClient(**options)


def _history(count: int, ago: object, every: float | None) -> list[float] | None:
    """Seconds before now at which each run of a history starts (oldest first), or None."""
    if ago is None:
        return None
    if every is not None:
        raise ValueError("pass every or ago, not both")
    if (
        not isinstance(ago, tuple)
        or len(ago) != 2
        or not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in ago)
        or not all(math.isfinite(x) for x in ago)
        or not ago[0] >= ago[1] >= 0
    ):
        raise ValueError(
            f"ago must be (oldest, newest) seconds with oldest >= newest >= 0, got {ago!r}"
        )
    oldest, newest = float(ago[0]), float(ago[1])
    if count <= 1:
        return [newest] * count
    step = (oldest - newest) / (count - 1)
    return [oldest - step * number for number in range(count)]
