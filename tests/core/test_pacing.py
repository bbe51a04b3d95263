"""Client-side pacing within each operation's documented rate limit."""

from __future__ import annotations

import threading

from codegen_client import ManualClock, ScaledClock
from codegen_client._pacing import RateLimiter
from tests.both import Clients

from .helpers import Script, echo_run

OK = echo_run


def test_sixty_reads_go_at_once_and_the_sixty_first_waits_for_the_window(clients: Clients) -> None:
    """get_agent_run allows 60 per 30 s: the 61st call waits about 30 s, before sending."""
    clock = ManualClock()
    script = Script(OK)
    client = clients.scripted(script, clock)
    for _ in range(60):
        client.agents.get_agent_run(org_id=1, agent_run_id=7)
    assert clock.sleeps == []
    client.agents.get_agent_run(org_id=1, agent_run_id=7)
    assert len(clock.sleeps) == 1 and 30.0 <= clock.sleeps[0] <= 31.0
    assert len(script.requests) == 61


def test_creates_are_paced_at_ten_per_minute(clients: Clients) -> None:
    """The 11th create waits for the 60 s window; other operations are not held up."""
    clock = ManualClock()
    client = clients.scripted(Script(OK), clock)
    for _ in range(10):
        client.agents.create_agent_run(org_id=1, prompt="x")
    client.agents.get_agent_run(org_id=1, agent_run_id=7)
    assert clock.sleeps == []
    client.agents.create_agent_run(org_id=1, prompt="x")
    assert len(clock.sleeps) == 1 and 60.0 <= clock.sleeps[0] <= 62.0


def test_operations_without_a_limit_are_never_paced(clients: Clients) -> None:
    """resume has no documented limit: 100 calls, no waits."""
    clock = ManualClock()
    client = clients.scripted(Script(OK), clock)
    for _ in range(100):
        client.agents.resume_agent_run(org_id=1, agent_run_id=7, prompt="go")
    assert clock.sleeps == []


def test_pacing_can_be_switched_off(clients: Clients) -> None:
    """rate_limits=False sends at once, however many calls."""
    clock = ManualClock()
    client = clients.scripted(Script(OK), clock, rate_limits=False)
    for _ in range(70):
        client.agents.get_agent_run(org_id=1, agent_run_id=7)
    assert clock.sleeps == []


def test_concurrent_callers_get_distinct_slots_in_order() -> None:
    """Reservations made together queue up: each waits one slot longer than the one before.

    Single-sided: it drives the shared RateLimiter directly, with no client.
    """
    clock = ManualClock()
    limiter = RateLimiter(clock, {"op": (2, 10.0)}, margin=0.0)
    waits = [limiter.reserve("op") for _ in range(6)]
    assert waits == [0.0, 0.0, 10.0, 10.0, 20.0, 20.0]


def test_slots_free_up_as_time_passes() -> None:
    """After the window has passed, sends go at once again.

    Single-sided: it drives the shared RateLimiter directly, with no client.
    """
    clock = ManualClock()
    limiter = RateLimiter(clock, {"op": (2, 10.0)}, margin=0.0)
    limiter.reserve("op")
    limiter.reserve("op")
    clock.advance(10.0)
    assert limiter.reserve("op") == 0.0


def test_threads_never_get_slots_beyond_the_limit() -> None:
    """25 threads creating at once are given send slots at most 10 per 60 s, none shared.

    Single-sided: threads share the blocking client; an async client is driven by tasks on one loop.
    """
    seen = threading.local()

    class RecordingClock(ScaledClock):
        """Keeps the time each thread last read, so that a slot is the limiter's own now +
        wait (a second read after the booking would drift by scheduling delays x 5000)."""

        def now(self) -> float:
            seen.now = super().now()
            return float(seen.now)

    clock = RecordingClock(speed=5000.0)
    client = Script(echo_run).client(clock)  # type: ignore[arg-type]
    limiter = client._core.limiter
    slots: list[float] = []
    lock = threading.Lock()
    reserve = limiter.reserve

    def recording_reserve(operation_id: str, within: float | None = None) -> float | None:
        with lock:
            wait = reserve(operation_id, within)
            assert wait is not None
            slots.append(seen.now + wait)
        return wait

    limiter.reserve = recording_reserve  # type: ignore[method-assign]
    threads = [
        threading.Thread(target=client.agents.create_agent_run, args=(1, "x")) for _ in range(25)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    slots.sort()
    assert len(slots) == 25
    for i in range(len(slots) - 10):
        assert slots[i + 10] - slots[i] >= 60.0
