"""Where an agent run is in its life, and how often to ask.

The API reports a run's ``status`` as free text: upper case in practice, lower case in older
docs, and new values appear over time. [`agent_run_phase`][codegen_client.agent_run_phase]
folds every value into four phases. An unknown status counts as still running (a waiter then
stops at its deadline), never as success.
"""

from __future__ import annotations

import enum
from typing import Any

from codegen_client._exceptions import CodegenInputError
from codegen_client._validation import check_seconds

__all__ = [
    "FAILED_STATUSES",
    "SUCCESS_STATUSES",
    "AgentRunPhase",
    "PollSchedule",
    "agent_run_phase",
    "check_wait_arguments",
    "status_of",
]

SUCCESS_STATUSES = frozenset({"COMPLETE", "COMPLETED"})
FAILED_STATUSES = frozenset(
    {
        "ERROR",
        "FAILED",
        "CANCELLED",
        "CANCELED",
        "TIMEOUT",
        "MAX_ITERATIONS_REACHED",
        "OUT_OF_TOKENS",
        "STOPPED",
    }
)
PAUSED_STATUSES = frozenset({"PAUSED"})


class AgentRunPhase(str, enum.Enum):
    """The four phases a status falls into.

    Examples:
        >>> agent_run_phase("complete") is AgentRunPhase.COMPLETE
        True
        >>> agent_run_phase("SOMETHING_NEW")
        <AgentRunPhase.RUNNING: 'running'>

    """

    RUNNING = "running"
    """Working, queued, evaluating, or a status this client does not know."""
    PAUSED = "paused"
    """Waiting for input; it will not move until someone resumes it."""
    COMPLETE = "complete"
    """Finished with success; ``result`` holds the answer."""
    FAILED = "failed"
    """Finished without a usable result (error, timeout, cancelled, out of tokens, ...)."""

    @property
    def is_final(self) -> bool:
        """True for COMPLETE and FAILED: the run will not change by itself any more."""
        return self in (AgentRunPhase.COMPLETE, AgentRunPhase.FAILED)


def agent_run_phase(status: object) -> AgentRunPhase:
    """Classify an agent run status, without regard to case.

    Args:
        status: The ``status`` of a run (a string, or None/unset when the body had none).

    Returns:
        The phase; anything unknown is
        [`AgentRunPhase.RUNNING`][codegen_client.AgentRunPhase.RUNNING].

    """
    if not isinstance(status, str):
        return AgentRunPhase.RUNNING
    value = status.strip().upper()
    if value in SUCCESS_STATUSES:
        return AgentRunPhase.COMPLETE
    if value in FAILED_STATUSES:
        return AgentRunPhase.FAILED
    if value in PAUSED_STATUSES:
        return AgentRunPhase.PAUSED
    return AgentRunPhase.RUNNING


def status_of(run: Any) -> str | None:
    """Return a run's status as sent (None when the body had none)."""
    status = getattr(run, "status", None)
    return status if isinstance(status, str) else None


def check_wait_arguments(
    timeout: float | None, poll_interval: float, max_poll_interval: float
) -> None:
    """Check a waiter's timing arguments before any request.

    Raises:
        CodegenInputError: A value is not a number of seconds > 0 and at most
            ``MAX_SECONDS`` (about 31 years), or the cap is below the start.

    """
    start = check_seconds("poll_interval", poll_interval)
    cap = check_seconds("max_poll_interval", max_poll_interval)
    if timeout is not None:
        check_seconds("timeout", timeout)
    if cap < start:
        raise CodegenInputError(
            f"max_poll_interval ({max_poll_interval!r}) must be >= "
            f"poll_interval ({poll_interval!r})"
        )


class PollSchedule:
    """Waits between poll rounds: ``start``, then 1.5 times longer each round, up to ``cap``.

    No jitter: waits run on the client's clock, and the rate limiter already spreads requests.

    Examples:
        >>> schedule = PollSchedule(1.0, 3.0)
        >>> [schedule.next() for _ in range(5)]
        [1.0, 1.5, 2.25, 3.0, 3.0]

    """

    GROWTH = 1.5

    def __init__(self, start: float, cap: float) -> None:
        self._next = float(start)
        self._cap = float(cap)

    def next(self) -> float:
        """Return the wait before the next round and lengthen the one after."""
        wait = self._next
        self._next = min(self._cap, self._next * self.GROWTH)
        return wait
