"""Keeping secrets out of sight: the API key's holder, the auth that sends it, and redaction.

The key lives in one :class:`HiddenKey` whose ``repr`` shows nothing. :class:`CodegenAuth` puts it
on each request as httpx sends it, so no dict of headers holding the key sits in a local
variable while a request is built (tools that capture locals on a failure would record it).
:func:`redact` replaces secrets in text that came from the server with ``***``.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Generator, Iterable, Iterator
from typing import Any

import httpx

__all__ = [
    "MASK",
    "SECRET_FIELDS",
    "CodegenAuth",
    "HiddenKey",
    "redact",
    "redact_value",
    "secrets_of_request",
]

MASK = "***"
# Body fields whose values are secrets, wherever they appear (webhook secrets, Slack connect
# tokens, OAuth tokens).
SECRET_FIELDS = frozenset(
    {"secret", "token", "access_token", "refresh_token", "client_secret", "api_key", "password"}
)
# "Bearer <token>" in any text: a server that echoes the header it got.
_BEARER = re.compile(r"(?i)\b(bearer)(\s+)[^\s\"',;)}\]]{8,}")
_MIN_SECRET = 4  # shorter values would blank out ordinary words

logger = logging.getLogger("codegen_client")


class HiddenKey:
    """Holds the API key; its ``repr`` and ``str`` never show it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def bearer(self) -> str:
        """Return the Authorization header value."""
        return f"Bearer {self._value}"

    def __repr__(self) -> str:
        return "HiddenKey(<hidden>)"

    __str__ = __repr__


class CodegenAuth(httpx.Auth):
    """Sets the Codegen Bearer key on each request as it is sent, and logs the request line.

    Passed per request (``http.send(request, auth=...)``), it replaces any ``auth=`` of a
    caller's own httpx client, so Codegen gets the Codegen key and never the caller's
    credentials.

    Example:
        >>> auth = CodegenAuth(HiddenKey("sk-example"))
        >>> auth
        CodegenAuth(<hidden>)

    """

    def __init__(self, key: HiddenKey) -> None:
        self._key = key

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Put the key on ``request`` and hand it to httpx (see :class:`httpx.Auth`).

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


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """Replace every ``secret`` and every ``Bearer <token>`` in ``text`` with ``***``.

    Args:
        text: Text that may echo a secret (a server's error message, say).
        secrets: The values to hide (the API key, webhook secrets, ...).

    Returns:
        The text with each secret shown as ``***``.

    Example:
        >>> redact("Invalid token: Bearer sk-123456", ["sk-123456"])
        'Invalid token: Bearer ***'

    """
    for secret in sorted({s for s in secrets if len(s) >= _MIN_SECRET}, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return _BEARER.sub(lambda m: f"{m.group(1)}{m.group(2)}{MASK}", text)


def redact_value(value: Any, secrets: Iterable[str] = ()) -> Any:
    """Redact every string in a parsed JSON value (dicts and lists are copied, not changed).

    Args:
        value: A parsed JSON body, or text.
        secrets: The values to hide.

    Returns:
        The same shape with each string passed through :func:`redact`.

    """
    hidden = list(secrets)
    # Iterative, so a body nested as deep as the JSON decoder allows cannot overflow the stack.
    root: list[Any] = [value]
    stack: list[tuple[Any, list[Any] | dict[Any, Any], Any]] = [(value, root, 0)]
    while stack:
        item, parent, slot = stack.pop()
        if isinstance(item, str):
            parent[slot] = redact(item, hidden)
        elif isinstance(item, dict):
            copy: dict[Any, Any] = {}
            parent[slot] = copy
            for key, child in item.items():
                copy[key] = child
                stack.append((child, copy, key))
        elif isinstance(item, list):
            items = list(item)
            parent[slot] = items
            stack.extend((child, items, index) for index, child in enumerate(items))
    return root[0]


def secrets_of_request(request: httpx.Request) -> list[str]:
    """The secrets a request carried: its Bearer key and any secret fields of its JSON body.

    Args:
        request: The request a response answers.

    Returns:
        The values to hide in anything built from the response.

    """
    found = []
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token:
        found.append(token)
    try:
        body = json.loads(request.content) if request.content else None
    except (ValueError, RecursionError, httpx.RequestNotRead):  # no JSON body fields to find
        body = None
    found.extend(secret_fields(body))
    return found


def secret_fields(value: Any) -> Iterator[str]:
    """Yield the string values of :data:`SECRET_FIELDS` anywhere in a parsed JSON value.

    Args:
        value: A parsed JSON body.

    Yields:
        Each secret string found.

    """
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, child in item.items():
                if isinstance(key, str) and key.lower() in SECRET_FIELDS and isinstance(child, str):
                    yield child
                else:
                    stack.append(child)
        elif isinstance(item, list):
            stack.extend(item)
