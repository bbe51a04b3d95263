"""The few places where the sync and async clients differ on purpose, each a pair of functions.

``scripts/unasync.py`` turns a call of the ``a``-named function in the async source into a call
of its plain twin in the sync tree. The async side awaits what a callback returns; the sync side
cannot await, so it refuses a coroutine function up front instead of dropping its coroutines
unawaited (the callback would silently never run). A create that joins another's flight (the
same request id, on the same client) blocks its thread on the sync side, and awaits on the
async side without blocking the event loop.
"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from codegen_client._exceptions import CodegenInputError

if TYPE_CHECKING:
    from codegen_client._agents.ledger import Flight
    from codegen_client_generated.models.agent_run_response import AgentRunResponse

__all__ = [
    "acall_back",
    "acheck_callback",
    "ajoin_flight",
    "call_back",
    "check_callback",
    "join_flight",
]


def check_callback(name: str, callback: Callable[..., Any] | None) -> None:
    """Refuse a callback that a blocking call could not run.

    Raises:
        CodegenInputError: ``callback`` is not callable, or is a coroutine function.

    """
    acheck_callback(name, callback)
    if inspect.iscoroutinefunction(callback):
        raise CodegenInputError(
            f"{name} is async, and a blocking call cannot await it: pass a plain function, "
            "or use AsyncCodegenClient"
        )


def acheck_callback(name: str, callback: Callable[..., Any] | None) -> None:
    """Refuse a callback that is neither None nor callable (plain and async ones are fine).

    Raises:
        CodegenInputError: ``callback`` is not callable.

    """
    if callback is not None and not callable(callback):
        raise CodegenInputError(f"{name} must be callable or None, got {type(callback).__name__}")


def call_back(callback: Callable[..., Any], *args: Any) -> None:
    """Call a plain callback (checked by `check_callback` beforehand)."""
    callback(*args)


async def acall_back(callback: Callable[..., Any], *args: Any) -> None:
    """Call a callback, and await what it returns when that is awaitable."""
    outcome = callback(*args)
    if inspect.isawaitable(outcome):
        await outcome


def join_flight(flight: Flight) -> AgentRunResponse | None:
    """Block until ``flight`` ends; its run (None: its leader was interrupted).

    Raises:
        BaseException: The leader's error.

    """
    flight.wait()
    return flight.outcome()


async def ajoin_flight(flight: Flight) -> AgentRunResponse | None:
    """Wait for ``flight`` to end without blocking the loop; its run (None: interrupted).

    The leader may run on another thread or event loop: it wakes this task through
    ``call_soon_threadsafe``.

    Raises:
        BaseException: The leader's error.

    """
    import asyncio  # lazily, as in SystemClock.asleep

    loop = asyncio.get_running_loop()
    landed: asyncio.Future[None] = loop.create_future()

    def settle() -> None:
        if not landed.done():
            landed.set_result(None)

    def wake() -> None:
        with contextlib.suppress(RuntimeError):  # the loop closed: nobody waits any more
            loop.call_soon_threadsafe(settle)

    flight.on_done(wake)
    await landed
    return flight.outcome()
