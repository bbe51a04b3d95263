"""The offline API's notion of time: clock seconds since start, shown as real-looking stamps."""

from __future__ import annotations

import datetime as dt
import email.utils

from codegen_client._clock import Clock

__all__ = ["FakeTime"]

# Real bodies carried stamps from June 2025; each seed starts on its own day after that.
_BASE_EPOCH = dt.datetime(2025, 6, 21, 9, 0, 0)


class FakeTime:
    """Reads a `Clock` as seconds since the fake started and formats timestamps.

    Timestamps look like the real service's: ``2025-06-21 11:20:04.338398`` (UTC, no zone).

    Examples:
        >>> from codegen_client._clock import ManualClock
        >>> FakeTime(ManualClock(), seed=0).stamp(61.5)
        '2025-06-21 09:01:01.500000'

    """

    def __init__(self, clock: Clock, seed: int) -> None:
        self.clock = clock
        self._origin = clock.now()
        self.epoch = _BASE_EPOCH + dt.timedelta(days=seed % 366)

    def now(self) -> float:
        """Return clock seconds elapsed since the fake was made."""
        return self.clock.now() - self._origin

    def stamp(self, seconds: float) -> str:
        """Format fake time ``seconds`` as the service formats ``created_at``."""
        moment = self.epoch + dt.timedelta(seconds=seconds)
        return moment.strftime("%Y-%m-%d %H:%M:%S.%f")

    def http_date(self, seconds: float) -> str:
        """Format fake time ``seconds`` as an HTTP ``Date`` header (whole seconds, GMT)."""
        moment = self.epoch + dt.timedelta(seconds=seconds)
        return email.utils.format_datetime(moment.replace(tzinfo=dt.timezone.utc), usegmt=True)
