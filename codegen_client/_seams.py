"""The few places where the sync and async clients differ on purpose, each a pair of functions.

``scripts/unasync.py`` turns a call of the ``a``-named function in the async source into a call
of its plain twin in the sync tree. The async side awaits what a callback returns; the sync side
cannot await, so it refuses a coroutine function up front instead of dropping its coroutines
unawaited (the callback would silently never run).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from codegen_client._exceptions import CodegenInputError

__all__ = ["acall_back", "acheck_callback", "call_back", "check_callback"]


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
