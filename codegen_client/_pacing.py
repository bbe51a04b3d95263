"""Client-side pacing within each operation's documented rate limit.

How the budget is shared (`budget_of`): the API documents a limit on each endpoint (in
each operation's description) and nowhere says that endpoints share one; so every operation
has a budget of its own, per API key. ``get_agent_run`` and ``list_agent_runs`` may each be
called 60 times in 30 s. The offline API (``codegen_client.testing``) counts by the same rule.

Written by hand because the waits must go through the client's injectable clock (so tests and
the offline API can compress time) and one budget must serve threads and event loops alike.
"""

from __future__ import annotations

import threading
from collections import deque

from codegen_client._clock import Clock

__all__ = ["RateLimiter", "budget_of"]


def budget_of(operation_id: str) -> str:
    """The rate-limit budget an operation's calls count against: its own (one per operation).

    The one statement of the rule: the client's pacer and the offline API's limiter both key
    their windows by it, so they cannot disagree about which calls share a window.

    Args:
        operation_id: The operation's ``operationId``.

    Returns:
        The budget's name (the operation id itself).

    """
    return operation_id


class RateLimiter:
    """Sliding-window pacing: at most ``requests`` sends in any ``period`` per operation.

    `reserve` books the earliest send slot and returns how long to wait for it, so
    concurrent callers queue up in order instead of all firing and collecting 429s.

    Args:
        clock: Where time is read.
        limits: ``{operation_id: (requests, period_seconds)}``; operations not listed are unpaced.
        margin: Fraction of the period added to each wait, to absorb clock skew with the server.

    """

    def __init__(
        self,
        clock: Clock,
        limits: dict[str, tuple[int, float]],
        margin: float = 0.02,
    ) -> None:
        self._clock = clock
        self._limits = limits
        self._margin = margin
        self._sends: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def reserve(self, operation_id: str, within: float | None = None) -> float | None:
        """Book a send slot for ``operation_id`` and return the seconds to wait before sending.

        Args:
            operation_id: The operation about to be sent.
            within: Book only a slot less than this many seconds away (None: any slot).

        Returns:
            The wait, or None (nothing booked) when the slot is not within ``within``.

        """
        limit = self._limits.get(operation_id)
        if limit is None:
            return 0.0 if within is None or within > 0 else None
        requests, period = limit
        with self._lock:
            now = self._clock.now()
            sends = self._sends.setdefault(budget_of(operation_id), deque())
            while sends and sends[0] <= now - period * (1 + self._margin):
                sends.popleft()
            slot = now
            if len(sends) >= requests:
                slot = max(now, sends[-requests] + period * (1 + self._margin))
            if within is not None and slot - now >= within:
                return None
            sends.append(slot)
            return slot - now
