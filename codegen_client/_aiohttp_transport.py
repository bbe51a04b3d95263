"""The aiohttp transport under `DefaultAioHttpClient` (``aiohttp`` extra).

It is ``httpx_aiohttp.AiohttpTransport`` with two changes that the client's promises need:

- A lost connection gets the httpx error that says what happened. httpx-aiohttp raises
  ``httpx.ConnectTimeout`` for every lost aiohttp connection: a refused connection then reads
  as a timeout, and one lost after the request left reads as "never sent", so a create whose
  answer was lost would be posted a second time. Here a refused or failed connection is
  ``httpx.ConnectError``, a connect timeout ``httpx.ConnectTimeout``, and a connection lost
  before the answer ``httpx.RemoteProtocolError`` (the request may have arrived). A body cut
  short is already ``httpx.ReadError``.
- aiohttp's session keeps no cookies: aiohttp adds the cookies of its own jar below httpx, where
  the client's header checks cannot remove them, and the client never sends a cookie.

Only `codegen_client._aiohttp` imports this module, when a client is made.
"""

from __future__ import annotations

import aiohttp
import httpx
from httpx_aiohttp import AiohttpTransport as _HttpxAiohttpTransport

__all__ = ["AiohttpTransport"]

# What httpx-aiohttp turns a lost connection into, whenever it was lost.
_CONNECT_TYPES = (httpx.ConnectError, httpx.ConnectTimeout)


def _lost_connection(exc: httpx.TransportError, request: httpx.Request) -> httpx.TransportError:
    """The httpx error for an aiohttp connection error that httpx-aiohttp raised as ``exc``."""
    cause = exc.__cause__
    message = str(exc) or type(cause).__name__
    if isinstance(cause, aiohttp.ConnectionTimeoutError):
        return httpx.ConnectTimeout(message, request=request)
    if isinstance(cause, aiohttp.ClientConnectorError):
        return httpx.ConnectError(message, request=request)
    return httpx.RemoteProtocolError(
        f"connection lost before the answer arrived: {message}", request=request
    )


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
        """Send ``request``; a lost connection raises the httpx error that says what happened."""
        try:
            response = await super().handle_async_request(request)
        except _CONNECT_TYPES as exc:
            if not isinstance(exc.__cause__, aiohttp.ClientError):
                raise
            raise _lost_connection(exc, request) from exc.__cause__
        return response
