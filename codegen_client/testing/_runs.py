"""Agent runs: their lifecycle on the clock, outcome controls, listing and logs.

A run's status is never stored as it changes: it is derived from the clock on every read
(no background threads). A run works in *segments*: it starts ACTIVE, and when its segment's
duration has passed on the clock it shows the segment's end status (COMPLETE by default).
Resuming starts a new segment; stopping cuts the current one short.
"""

from __future__ import annotations

import bisect
import contextlib
import heapq
import itertools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from codegen_client.testing._errors import run_not_found
from codegen_client.testing._replicas import Replicas
from codegen_client.testing._run_text import (
    closing_logs,
    pull_request_url,
    result_text,
    work_log,
)
from codegen_client.testing._time import FakeTime

__all__ = ["AgentRun", "OutcomePlan", "RunBook", "RunOutcome"]

ACTIVE = "ACTIVE"


@dataclass(frozen=True)
class RunOutcome:
    """How a run ends: ``status`` after ``duration`` clock seconds, with an optional result.

    Args:
        status: End status: ``COMPLETE``, ``ERROR``, ``FAILED``, ``CANCELLED``, ``TIMEOUT``,
            ``PAUSED`` (waits for resume), or any other value the service might send.
        duration: Clock seconds of work; None means the fake's ``run_duration``;
            ``math.inf`` means the run never finishes.
        result: Result text instead of the generated one (COMPLETE only).
        summary: Summary instead of the generated one (COMPLETE only).

    Examples:
        >>> fake.queue_outcome(RunOutcome("ERROR", duration=30), count=2)  # doctest: +SKIP

    """

    status: str = "COMPLETE"
    duration: float | None = None
    result: str | None = None
    summary: str | None = None

    @classmethod
    def never_finishes(cls) -> RunOutcome:
        """Return an outcome whose run stays ACTIVE forever."""
        return cls(duration=math.inf)


@dataclass
class _Rule:
    outcome: RunOutcome
    remaining: int | None
    pattern: re.Pattern[str] | None


class OutcomePlan:
    """Queued outcomes for the next runs; prompt-matching rules are tried first."""

    def __init__(self) -> None:
        self._rules: list[_Rule] = []

    def add(self, outcome: RunOutcome, count: int | None, prompt_matches: str | None) -> None:
        """Queue ``outcome`` for ``count`` runs (None: every run) whose prompt matches."""
        if count is not None and count < 1:
            raise ValueError("count must be >= 1 or None")
        pattern = re.compile(prompt_matches) if prompt_matches is not None else None
        self._rules.append(_Rule(outcome, count, pattern))

    def take(self, prompt: str) -> RunOutcome | None:
        """Consume and return the outcome for a new run with ``prompt`` (None: default)."""
        ordered = [r for r in self._rules if r.pattern] + [r for r in self._rules if not r.pattern]
        for rule in ordered:
            if rule.pattern is not None and not rule.pattern.search(prompt):
                continue
            if rule.remaining is not None:
                rule.remaining -= 1
                if rule.remaining == 0:
                    self._rules.remove(rule)
            return rule.outcome
        return None

    def clear(self) -> None:
        """Drop every queued outcome."""
        self._rules.clear()


class _Segment(NamedTuple):
    start: float
    worked_before: float
    duration: float
    status: str


@dataclass(eq=False)
class AgentRun:
    """One agent run as the fake stores it; read its state with the ``*_at`` methods."""

    id: int
    organization_id: int
    user_id: int | None
    prompt: str
    source_type: str
    created_at: float
    web_url: str
    metadata: dict[str, Any] | None = None
    repo_id: int | None = None
    repo_full_name: str | None = None
    """``owner/name`` of ``repo_id``: a run that completes there opens a pull request."""
    model: str | None = None
    agent_type: str | None = None
    images: list[str] | None = None
    webhooks: list[dict[str, Any]] | None = None
    github_pull_requests: list[dict[str, Any]] = field(default_factory=list)
    pull_request: dict[str, Any] | None = None
    """The pull request the run opens when it first completes (without ``created_at``)."""
    banned: bool = False
    result: str | None = None
    summary: str | None = None
    segments: list[_Segment] = field(default_factory=list)
    listed_from: float = -math.inf
    """Fake time from which run lists show it (a lagging list shows it late)."""

    def is_working(self, now: float) -> bool:
        """Tell whether the current segment's work is still going on at ``now``."""
        return now < self.finished_at()

    def status_at(self, now: float) -> str:
        """Return the status at fake time ``now``."""
        return ACTIVE if self.is_working(now) else self.segments[-1].status

    def worked_at(self, now: float) -> float:
        """Return the clock seconds the run has spent working by ``now``."""
        last = self.segments[-1]
        return last.worked_before + min(max(now - last.start, 0.0), last.duration)

    def finished_at(self) -> float:
        """Return when the current segment ends (``inf`` if it never does)."""
        last = self.segments[-1]
        return last.start + last.duration

    def completed_at(self, now: float) -> float | None:
        """Return when the run first completed by ``now`` (None: not yet)."""
        for seg in self.segments:
            end = seg.start + seg.duration
            if seg.status == "COMPLETE" and end <= now:
                return end
        return None

    def clock_time_of_work(self, worked: float) -> float:
        """Return the fake time at which the run had worked ``worked`` seconds."""
        for seg in self.segments:
            if worked <= seg.worked_before + seg.duration:
                return seg.start + max(worked - seg.worked_before, 0.0)
        return self.finished_at()


class _Spec(NamedTuple):
    """A run other users will start (see `schedule`)."""

    organization_id: int
    user_id: int | None
    prompt: str
    source_type: str
    metadata: dict[str, Any] | None


class _Scheduled(NamedTuple):
    """A run to store at fake time ``at``: one to start then, or one already made (late)."""

    at: float
    order: int  # unique: ties on ``at`` never compare the rest
    spec: _Spec | None
    run: AgentRun | None


class RunBook:
    """All agent runs, kept in ``created_at`` order with indexes for the list filters.

    Every run goes into four lists (org; org+user; org+source; org+user+source), kept sorted by
    ``created_at``, so a filtered, newest-first page is a slice: O(limit) per request whatever
    the run count (while a lagging list hides some runs, a page filters its list instead).

    Runs scheduled for later (`schedule`) are created when the clock reaches their
    time, before any read or create. A run stored late (`storing_late`) keeps the
    ``created_at`` of the request that made it, and shows nowhere before it is stored.
    Which copy of the list answers a list request, and how far behind it is, is
    `Replicas`' choice.
    """

    def __init__(
        self, seed: int, time: FakeTime, run_duration: float, log_interval: float, first_id: int
    ) -> None:
        self.seed = seed
        self.time = time
        self.run_duration = run_duration
        self.log_interval = log_interval
        self.runs: dict[int, AgentRun] = {}
        self.outcomes = OutcomePlan()
        self.replicas = Replicas(seed)
        self._index: dict[tuple[int, int | None, str | None], list[AgentRun]] = {}
        self._next_id = first_id
        self.list_lag = 0.0
        self._hidden_until = -math.inf  # no run is hidden from lists after this fake time
        self._scheduled: list[_Scheduled] = []
        self._order = itertools.count()
        self._late: tuple[float, float] | None = None

    def schedule(
        self,
        at: float,
        organization_id: int,
        user_id: int | None,
        prompt: str,
        source_type: str = "API",
        metadata: dict[str, Any] | None = None,
    ) -> None:
        """Have a run start at fake time ``at`` (created once the clock gets there)."""
        spec = _Spec(organization_id, user_id, prompt, source_type, metadata)
        heapq.heappush(self._scheduled, _Scheduled(at, next(self._order), spec, None))

    @contextlib.contextmanager
    def storing_late(self, at: float, created_at: float) -> Iterator[None]:
        """Inside the block, a created run is stored only at fake time ``at``.

        Its ``created_at`` is ``created_at`` (when its request arrived); lists and gets show
        it from ``at`` on (lists ``list_lag`` later still).
        """
        self._late = (at, created_at)
        try:
            yield
        finally:
            self._late = None

    def start_due(self) -> None:
        """Store the scheduled runs whose time has come, oldest first."""
        now = self.time.now()
        while self._scheduled and self._scheduled[0].at <= now:
            due = heapq.heappop(self._scheduled)
            if due.run is not None:
                self._store(due.run)
            elif due.spec is not None:
                spec = due.spec
                fields: dict[str, Any] = {}
                if spec.metadata is not None:
                    fields["metadata"] = dict(spec.metadata)
                run = self._make(
                    spec.organization_id,
                    spec.user_id,
                    spec.prompt,
                    spec.source_type,
                    None,
                    due.at,
                    fields,
                )
                self._store(run)

    def create(
        self,
        organization_id: int,
        user_id: int | None,
        prompt: str,
        *,
        source_type: str = "API",
        outcome: RunOutcome | None = None,
        created_at: float | None = None,
        **fields: Any,
    ) -> AgentRun:
        """Create a run starting at ``created_at`` (default: now), ending per its outcome.

        Args:
            organization_id: Owning organization.
            user_id: User who started it (None for runs started by integrations).
            prompt: The prompt.
            source_type: ``API``, ``SETUP_COMMANDS``, ``SLACK``...
            outcome: How it ends; default: the next queued outcome, else COMPLETE.
            created_at: Fake time it started (may be negative: before the fake existed).
            **fields: Other `AgentRun` fields (metadata, repo_id, model...).

        Returns:
            The stored run.

        """
        self.start_due()
        if self._late is not None:
            stored_at, arrived = self._late
            fields.setdefault("listed_from", stored_at + self.list_lag)
            run = self._make(
                organization_id, user_id, prompt, source_type, outcome, arrived, fields
            )
            heapq.heappush(self._scheduled, _Scheduled(stored_at, next(self._order), None, run))
            return run
        run = self._make(organization_id, user_id, prompt, source_type, outcome, created_at, fields)
        self._store(run)
        return run

    def _make(
        self,
        organization_id: int,
        user_id: int | None,
        prompt: str,
        source_type: str,
        outcome: RunOutcome | None,
        created_at: float | None,
        fields: dict[str, Any],
    ) -> AgentRun:
        run_id = self._next_id
        self._next_id += 1
        start = self.time.now() if created_at is None else created_at
        # A lagging list shows every run late, whoever started it.
        fields.setdefault("listed_from", start + self.list_lag)
        run = AgentRun(
            id=run_id,
            organization_id=organization_id,
            user_id=user_id,
            prompt=prompt,
            source_type=source_type,
            created_at=start,
            web_url=f"https://codegen.com/agent/trace/{run_id}",
            **fields,
        )
        chosen = outcome if outcome is not None else self.outcomes.take(prompt)
        self._plan(run, start, 0.0, chosen or RunOutcome())
        return run

    def _store(self, run: AgentRun) -> None:
        self.runs[run.id] = run
        self._hidden_until = max(self._hidden_until, run.listed_from)
        for key in (
            (run.organization_id, None, None),
            (run.organization_id, run.user_id, None),
            (run.organization_id, None, run.source_type),
            (run.organization_id, run.user_id, run.source_type),
        ):
            listed = self._index.setdefault(key, [])
            if not listed or listed[-1].created_at <= run.created_at:
                listed.append(run)
            else:  # started earlier than runs already stored: keep created_at order
                bisect.insort_right(listed, run, key=_created_at)

    def _plan(self, run: AgentRun, start: float, worked: float, outcome: RunOutcome) -> None:
        duration = self.run_duration if outcome.duration is None else outcome.duration
        result, summary = result_text(self.seed, run.prompt)
        run.result = outcome.result if outcome.result is not None else result
        run.summary = outcome.summary if outcome.summary is not None else summary
        run.segments.append(_Segment(start, worked, max(duration, 0.0), outcome.status))

    def get(self, organization_id: int, run_id: int) -> AgentRun:
        """Return the run if it belongs to the organization.

        Raises:
            ApiError: the documented 404 otherwise.

        """
        self.start_due()
        run = self.runs.get(run_id)
        if run is None or run.organization_id != organization_id:
            raise run_not_found()
        return run

    def page(
        self,
        organization_id: int,
        user_id: int | None,
        source_type: str | None,
        skip: int,
        limit: int,
    ) -> tuple[list[AgentRun], int]:
        """Return one newest-first page of the filtered runs and the filtered total.

        The page comes from one replica (see `Replicas`), which may lag.
        """
        self.start_due()
        runs = self._index.get((organization_id, user_id, source_type), [])
        now = self.time.now()
        lag = self.replicas.lag_for(filtered=user_id is not None or source_type is not None)
        if now < self._hidden_until + lag:  # a lagging list: some runs are not listed yet
            runs = [run for run in runs if run.listed_from + lag <= now]
        total = len(runs)
        end = max(total - skip, 0)
        start = max(end - limit, 0)
        return runs[start:end][::-1], total

    def resume(self, run: AgentRun, prompt: str, now: float) -> None:
        """Start a new working segment at ``now`` with ``prompt`` appended."""
        worked = run.worked_at(now)
        if run.is_working(now):  # resumed while still working: cut it here
            last = run.segments[-1]
            run.segments[-1] = last._replace(duration=max(now - last.start, 0.0))
        run.prompt = f"{run.prompt}\n\n{prompt}"
        self._plan(run, now, worked, RunOutcome())

    def stop(self, run: AgentRun, now: float, status: str = "CANCELLED") -> None:
        """End the run's work at ``now`` with ``status`` if it is still working."""
        if run.is_working(now):
            last = run.segments[-1]
            run.segments[-1] = last._replace(duration=max(now - last.start, 0.0), status=status)

    def replan(self, run: AgentRun, outcome: RunOutcome) -> None:
        """Replace how the run's current segment ends (its start stays)."""
        last = run.segments.pop()
        self._plan(run, last.start, last.worked_before, outcome)

    def to_json(self, run: AgentRun, now: float) -> dict[str, Any]:
        """Render as ``AgentRunResponse``; ``summary``/``metadata`` keys only when set."""
        status = run.status_at(now)
        body: dict[str, Any] = {
            "id": run.id,
            "organization_id": run.organization_id,
            "status": status,
            "created_at": self.time.stamp(run.created_at),
            "web_url": run.web_url,
            "result": run.result if status == "COMPLETE" else None,
        }
        if status == "COMPLETE" and run.summary is not None:
            body["summary"] = run.summary
        body["source_type"] = run.source_type
        pulls = list(run.github_pull_requests)
        opened = run.completed_at(now) if run.pull_request is not None else None
        if run.pull_request is not None and opened is not None:
            pulls.append({**run.pull_request, "created_at": self.time.stamp(opened)})
        body["github_pull_requests"] = pulls
        if run.metadata is not None:
            body["metadata"] = run.metadata
        return body

    def _closing(self, run: AgentRun, now: float) -> list[dict[str, Any]]:
        """The entries the run's log ends with (none while it works)."""
        status = run.status_at(now)
        if status == ACTIVE:
            return []
        # The pull request the run has, else the one it opens in its repository (the same one
        # its github_pull_requests shows from then on).
        pr_url: str | None = None
        if run.github_pull_requests:
            pr_url = run.github_pull_requests[0].get("url")
        elif run.pull_request is not None:
            pr_url = run.pull_request["url"]
        elif run.repo_full_name is not None:
            pr_url = pull_request_url(self.seed, run.id, run.repo_full_name)
        return closing_logs(status, run.summary, pr_url)

    def _regular_count(self, run: AgentRun, now: float) -> int:
        worked = run.worked_at(now)
        return int(worked // self.log_interval) if self.log_interval > 0 else 0

    def log_count(self, run: AgentRun, now: float) -> int:
        """Return how many log entries the run has at ``now``."""
        return self._regular_count(run, now) + len(self._closing(run, now))

    def log_entry(self, run: AgentRun, index: int, now: float) -> dict[str, Any]:
        """Return chronological log entry ``index`` (0-based) as ``AgentRunLogResponse``."""
        regular = self._regular_count(run, now)
        if index >= regular:
            at = run.finished_at()
            body = self._closing(run, now)[index - regular]
        else:
            at = run.clock_time_of_work((index + 1) * self.log_interval)
            body = work_log(self.seed, run.id, index, run.prompt)
        return {"agent_run_id": run.id, "created_at": self.time.stamp(at), **body}

    def logs_page(
        self, run: AgentRun, now: float, skip: int, limit: int, reverse: bool
    ) -> tuple[list[dict[str, Any]], int]:
        """Return one page of log entries (oldest first unless ``reverse``) and the total."""
        total = self.log_count(run, now)
        positions = range(skip, min(skip + limit, total))
        indexes = [total - 1 - p for p in positions] if reverse else list(positions)
        return [self.log_entry(run, i, now) for i in indexes], total


def _created_at(run: AgentRun) -> float:
    return run.created_at
