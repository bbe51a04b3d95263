"""The auth that sends the Codegen key: set on each request as httpx sends it.

So no dict of headers holding the key sits in a local variable while a request is built (tools
that capture locals on a failure would record it), and a caller's own ``auth=`` never runs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator

import httpx

from codegen_client._secrets import MASK, HiddenKey

__all__ = ["CodegenAuth", "shown_headers"]

logger = logging.getLogger("codegen_client")


class CodegenAuth(httpx.Auth):
    """Sets the Codegen Bearer key on each request as it is sent, and logs the request line.

    Passed per request (``http.send(request, auth=...)``), it replaces any ``auth=`` of a
    caller's own httpx client, so Codegen gets the Codegen key and never the caller's
    credentials.

    Examples:
        >>> auth = CodegenAuth(HiddenKey("sk-example"))
        >>> auth
        CodegenAuth(<hidden>)

    """

    def __init__(self, key: HiddenKey) -> None:
        self._key = key
        # Whether a text holds the key (an extra header must not carry it anywhere else).
        self.holds: Callable[[str], bool] = key.found_in

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Put the key on ``request`` and hand it to httpx (see `httpx.Auth`).

        Args:
            request: The request about to be sent.

        Yields:
            The same request, with its Authorization header set.

        """
        request.headers["Authorization"] = self._key.bearer()
        logger.info("HTTP request: %s %s", request.method, request.url)
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("HTTP request headers: %s", shown_headers(request.headers))
        yield request

    def __repr__(self) -> str:
        return "CodegenAuth(<hidden>)"


def shown_headers(headers: httpx.Headers) -> dict[str, str]:
    """Return the headers as a dict fit for a log line: Authorization and cookies masked.

    Args:
        headers: The request's headers.

    Returns:
        Header names to values, the secret ones as ``Bearer ***`` or ``***``.

    """
    shown = {}
    for name, value in headers.items():
        lower = name.lower()
        if lower == "authorization":
            scheme = value.split(" ", 1)[0] if " " in value else ""
            shown[name] = f"{scheme} {MASK}".strip()
        elif lower in ("cookie", "proxy-authorization"):
            shown[name] = MASK
        else:
            shown[name] = value
    return shown
