"""Client-side pacing within each operation's documented rate limit, on a pluggable back end.

How the budget is shared (`budget_of`): the API documents a limit on each endpoint (in
each operation's description) and nowhere says that endpoints share one; so every operation
has a budget of its own, per API key. ``get_agent_run`` and ``list_agent_runs`` may each be
called 60 times in 30 s. The offline API (``codegen_client.testing``) counts by the same rule.

Where the budget lives is a `RateLimitBackend`: `LocalRateLimitBackend` (this process, the
default) or `RedisRateLimitBackend` (one budget for every process and machine that uses the same
Redis, ``rate_limit_url=``).

Written by hand because the waits must go through the client's injectable clock (so tests and
the offline API can compress time) and one budget must serve threads and event loops alike.
"""

from __future__ import annotations

import hashlib
import threading
from collections import deque
from typing import Protocol, runtime_checkable

from codegen_client._clock import Clock

__all__ = [
    "LocalRateLimitBackend",
    "RateLimitBackend",
    "RateLimiter",
    "budget_namespace",
    "budget_of",
]


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


def budget_namespace(base_url: str, api_key: str) -> str:
    """The name under which one key's budgets on one API are kept: a SHA-256, never the key.

    Args:
        base_url: The API's base URL (two APIs never share a budget).
        api_key: The API key the budgets belong to.

    Returns:
        64 hex digits.

    """
    return hashlib.sha256(f"{base_url}\n{api_key}".encode()).hexdigest()


@runtime_checkable
class RateLimitBackend(Protocol):
    """Where send slots are booked: a sliding window of ``requests`` per ``period`` per budget.

    Both methods book the earliest slot at which a send keeps the budget within its limit
    and return the seconds to wait for it (0 for now), or None, booking nothing, when that
    slot is ``within`` seconds away or more. Seconds are the client clock's. The sync client
    calls `reserve`, the async one `areserve`.
    """

    def reserve(
        self, budget: str, requests: int, period: float, within: float | None, clock: Clock
    ) -> float | None:
        """Book a slot (blocking)."""

    async def areserve(
        self, budget: str, requests: int, period: float, within: float | None, clock: Clock
    ) -> float | None:
        """Book a slot (awaitable)."""


class LocalRateLimitBackend:
    """The budgets of this process alone, on the client's clock (the default back end).

    Examples:
        >>> from codegen_client import ManualClock
        >>> local = LocalRateLimitBackend()
        >>> clock = ManualClock()
        >>> waits = [local.reserve("k:op", 2, 10.0, None, clock) for _ in range(3)]
        >>> waits
        [0.0, 0.0, 10.0]

    """

    def __init__(self) -> None:
        self._sends: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def reserve(
        self, budget: str, requests: int, period: float, within: float | None, clock: Clock
    ) -> float | None:
        """Book the earliest slot of ``budget`` (see `RateLimitBackend`)."""
        with self._lock:
            now = clock.now()
            sends = self._sends.setdefault(budget, deque())
            while sends and sends[0] <= now - period:
                sends.popleft()
            slot = now
            if len(sends) >= requests:
                slot = max(now, sends[-requests] + period)
            if within is not None and slot - now >= within:
                return None
            sends.append(slot)
            return slot - now

    async def areserve(
        self, budget: str, requests: int, period: float, within: float | None, clock: Clock
    ) -> float | None:
        """The same as `reserve`: booking in memory never blocks."""
        return self.reserve(budget, requests, period, within, clock)

    def after_fork(self) -> None:
        """In a forked child: a lock a parent's thread held at the fork would never be freed."""
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return "LocalRateLimitBackend()"


class RateLimiter:
    """Sliding-window pacing: at most ``requests`` sends in any ``period`` per operation.

    `reserve` books the earliest send slot and returns how long to wait for it, so
    concurrent callers queue up in order instead of all firing and collecting 429s.

    Args:
        clock: Where time is read.
        limits: ``{operation_id: (requests, period_seconds)}``; operations not listed are unpaced.
        margin: Fraction of the period added to each wait, to absorb clock skew with the server.
        backend: Where slots are booked (default: a `LocalRateLimitBackend` of its own).
        namespace: Prefix of every budget's name (`budget_namespace`).

    """

    def __init__(
        self,
        clock: Clock,
        limits: dict[str, tuple[int, float]],
        margin: float = 0.02,
        *,
        backend: RateLimitBackend | None = None,
        namespace: str = "",
    ) -> None:
        self._clock = clock
        self._limits = limits
        self._margin = margin
        self.backend: RateLimitBackend = backend or LocalRateLimitBackend()
        self._namespace = namespace

    def _budget(self, operation_id: str) -> tuple[str, int, float] | None:
        limit = self._limits.get(operation_id)
        if limit is None:
            return None
        requests, period = limit
        name = budget_of(operation_id)
        return (
            (f"{self._namespace}:{name}" if self._namespace else name),
            requests,
            period * (1 + self._margin),
        )

    def reserve(self, operation_id: str, within: float | None = None) -> float | None:
        """Book a send slot for ``operation_id`` and return the seconds to wait before sending.

        Args:
            operation_id: The operation about to be sent.
            within: Book only a slot less than this many seconds away (None: any slot).

        Returns:
            The wait, or None (nothing booked) when the slot is not within ``within``.

        """
        budget = self._budget(operation_id)
        if budget is None:
            return 0.0 if within is None or within > 0 else None
        return self.backend.reserve(*budget, within, self._clock)

    async def areserve(self, operation_id: str, within: float | None = None) -> float | None:
        """The awaitable `reserve`, for the async client (a Redis back end awaits I/O)."""
        budget = self._budget(operation_id)
        if budget is None:
            return 0.0 if within is None or within > 0 else None
        return await self.backend.areserve(*budget, within, self._clock)

    def sent(self) -> None:
        """Tell the back end that the call that booked last (in this thread or task) was answered.

        A back end with a ``sent()`` method (the Redis one) then dates the booking by the
        answer, which came after the API counted the request; the in-process one has none.
        """
        sent = getattr(self.backend, "sent", None)
        if sent is not None:
            sent(self._clock)

    async def asent(self) -> None:
        """The awaitable `sent`."""
        asent = getattr(self.backend, "asent", None)
        if asent is not None:
            await asent(self._clock)
