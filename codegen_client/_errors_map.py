"""Turning failed HTTP exchanges into the client's exceptions: one table, one place."""

from __future__ import annotations

import email.utils
import math
import re
import sys
import time
from typing import Any

import httpx

from codegen_client._exceptions import (
    CodegenAuthError,
    CodegenBadRequestError,
    CodegenConnectionError,
    CodegenPermissionError,
    CodegenPlanLimitError,
    CodegenRateLimitError,
    CodegenResourceNotFoundError,
    CodegenServerError,
    CodegenStatusError,
    CodegenTimeoutError,
    CodegenValidationError,
    FieldError,
)
from codegen_client._secrets import (
    redact,
    redact_value,
    secrets_of_request,
    strip_credentials,
)

__all__ = ["connection_error", "hook_status_error", "parse_retry_after", "status_error"]

STATUS_ERRORS: dict[int, type[CodegenStatusError]] = {
    400: CodegenBadRequestError,
    401: CodegenAuthError,
    402: CodegenPlanLimitError,
    403: CodegenPermissionError,
    404: CodegenResourceNotFoundError,
    422: CodegenValidationError,
    429: CodegenRateLimitError,
}

_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")
_MAX_MESSAGE = 300


def _body_of(response: httpx.Response) -> Any:
    """The JSON body when there is one, else the text.

    A body that cannot be decoded at all (not JSON, not UTF-8, nested deeper than the decoder
    allows, an integer past Python's digit limit) is kept as text, so the status's own error is
    raised rather than the decoder's.
    """
    try:
        return response.json()
    except (ValueError, RecursionError):  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        return response.text


def _message_of(body: Any, response: httpx.Response) -> str:
    """The server's message from either error body shape, or a readable digest of the text."""
    if isinstance(body, dict):
        if isinstance(body.get("message"), str):
            return str(body["message"])
        detail = body.get("detail")
        if isinstance(detail, str):
            return detail
        parts = [f"{'.'.join(map(str, e.loc))}: {e.msg}" for e in _field_errors(body)]
        if parts:
            return "; ".join(parts)
    if isinstance(body, str) and body.strip():
        title = _TITLE.search(body)
        text = title.group(1) if title else _TAGS.sub(" ", body)
        text = " ".join(text.split())
        return text[:_MAX_MESSAGE]
    return response.reason_phrase or f"HTTP {response.status_code}"


def _field_errors(body: Any) -> list[FieldError]:
    """The items of a FastAPI 422 ``detail`` list (empty for any other body)."""
    if not isinstance(body, dict) or not isinstance(body.get("detail"), list):
        return []
    return [
        FieldError(_loc_of(item.get("loc")), str(item.get("msg", "")), str(item.get("type", "")))
        for item in body["detail"]
        if isinstance(item, dict)
    ]


def _loc_of(loc: object) -> tuple[Any, ...]:
    """A ``loc`` as a path: a list as it is, a lone name as one step, anything else as none."""
    if isinstance(loc, (list, tuple)):
        return tuple(loc)
    return (loc,) if isinstance(loc, (str, int)) else ()


def _seconds(value: float) -> float | None:
    """A wait that can be honoured: finite, and never negative."""
    return max(0.0, value) if math.isfinite(value) else None


def parse_retry_after(headers: httpx.Headers, now: float | None = None) -> float | None:
    """Seconds to wait from ``Retry-After`` (seconds or HTTP date) or ``X-RateLimit-Reset``.

    Args:
        headers: The response headers.
        now: The current Unix time, for HTTP dates and reset timestamps (defaults to time.time()).

    Returns:
        The wait in seconds (never negative), or None when the response does not say.

    """
    current = time.time() if now is None else now
    value = headers.get("retry-after")
    if value:
        try:
            return _seconds(float(value))
        except ValueError:
            pass
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):  # not a date either: as if the header were absent
            parsed = None
        if parsed is not None:
            return _seconds(parsed.timestamp() - current)
    reset = headers.get("x-ratelimit-reset")
    if reset:
        try:
            number = float(reset)
        except ValueError:
            return None
        # Large values are Unix timestamps, small ones are seconds from now.
        return _seconds(number - current if number > 1_000_000_000 else number)
    return None


def status_error(response: httpx.Response) -> CodegenStatusError:
    """Build the exception for a response that is not a success (any status but 2xx).

    What the server wrote never shows a secret the request carried: the API key and any
    webhook secret or token of the body are replaced with ``***`` in the message and the body
    (a 401 that echoes ``Invalid token: Bearer sk-...``, say).

    Args:
        response: The response, with the request it answers.

    Returns:
        The exception for its status, carrying the redacted message and body.

    """
    secrets = secrets_of_request(response.request)
    # The error keeps the response, and the response its request: not with the key on it.
    strip_credentials(response)
    body = redact_value(_body_of(response), secrets)
    message = redact(_message_of(body, response), secrets)
    status = response.status_code
    cls = STATUS_ERRORS.get(status)
    if cls is None:
        cls = CodegenServerError if status >= 500 else CodegenStatusError
    common: dict[str, Any] = {
        "status_code": status,
        "response": response,
        "method": response.request.method,
        "url": str(response.request.url),
        "body": body,
    }
    if cls is CodegenValidationError:
        return CodegenValidationError(message, errors=_field_errors(body), **common)
    if cls is CodegenRateLimitError:
        return CodegenRateLimitError(
            message, retry_after=parse_retry_after(response.headers), **common
        )
    return cls(message, **common)


def hook_status_error(exc: httpx.HTTPStatusError) -> CodegenStatusError:
    """The exception for an error status that a response hook raised (``raise_for_status``).

    The hook fires before httpx reads the body, and httpx closes the response when the hook
    raises: the body is used when the hook read it (or it can still be read), else the error
    has none.
    """
    response = exc.response
    try:
        response.read()
    except (httpx.StreamError, RuntimeError):  # closed, or an async stream nobody read
        response = httpx.Response(
            response.status_code, headers=response.headers, request=response.request
        )
    return status_error(response)


# httpx errors raised before any byte of the request left: repeating them is always safe.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def _never_sent(exc: httpx.HTTPError) -> bool:
    """Tell whether ``exc`` proves that no byte of the request left.

    httpx's own transports say so by the error's type. httpx-aiohttp's ``HttpxAiohttpClient``
    raises ``httpx.ConnectTimeout`` for any lost aiohttp connection, also one lost after the
    request was sent; its aiohttp cause tells: only aiohttp's failures to connect count.
    """
    if not isinstance(exc, _NOT_SENT):
        return False
    aiohttp = sys.modules.get("aiohttp")  # loaded if it raised the cause; never imported here
    cause = exc.__cause__
    if aiohttp is None or not isinstance(cause, aiohttp.ClientError):
        return True
    connect_timeout = getattr(aiohttp, "ConnectionTimeoutError", aiohttp.ClientConnectorError)
    return isinstance(cause, (aiohttp.ClientConnectorError, connect_timeout))


def connection_error(exc: httpx.HTTPError, request: httpx.Request) -> CodegenConnectionError:
    """Wrap an httpx transport error; record whether the server may have seen the request."""
    cls = CodegenTimeoutError if isinstance(exc, httpx.TimeoutException) else CodegenConnectionError
    kind = type(exc).__name__
    detail = redact(str(exc), secrets_of_request(request)) or "no details"
    return cls(
        f"{kind}: {detail}",
        method=request.method,
        url=str(request.url),
        request_sent=not _never_sent(exc),
    )
