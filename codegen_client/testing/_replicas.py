"""Which copy of the run list answers a list request, and how far behind the store it is.

A real service may answer reads from replicas that lag the primary by different amounts, and a
filtered query (by user or source) from an index that lags more. `Replicas` plays that:
each list request is answered by one replica, taken in turn or at random (seeded), which shows
a run ``lag`` seconds after it was stored; filtered requests add ``filtered_lag``. Within one
answer the view is consistent: a replica shows every run stored up to a moment, and none after.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import Literal

__all__ = ["ReplicaPick", "Replicas", "check_lag"]

ReplicaPick = Literal["cycle", "random"]


def check_lag(name: str, seconds: object) -> float:
    """Return ``seconds`` as a float when it is a finite number >= 0.

    Raises:
        ValueError: It is not.

    """
    if (
        isinstance(seconds, bool)
        or not isinstance(seconds, (int, float))
        or not math.isfinite(seconds)
        or seconds < 0
    ):
        raise ValueError(f"{name} must be a number of seconds >= 0, got {seconds!r}")
    return float(seconds)


class Replicas:
    """The replicas behind run lists (none: every list is current, bar ``list_lag``)."""

    def __init__(self, seed: int) -> None:
        self._lags: tuple[float, ...] = ()
        self._pick: ReplicaPick = "cycle"
        self.filtered_lag = 0.0
        self._turn = 0
        self._rng = random.Random(seed)

    @property
    def lags(self) -> tuple[float, ...]:
        """How far behind each replica is (seconds)."""
        return self._lags

    def configure(self, lags: Sequence[float], pick: ReplicaPick) -> None:
        """Set the replicas' lags, and whether requests take them in turn or at random.

        Raises:
            ValueError: A lag is not a number of seconds >= 0, or ``pick`` is unknown.

        """
        if pick not in ("cycle", "random"):
            raise ValueError(f"replica_pick must be 'cycle' or 'random', got {pick!r}")
        if isinstance(lags, (str, bytes)) or not isinstance(lags, Sequence):
            raise ValueError(f"replica_lags must be a sequence of seconds, got {lags!r}")
        self._lags = tuple(check_lag("each of replica_lags", lag) for lag in lags)
        self._pick = pick
        self._turn = 0

    def lag_for(self, *, filtered: bool) -> float:
        """The lag of the replica that answers the next list request."""
        lag = 0.0
        if self._lags:
            if self._pick == "random":
                lag = self._rng.choice(self._lags)
            else:
                lag = self._lags[self._turn % len(self._lags)]
                self._turn += 1
        return lag + (self.filtered_lag if filtered else 0.0)
