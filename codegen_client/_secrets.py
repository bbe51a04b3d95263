"""Keeping secrets out of sight: the API key's holder, and redaction of text and bodies.

The key lives in one :class:`HiddenKey` whose ``repr`` shows nothing;
:class:`codegen_client._auth.CodegenAuth` puts it on each request as httpx sends it.
:func:`redact` replaces secrets in text that came from the server with ``***``. This module does
not import httpx, so ``import codegen_client`` stays cheap.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

__all__ = [
    "MASK",
    "SECRET_FIELDS",
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


class HiddenKey:
    """Holds the API key; its ``repr`` and ``str`` never show it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def bearer(self) -> str:
        """Return the Authorization header value."""
        return f"Bearer {self._value}"

    def found_in(self, text: str) -> bool:
        """Whether ``text`` holds the key (so that it must not be sent or shown)."""
        return self._value in text

    def __repr__(self) -> str:
        return "HiddenKey(<hidden>)"

    __str__ = __repr__


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
    import httpx  # here: this module stays importable without httpx (cheap start-up)

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
