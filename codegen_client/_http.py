"""The httpx clients the package makes itself: no cookie jar.

The client never sends a cookie, so it keeps none: httpx's own clients read every response's
``Set-Cookie`` into their jar (tens of microseconds a call). A caller's own ``http_client``
keeps its jar, which the client still never sends (its requests are built without it).
"""

from __future__ import annotations

import httpx

__all__ = ["AsyncOwnClient", "OwnClient"]


class _NoCookies(httpx.Cookies):
    """A cookie jar that stores nothing and sends nothing."""

    def extract_cookies(self, response: httpx.Response) -> None:
        """Keep nothing of the response's ``Set-Cookie``."""

    def set_cookie_header(self, request: httpx.Request) -> None:
        """Add no ``Cookie`` header."""


class _NoJar:
    """Put first among the bases of an httpx client: its ``cookies`` are a jar that stays empty."""

    _no_cookies = _NoCookies()

    @property
    def cookies(self) -> httpx.Cookies:
        """An empty jar that stays empty."""
        return self._no_cookies

    @cookies.setter
    def cookies(self, cookies: object) -> None:
        """Ignored: this client keeps no cookies."""


class OwnClient(_NoJar, httpx.Client):
    """An ``httpx.Client`` without a cookie jar (the one a ``CodegenClient`` makes itself)."""


class AsyncOwnClient(_NoJar, httpx.AsyncClient):
    """An ``httpx.AsyncClient`` without a cookie jar (the one an ``AsyncCodegenClient`` makes)."""
