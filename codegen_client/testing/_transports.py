"""httpx transports that answer from a :class:`FakeCodegenAPI` in-process."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from codegen_client.testing._app import FakeCodegenAPI

__all__ = ["AsyncFakeTransport", "FakeTransport"]


class FakeTransport(httpx.BaseTransport):
    """Sync transport: every request goes to ``api.handle`` (slow faults wait on its clock).

    Example:
        >>> client = httpx.Client(transport=FakeTransport(fake))  # doctest: +SKIP

    """

    def __init__(self, api: FakeCodegenAPI) -> None:
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
    """Async transport: like :class:`FakeTransport`, slow faults await ``clock.asleep``."""

    def __init__(self, api: FakeCodegenAPI) -> None:
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
