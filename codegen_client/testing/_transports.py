"""httpx transports that answer from a `FakeCodegenAPI` in-process."""

from __future__ import annotations

from typing import Protocol

import httpx

__all__ = ["AsyncFakeTransport", "FakeTransport"]


class _Answers(Protocol):
    """What the transports need of a `FakeCodegenAPI`."""

    def handle(self, request: httpx.Request) -> httpx.Response: ...

    async def ahandle(self, request: httpx.Request) -> httpx.Response: ...


class FakeTransport(httpx.BaseTransport):
    """Sync transport: every request goes to ``api.handle`` (slow faults wait on its clock).

    Examples:
        >>> client = httpx.Client(transport=FakeTransport(fake))  # doctest: +SKIP

    """

    def __init__(self, api: _Answers) -> None:
        self._api = api

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Answer ``request`` from the fake.

        Args:
            request: The outgoing request.

        Returns:
            The fake's response.

        Raises:
            httpx.TransportError: when an injected fault drops or loses the exchange.

        """
        return self._api.handle(request)


class AsyncFakeTransport(httpx.AsyncBaseTransport):
    """Async transport: like `FakeTransport`, slow faults await ``clock.asleep``."""

    def __init__(self, api: _Answers) -> None:
        self._api = api

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Answer ``request`` from the fake without blocking the event loop.

        Args:
            request: The outgoing request.

        Returns:
            The fake's response.

        Raises:
            httpx.TransportError: when an injected fault drops or loses the exchange.

        """
        return await self._api.ahandle(request)
