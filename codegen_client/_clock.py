"""Time as the client sees it.

Everything in the package that waits (retries, rate-limit pacing, polling an agent run) or
reads the time goes through a `Clock`, so tests and the offline API can compress time
instead of sleeping for real durations.

- `SystemClock` is the default: real monotonic time, real sleeps.
- `ScaledClock` runs ``speed`` times faster than real time; safe with threads and tasks.
- `ManualClock` never sleeps: ``sleep`` advances the clock at once (single-threaded tests).
"""

from __future__ import annotations

import math
import threading
import time
from typing import Protocol, runtime_checkable

__all__ = ["Clock", "ManualClock", "ScaledClock", "SystemClock"]


@runtime_checkable
class Clock(Protocol):
    """What the client needs of time: a monotonic reading and a way to wait."""

    def now(self) -> float:
        """Return monotonic seconds (only differences are meaningful)."""
        ...

    def sleep(self, seconds: float) -> None:
        """Block the calling thread for ``seconds`` of this clock's time."""
        ...

    async def asleep(self, seconds: float) -> None:
        """Suspend the calling task for ``seconds`` of this clock's time."""
        ...


class SystemClock:
    """Real time: ``time.monotonic`` and real sleeps."""

    def now(self) -> float:
        """Return ``time.monotonic()``."""
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        """Sleep for real."""
        if seconds > 0:
            time.sleep(seconds)

    async def asleep(self, seconds: float) -> None:
        """Sleep for real without blocking the event loop."""
        if seconds > 0:
            import asyncio  # here, not at the top: asyncio costs ~15 ms of every start-up

            await asyncio.sleep(seconds)

    def __repr__(self) -> str:
        return "SystemClock()"


class ScaledClock:
    """A clock that runs ``speed`` times faster than real time.

    Examples:
        >>> clock = ScaledClock(speed=1000.0)  # a 60 s rate-limit window passes in 60 ms

    """

    def __init__(self, speed: float) -> None:
        # NaN and infinity pass a plain `speed <= 0` test, then turn every reading into NaN.
        if isinstance(speed, bool) or not isinstance(speed, (int, float)):
            raise ValueError(f"speed must be a number > 0, got {speed!r}")
        if not (math.isfinite(speed) and speed > 0):
            raise ValueError(f"speed must be a finite number > 0, got {speed!r}")
        self.speed = speed
        self._origin = time.monotonic()

    def now(self) -> float:
        """Return scaled seconds since the clock was made."""
        return (time.monotonic() - self._origin) * self.speed

    def sleep(self, seconds: float) -> None:
        """Sleep ``seconds / speed`` real seconds."""
        if seconds > 0:
            time.sleep(seconds / self.speed)

    async def asleep(self, seconds: float) -> None:
        """Sleep ``seconds / speed`` real seconds without blocking the loop."""
        if seconds > 0:
            import asyncio  # lazily, as in SystemClock.asleep

            await asyncio.sleep(seconds / self.speed)

    def __repr__(self) -> str:
        return f"ScaledClock(speed={self.speed!r})"


class ManualClock:
    """A clock that only moves when told to: ``sleep`` and ``advance`` move it forward at once.

    Use it from one thread (or one event loop); it records every sleep in ``sleeps``.

    Examples:
        >>> clock = ManualClock()
        >>> clock.sleep(5)
        >>> clock.now()
        5.0

    """

    def __init__(self, start: float = 0.0) -> None:
        self._now = float(start)
        self._lock = threading.Lock()
        self.sleeps: list[float] = []

    def now(self) -> float:
        """Return the clock's current reading."""
        return self._now

    def advance(self, seconds: float) -> None:
        """Move the clock forward by ``seconds``."""
        if seconds < 0:
            raise ValueError("a clock cannot go backwards")
        with self._lock:
            self._now += seconds

    def sleep(self, seconds: float) -> None:
        """Record the sleep and advance the clock, without waiting."""
        self.sleeps.append(seconds)
        if seconds > 0:
            self.advance(seconds)

    async def asleep(self, seconds: float) -> None:
        """Record the sleep, advance the clock and yield to the loop once."""
        self.sleep(seconds)
        import asyncio  # lazily, as in SystemClock.asleep

        await asyncio.sleep(0)

    def __repr__(self) -> str:
        return f"ManualClock(now={self._now!r})"
