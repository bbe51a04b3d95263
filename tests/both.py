"""Run one behaviour test against both clients.

A test written in blocking style gets, through the ``codegen_client`` or ``clients`` fixture,
either a real ``CodegenClient`` or a real ``AsyncCodegenClient`` behind :class:`Blocking`, which
runs each coroutine the async client returns to completion on the test's own event loop (and
each ``async for`` paginator page by page). Nothing of the client is replaced: the async test
runs the async code, its transports and its awaited sleeps.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any, Literal

import httpx

from codegen_client import AsyncCodegenClient, CodegenClient
from codegen_client._async.pagination import AsyncPaginator

Flavor = Literal["sync", "async"]


class Blocking:
    """Drive an async client (or one of its namespaces) from blocking test code."""

    def __init__(self, target: Any, loop: asyncio.AbstractEventLoop) -> None:
        self._target = target
        self._loop = loop

    @property
    def wrapped(self) -> Any:
        """The async object itself."""
        return self._target

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if inspect.ismethod(value) or inspect.isfunction(value):
            return self._blocking(value)
        if callable(value) and inspect.iscoroutinefunction(value):
            return self._blocking(value)  # a with_raw_response method
        module = type(value).__module__
        if module.startswith(
            ("codegen_client._async", "codegen_client_generated.resources._async")
        ):
            return Blocking(value, self._loop)  # a namespace: users, agents, multi_run_agent, ...
        return value

    def __repr__(self) -> str:
        return repr(self._target)

    def _blocking(self, method: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            result = method(*args, **kwargs)
            if inspect.iscoroutine(result):
                return self._loop.run_until_complete(result)
            if isinstance(result, AsyncPaginator):
                return _Pages(result, self._loop)
            if isinstance(result, AsyncCodegenClient):
                return Blocking(result, self._loop)  # with_options
            return result

        return call

    def __enter__(self) -> Blocking:
        return self

    def __exit__(self, *exc: object) -> None:
        self._loop.run_until_complete(self._target.close())


class _Pages:
    """An ``AsyncPaginator`` iterated from blocking code, one awaited item at a time."""

    def __init__(self, pages: AsyncPaginator[Any], loop: asyncio.AbstractEventLoop) -> None:
        self._pages = pages
        self._loop = loop

    def __iter__(self) -> Iterator[Any]:
        items: AsyncIterator[Any] = aiter(self._pages)
        while True:
            try:
                yield self._loop.run_until_complete(anext(items))
            except StopAsyncIteration:
                return


def _awaited(hook: Callable[..., Any]) -> Callable[..., Any]:
    """``hook`` as an httpx.AsyncClient calls event hooks: a coroutine function."""
    if inspect.iscoroutinefunction(hook):
        return hook

    async def call(*args: Any) -> Any:
        return hook(*args)

    return call


class Clients:
    """Makes clients of one flavor for a test; closes the async ones and their loop after it."""

    def __init__(self, flavor: Flavor) -> None:
        self.flavor = flavor
        self.loop = asyncio.new_event_loop()
        self._opened: list[AsyncCodegenClient] = []
        self._own_http: list[httpx.Client | httpx.AsyncClient] = []

    @property
    def is_async(self) -> bool:
        """True when this test runs against AsyncCodegenClient."""
        return self.flavor == "async"

    def wrap(self, client: CodegenClient | AsyncCodegenClient) -> Any:
        """Return ``client`` ready for blocking test code."""
        if isinstance(client, AsyncCodegenClient):
            self._opened.append(client)
            return Blocking(client, self.loop)
        return client

    def http_client(self, **options: Any) -> httpx.Client | httpx.AsyncClient:
        """An own httpx client of this flavor (``httpx.Client`` or ``httpx.AsyncClient``).

        It is closed after the test, like a caller's own client that outlives the Codegen one.

        ``options`` go to its constructor. A ``transport`` may be a sync ``httpx.MockTransport``
        on either flavor (it serves both). Plain-function ``event_hooks`` become coroutines on the
        async flavor, since an ``AsyncClient`` awaits its hooks.
        """
        http: httpx.Client | httpx.AsyncClient
        if self.is_async:
            hooks = options.get("event_hooks")
            if hooks:
                options["event_hooks"] = {
                    event: [_awaited(hook) for hook in listed] for event, listed in hooks.items()
                }
            http = httpx.AsyncClient(**options)
        else:
            http = httpx.Client(**options)
        self._own_http.append(http)
        return http

    def new(self, *, transport: httpx.BaseTransport | None = None, **kwargs: Any) -> Any:
        """A client of this flavor made with ``kwargs``, sending through ``transport``."""
        if transport is not None:
            kwargs["http_client"] = self.http_client(transport=transport)
        if self.is_async:
            return self.wrap(AsyncCodegenClient(**kwargs))
        return CodegenClient(**kwargs)

    def of(self, fake: Any, **kwargs: Any) -> Any:
        """A client of this flavor wired to a ``FakeCodegenAPI`` (``kwargs`` for its factory)."""
        return self.wrap(fake.async_client(**kwargs) if self.is_async else fake.client(**kwargs))

    def scripted(self, script: Any, *args: Any, **kwargs: Any) -> Any:
        """A client of this flavor answered by a ``tests.core.helpers.Script``."""
        make = script.async_client if self.is_async else script.client
        return self.wrap(make(*args, **kwargs))

    def close(self) -> None:
        """Close every async client and own httpx client made here, then the loop."""
        for client in self._opened:
            self.loop.run_until_complete(client.close())
        for http in self._own_http:
            if isinstance(http, httpx.AsyncClient):
                self.loop.run_until_complete(http.aclose())
            else:
                http.close()
        self.loop.close()
