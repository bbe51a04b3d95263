"""The deadline of a wait or multi-run, which bounds every call made inside it."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from codegen_client._clock import Clock
    from codegen_client._exceptions import CodegenApiError

__all__ = ["DeadlinePassed", "bounded_pause", "deadline_at", "time_left"]


# The deadline (on the client's clock) of the wait or multi-run around the current call.
_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "codegen_client_deadline", default=None
)


class DeadlinePassed(Exception):
    """A call cannot finish before the deadline of `deadline_at` around it.

    Never reaches users: whoever set the deadline turns it into its own timeout error.

    Attributes:
        error: The failure that would have been retried, or None.

    """

    def __init__(self, error: CodegenApiError | None = None) -> None:
        super().__init__("deadline passed")
        self.error = error


@contextlib.contextmanager
def deadline_at(at: float | None) -> Iterator[None]:
    """Bound every call made in this block (this thread or task) by ``at``, on the client's clock.

    No pacing pause, retry wait or request timeout of those calls runs past it: the core
    raises `DeadlinePassed` instead. Nested blocks keep the earlier deadline.

    Args:
        at: The deadline as a reading of the client's clock; None adds no bound.

    """
    current = _deadline.get()
    if at is None or (current is not None and current <= at):
        yield
        return
    token = _deadline.set(at)
    try:
        yield
    finally:
        _deadline.reset(token)


def time_left(clock: Clock) -> float | None:
    """Seconds left before the current deadline, or None when no deadline is set."""
    at = _deadline.get()
    return None if at is None else at - clock.now()


def bounded_pause(clock: Clock, seconds: float) -> float:
    """``seconds``, if waiting that long ends before the current deadline.

    Raises:
        DeadlinePassed: The pause would reach the deadline.

    """
    left = time_left(clock)
    if left is not None and seconds >= left:
        raise DeadlinePassed()
    return seconds
