"""Keeping secrets out of sight: the API key's holder, and redaction of text and bodies.

The key lives in one `HiddenKey` whose ``repr`` shows nothing;
`codegen_client._auth.CodegenAuth` puts it on each request as httpx sends it.
`redact` replaces secrets in text that came from the server with ``***``. This module does
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
    "HiddenURL",
    "redact",
    "redact_value",
    "secrets_of_request",
    "shown_url",
    "strip_credentials",
]

MASK = "***"
# Body fields whose values are secrets, wherever they appear (webhook secrets, Slack connect
# tokens, OAuth tokens).
SECRET_FIELDS = frozenset(
    {"secret", "token", "access_token", "refresh_token", "client_secret", "api_key", "password"}
)
# "Bearer <token>" in any text: a server that echoes the header it got.
# A backslash ends the token too, so a JSON-escaped quote after it stays intact.
_BEARER = re.compile(r"(?i)\b(bearer)(\s+)[^\s\"'\\,;)}\]]{8,}")
_MIN_SECRET = 4  # shorter values would blank out ordinary words


class HiddenKey:
    """Holds a secret (the API key); ``repr``, ``str``, pickle and copies never show it.

    ``vars``, ``dataclasses.asdict`` and ``rich.inspect`` of an object holding one show
    ``HiddenKey(<hidden>)``. Pickled, it leaves the secret behind: what is unpickled holds
    none, and `get_secret_value` then raises.

    Examples:
        >>> key = HiddenKey("sk-example")
        >>> key, key.get_secret_value()
        (HiddenKey(<hidden>), 'sk-example')

    """

    __slots__ = ("_value",)

    def __init__(self, value: str | None) -> None:
        self._value = value

    def get_secret_value(self) -> str:
        """Return the secret itself.

        Raises:
            CodegenInputError: This holder came out of pickle, which never carries the secret.

        """
        if self._value is None:
            from codegen_client._exceptions import CodegenInputError

            raise CodegenInputError(
                "this secret was unpickled, and pickle never carries it: make the client (or "
                "its settings) in this process, from CODEGEN_API_KEY or api_key=..."
            )
        return self._value

    def bearer(self) -> str:
        """Return the Authorization header value."""
        return f"Bearer {self.get_secret_value()}"

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._value == other._value

    def __hash__(self) -> int:
        return hash((type(self), self._value))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (None,))

    def __copy__(self) -> HiddenKey:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> HiddenKey:
        return self

    def found_in(self, text: str) -> bool:
        """Whether ``text`` holds the key (so that it must not be sent or shown)."""
        return self._value is not None and self._value in text

    def __repr__(self) -> str:
        return f"{type(self).__name__}(<hidden>)"

    __str__ = __repr__


class HiddenURL(HiddenKey):
    """A URL that may carry a password (``redis://:pw@host``); its ``repr`` shows ``***`` for it.

    Examples:
        >>> HiddenURL("redis://:pw@cache:6379/0")
        HiddenURL('redis://***@cache:6379/0')

    """

    __slots__ = ("shown",)

    def __init__(self, value: str | None, shown: str | None = None) -> None:
        super().__init__(value)
        self.shown = shown if shown is not None else shown_url(value or "")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (None, self.shown))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.shown!r})"

    __str__ = __repr__


def shown_url(text: str) -> str:
    """A URL fit for a message: user info and query replaced with ``***``, controls escaped.

    Examples:
        >>> shown_url("https://me:pw@host/v1?token=x")
        'https://***@host/v1?***'

    """
    scheme, sep, rest = text.partition("://")
    if not sep:
        scheme, rest = "", text
    authority, slash, path = rest.partition("/")
    if "@" in authority:
        authority = "***@" + authority.rpartition("@")[2]
    shown = f"{scheme}{sep}{authority}{slash}{path}"
    for mark in ("?", "#"):
        head, found, _ = shown.partition(mark)
        shown = f"{head}{mark}***" if found else shown
    return repr(shown)[1:-1][:200]


def redact(text: str, secrets: Iterable[str] = (), mask: str = MASK) -> str:
    """Replace every ``secret`` and every ``Bearer <token>`` in ``text`` with ``***``.

    Args:
        text: Text that may echo a secret (a server's error message, say).
        secrets: The values to hide (the API key, webhook secrets, ...).
        mask: What each secret is replaced with.

    Returns:
        The text with each secret shown as ``***``.

    Examples:
        >>> redact("Invalid token: Bearer sk-123456", ["sk-123456"])
        'Invalid token: Bearer ***'

    """
    for secret in sorted({s for s in secrets if len(s) >= _MIN_SECRET}, key=len, reverse=True):
        text = text.replace(secret, mask)
    return _BEARER.sub(lambda m: f"{m.group(1)}{m.group(2)}{mask}", text)


def redact_value(value: Any, secrets: Iterable[str] = ()) -> Any:
    """Redact every string in a parsed JSON value (dicts and lists are copied, not changed).

    Args:
        value: A parsed JSON body, or text.
        secrets: The values to hide.

    Returns:
        The same shape with each string passed through `redact`.

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
    """Yield the string values of `SECRET_FIELDS` anywhere in a parsed JSON value.

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


def strip_credentials(response: httpx.Response) -> None:
    """Give ``response`` a copy of its request without the Authorization header (the API key).

    Errors and captured responses keep the response, and the response its request: this keeps
    the key out of pickles of them (a Celery result backend, a multiprocessing queue). The
    request that was sent is not changed (a retry sends it again).

    Args:
        response: A response that has arrived.

    """
    import httpx

    request = response.request
    secret = ("authorization", "proxy-authorization")
    if not any(name in request.headers for name in secret):
        return
    try:
        content = request.content
    except httpx.RequestNotRead:  # a streamed body: the copy has none
        content = b""
    kept = [(k, v) for k, v in request.headers.multi_items() if k.lower() not in secret]
    response.request = httpx.Request(request.method, request.url, headers=kept, content=content)
