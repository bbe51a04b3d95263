"""The clocks: ScaledClock's speed check, ManualClock's readings."""

from __future__ import annotations

import math

import pytest

from codegen_client import ManualClock, ScaledClock


@pytest.mark.parametrize("speed", [0, -2.0, math.nan, math.inf, True, "fast"])
def test_scaled_clock_refuses_a_speed_that_is_not_a_finite_positive_number(speed: object) -> None:
    """ScaledClock(speed) raises ValueError for zero, negative, NaN, infinite or non-numbers."""
    with pytest.raises(ValueError, match="speed must be"):
        ScaledClock(speed)  # type: ignore[arg-type]


def test_manual_clock_moves_only_when_told() -> None:
    """ManualClock advances by each sleep, records it, and refuses to go backwards."""
    clock = ManualClock(start=10.0)
    clock.sleep(2.5)
    clock.advance(1.0)
    assert clock.now() == 13.5
    assert clock.sleeps == [2.5]
    with pytest.raises(ValueError, match="backwards"):
        clock.advance(-1.0)
