"""Client-side pacing within each operation's documented rate limit.

Written by hand because the waits must go through the client's injectable clock (so tests and
the offline API can compress time) and one budget must serve threads and event loops alike.
"""

from __future__ import annotations

import threading
from collections import deque

from codegen_client._clock import Clock

__all__ = ["RateLimiter"]


class RateLimiter:
    """Sliding-window pacing: at most ``requests`` sends in any ``period`` per operation.

    :meth:`reserve` books the earliest send slot and returns how long to wait for it, so
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

    def reserve(self, operation_id: str) -> float:
        """Book a send slot for ``operation_id`` and return the seconds to wait before sending."""
        limit = self._limits.get(operation_id)
        if limit is None:
            return 0.0
        requests, period = limit
        with self._lock:
            now = self._clock.now()
            sends = self._sends.setdefault(operation_id, deque())
            while sends and sends[0] <= now - period * (1 + self._margin):
                sends.popleft()
            slot = now
            if len(sends) >= requests:
                slot = max(now, sends[-requests] + period * (1 + self._margin))
            sends.append(slot)
            return slot - now
