"""Run one test body on the sync and the async client: ``done()`` finishes either's result."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable
from typing import Any, TypeVar

import pytest

T = TypeVar("T")

FLAVORS = pytest.mark.parametrize("flavor", ["sync", "async"])


def done(value: T | Awaitable[T]) -> T:
    """The value itself (sync client), or what the coroutine returns (async client)."""
    if inspect.isawaitable(value):

        async def finish() -> T:
            return await value

        return asyncio.run(finish())
    return value


def collect(iterable: Any) -> list[Any]:
    """Every item of a paginator, sync or async."""
    if hasattr(iterable, "__aiter__"):

        async def gather() -> list[Any]:
            return [item async for item in iterable]

        return asyncio.run(gather())
    return list(iterable)


def client_of(source: Any, flavor: str, **kwargs: Any) -> Any:
    """``source.client(...)`` or ``source.async_client(...)`` (a Script or a FakeCodegenAPI)."""
    return source.client(**kwargs) if flavor == "sync" else source.async_client(**kwargs)
