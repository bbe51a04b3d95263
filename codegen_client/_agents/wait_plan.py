"""Waiting for agent runs to finish, on the client's clock and within its rate-limit budget.

The loops that drive it are in ``_async/wait.py`` (and its generated sync twin).

One poll round costs one request whatever the number of runs: a single ``get_agent_run`` when
one run is left, else one newest-first ``list_agent_runs`` page (100 runs), plus single gets
only for runs that are not on that page (older runs pushed down by newer ones). The wait
between rounds starts at ``poll_interval`` and grows to ``max_poll_interval``; every request
goes through the core, so polling shares the client's rate limiter.

A wait with a ``timeout`` passes its deadline down to every call it makes (plus
`DEADLINE_GRACE`, so a round started at the deadline still gets its answer): the core
caps pacing pauses, 429 waits, backoffs and the request timeout by the time left, and the wait
raises its CodegenAgentRunTimeoutError when none is left (``Retry-After: 3600`` or an answer
that takes minutes never holds it up).

A round that fails with a transient error (connection, 5xx, 429 left after the core's own
retries) is skipped rather than ending a wait that may have lasted many minutes; the round
after `MAX_FAILED_ROUNDS` failed ones in a row raises its error if it fails too.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from codegen_client._agents.phases import (
    AgentRunPhase,
    PollSchedule,
    agent_run_phase,
    check_wait_arguments,
    status_of,
)
from codegen_client._exceptions import (
    CodegenAgentRunPausedError,
    CodegenAgentRunTimeoutError,
    CodegenConnectionError,
    CodegenInputError,
    CodegenRateLimitError,
    CodegenResponseError,
    CodegenServerError,
)

if TYPE_CHECKING:
    from codegen_client_generated.models.agent_run_page import AgentRunPage
    from codegen_client_generated.models.agent_run_response import AgentRunResponse

__all__ = [
    "DEADLINE_GRACE",
    "LIST_PAGE_SIZE",
    "MAX_FAILED_ROUNDS",
    "TRANSIENT",
    "StatusCallback",
    "WaitOptions",
    "Watch",
    "cause_note",
    "check_run_id",
    "early_note",
    "raise_if_paused",
    "take_changed",
]

logger = logging.getLogger("codegen_client")

MAX_FAILED_ROUNDS = 3
# The calls of a wait may run this long past its deadline: a poll round that starts at the
# deadline still gets an answer (the promise is at most 1 s past ``timeout``).
DEADLINE_GRACE = 0.5
LIST_PAGE_SIZE = 100
TRANSIENT = (CodegenConnectionError, CodegenServerError, CodegenRateLimitError)

StatusCallback = Callable[["AgentRunResponse"], "Awaitable[None] | None"]


@dataclass(frozen=True)
class WaitOptions:
    """How long and how often to poll (see ``Agents.wait_for_agent_run``)."""

    timeout: float | None
    poll_interval: float
    max_poll_interval: float
    on_status_change: StatusCallback | None = None

    def __post_init__(self) -> None:
        check_wait_arguments(self.timeout, self.poll_interval, self.max_poll_interval)
        if self.on_status_change is not None and not callable(self.on_status_change):
            raise CodegenInputError("on_status_change must be callable or None")


def check_run_id(run: AgentRunResponse, agent_run_id: int) -> AgentRunResponse:
    """Return ``run`` when it is the run that was asked for.

    Raises:
        CodegenResponseError: The answer is about another run (a mixed-up or cached answer).

    """
    if getattr(run, "id", None) != agent_run_id:
        raise CodegenResponseError(
            f"asked for agent run {agent_run_id}, the API answered with run "
            f"{getattr(run, 'id', None)!r}"
        )
    return run


def _check_ids(ids: Sequence[int]) -> list[int]:
    if isinstance(ids, (str, bytes)) or not isinstance(ids, Sequence):
        raise CodegenInputError(f"agent_run_ids must be a sequence of ids, got {ids!r}")
    for run_id in ids:
        if isinstance(run_id, bool) or not isinstance(run_id, int) or run_id <= 0:
            raise CodegenInputError(f"agent run ids must be positive integers, got {run_id!r}")
    return list(ids)


class Watch:
    """The state of one wait over one or more runs; the sync and async loops drive it."""

    def __init__(self, ids: Sequence[int], options: WaitOptions, now: float) -> None:
        self.ids = _check_ids(ids)
        self.options = options
        self.deadline = None if options.timeout is None else now + options.timeout
        # What the core's calls get (see DEADLINE_GRACE).
        self.call_deadline = None if self.deadline is None else self.deadline + DEADLINE_GRACE
        self.schedule = PollSchedule(options.poll_interval, options.max_poll_interval)
        self.latest: dict[int, AgentRunResponse] = {}
        self.changed: list[AgentRunResponse] = []
        self.failed_rounds = 0

    def pending(self) -> list[int]:
        """Ids not yet seen in a final or paused phase, in order, without repeats."""
        out = []
        for run_id in dict.fromkeys(self.ids):
            run = self.latest.get(run_id)
            if run is None or agent_run_phase(status_of(run)) is AgentRunPhase.RUNNING:
                out.append(run_id)
        return out

    def observe(self, run: AgentRunResponse) -> None:
        """Store the run's latest state; queue it for the callback when its status changed."""
        before = self.latest.get(run.id)
        self.latest[run.id] = run
        if before is None or status_of(before) != status_of(run):
            self.changed.append(run)

    def take_page(self, page: AgentRunPage, pending: list[int]) -> list[int]:
        """Observe the pending runs on a list page; return the pending ids it did not hold."""
        on_page = {item.id: item for item in page.items}
        missing = []
        for run_id in pending:  # in the caller's order, so callbacks follow it too
            if run_id in on_page:
                self.observe(on_page[run_id])
            else:
                missing.append(run_id)
        return missing

    def round_failed(self, error: Exception) -> None:
        """Count a failed round; re-raise once too many failed in a row."""
        self.failed_rounds += 1
        if self.failed_rounds > MAX_FAILED_ROUNDS:
            raise error
        logger.warning("polling agent runs failed (%s); trying again next round", error)

    def next_wait(self, now: float) -> float | None:
        """Seconds to wait before the next round, or None when the deadline has passed."""
        if self.deadline is not None and now >= self.deadline:
            return None
        wait = self.schedule.next()
        return wait if self.deadline is None else min(wait, self.deadline - now)

    def timeout_error(
        self, now: float | None = None, cause: BaseException | None = None
    ) -> CodegenAgentRunTimeoutError:
        """The error for a deadline that passed, with every run's last known state.

        Args:
            now: The clock's reading when the wait gave up before its deadline (the next call
                could not finish in time); None when the deadline itself passed.
            cause: What that call ran into (a 429 asking for a long wait, say).

        """
        left = self.pending()
        pending = [self.latest[i] for i in left if i in self.latest]
        early = early_note(self.deadline, now, self.options.timeout)
        when = f"after {self.options.timeout:g} s" if early is None else f"(the wait {early})"
        if len(self.ids) == 1:
            shown = status_of(self.latest.get(self.ids[0])) or "no status yet"
            message = f"agent run {self.ids[0]} still {shown} {when}"
        else:
            message = (
                f"{len(left)} of {len(set(self.ids))} agent runs still working {when}: "
                f"{', '.join(map(str, left))}"
            )
        message += cause_note(early, cause)
        return CodegenAgentRunTimeoutError(
            message,
            run=pending[0] if pending else None,
            runs=[self.latest[i] for i in self.ids if i in self.latest],
            timeout=self.options.timeout,
            pending=pending,
        )

    def settled(self) -> list[AgentRunResponse]:
        """Every run's final (or paused) state, in the order the ids were given."""
        return [self.latest[i] for i in self.ids]


def early_note(deadline: float | None, now: float | None, timeout: float | None) -> str | None:
    """How a wait that gave up before its deadline says so (None when the deadline passed).

    Returns:
        E.g. ``gave up 99.5 s before its 100 s deadline, as the next call could not end in
        time``.

    """
    if deadline is None or now is None or now >= deadline:
        return None
    return (
        f"gave up {deadline - now:.3g} s before its {timeout:g} s deadline, as the next call "
        "could not end in time"
    )


def cause_note(early: str | None, cause: BaseException | None) -> str:
    """The tail of an early timeout's message: what the call that could not end ran into."""
    return f"; that call met: {cause}" if early is not None and cause is not None else ""


def raise_if_paused(runs: list[AgentRunResponse]) -> list[AgentRunResponse]:
    """Return ``runs`` unchanged unless one is PAUSED.

    Raises:
        CodegenAgentRunPausedError: At least one run waits for input.

    """
    paused = [r for r in runs if agent_run_phase(status_of(r)) is AgentRunPhase.PAUSED]
    if not paused:
        return runs
    ids = ", ".join(str(r.id) for r in paused)
    noun = "agent run" if len(paused) == 1 else "agent runs"
    raise CodegenAgentRunPausedError(
        f"{noun} {ids} PAUSED, waiting for input: resume with client.agents.resume_agent_run()",
        run=paused[0],
        runs=runs,
        paused=paused,
    )


def take_changed(watch: Watch) -> list[AgentRunResponse]:
    """The runs whose status changed since the last call, for the status callback."""
    changed, watch.changed = watch.changed, []
    return changed
