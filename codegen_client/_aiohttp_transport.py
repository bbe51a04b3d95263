"""The aiohttp transport under :class:`~codegen_client.DefaultAioHttpClient` (``aiohttp`` extra).

It is ``httpx_aiohttp.AiohttpTransport`` with two changes that the client's promises need:

- A connection lost once the request may have left is raised as ``httpx.RemoteProtocolError``
  (before the answer) or ``httpx.ReadError`` (while its body arrives). httpx-aiohttp raises
  ``httpx.ConnectTimeout`` for every lost aiohttp connection, and that type tells the client the
  request never left, so a create whose answer was lost would be posted a second time.
- aiohttp's session keeps no cookies: aiohttp adds the cookies of its own jar below httpx, where
  the client's header checks cannot remove them, and the client never sends a cookie.

Only :mod:`codegen_client._aiohttp` imports this module, when a client is made.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import httpx
from httpx_aiohttp import AiohttpTransport as _HttpxAiohttpTransport

from codegen_client._errors_map import never_sent

__all__ = ["AiohttpTransport"]

# What httpx-aiohttp turns a lost connection into, whenever it was lost.
_CONNECT_TYPES = (httpx.ConnectError, httpx.ConnectTimeout)


class _Body(httpx.AsyncByteStream):
    """A response body whose lost connection is a read error: the request had left."""

    def __init__(self, inner: httpx.AsyncByteStream, request: httpx.Request) -> None:
        self._inner = inner
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._inner:
                yield chunk
        except _CONNECT_TYPES as exc:
            raise httpx.ReadError(str(exc), request=self._request) from exc

    async def aclose(self) -> None:
        await self._inner.aclose()


class AiohttpTransport(_HttpxAiohttpTransport):
    """httpx-aiohttp's transport on a session without cookies, with lost connections told apart."""

    def get_client(self) -> aiohttp.ClientSession:
        """Make the aiohttp session: the connection limits of ``limits``, no cookie jar."""
        limits = self.limits
        connector = aiohttp.TCPConnector(
            limit=limits.max_connections or 0,  # 0: no limit, as None is for httpx
            keepalive_timeout=limits.keepalive_expiry,
            ssl=self.ssl_context,
        )
        return aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar())

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request``; a connection lost after it may have left is not a connect error."""
        try:
            response = await super().handle_async_request(request)
        except _CONNECT_TYPES as exc:
            if never_sent(exc):
                raise
            detail = str(exc) or type(exc.__cause__).__name__
            raise httpx.RemoteProtocolError(
                f"connection lost before the answer arrived: {detail}", request=request
            ) from exc
        assert isinstance(response.stream, httpx.AsyncByteStream)
        response.stream = _Body(response.stream, request)
        return response
