"""Per-token sliding-window rate limits on the fake's clock, one budget per operation.

Which calls share a window is the client's rule, `codegen_client._pacing.budget_of`,
so the offline API and the client's pacer always agree.
"""

from __future__ import annotations

from collections import deque

from codegen_client._pacing import budget_of
from codegen_client.testing._routing import RateLimit

__all__ = ["SlidingWindowLimiter"]


class SlidingWindowLimiter:
    """Allows at most ``limit.requests`` hits in any window of ``limit.period_seconds``.

    Written by hand: the library limiters read the wall clock, and this one must read the
    fake's injected clock.

    Examples:
        >>> limiter = SlidingWindowLimiter()
        >>> all(limiter.allow(("tok", "get_models"), RateLimit(2, 30.0), 0.0) for _ in range(2))
        True
        >>> limiter.allow(("tok", "get_models"), RateLimit(2, 30.0), 29.9)
        False
        >>> limiter.allow(("tok", "get_models"), RateLimit(2, 30.0), 30.0)
        True

    """

    def __init__(self) -> None:
        self._hits: dict[tuple[str, str], deque[float]] = {}

    def allow(self, key: tuple[str, str], limit: RateLimit, now: float) -> bool:
        """Record a hit for ``key`` at ``now`` if the window has room.

        Args:
            key: ``(token, operation_id)``.
            limit: The operation's limit.
            now: Current fake time in seconds.

        Returns:
            True when the request may proceed; False means answer 429 (not recorded).

        """
        token, operation_id = key
        hits = self._hits.setdefault((token, budget_of(operation_id)), deque())
        while hits and hits[0] <= now - limit.period_seconds:
            hits.popleft()
        if len(hits) >= limit.requests:
            return False
        hits.append(now)
        return True

    def reset(self) -> None:
        """Forget every recorded hit."""
        self._hits.clear()
