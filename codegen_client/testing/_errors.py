"""Error answers of the offline API, in the two shapes the real service uses.

The documented errors carry ``{"message": ..., "status_code": ...}``; FastAPI's own errors
(401, unknown routes, 422 validation, undocumented 404s) carry ``{"detail": ...}``.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "RATE_LIMIT_MESSAGE",
    "ApiError",
    "ValidationFailed",
    "detail_error",
    "forbidden",
    "message_error",
    "rate_limited",
    "run_not_found",
    "user_not_found",
]

RATE_LIMIT_MESSAGE = "Rate limit exceeded. Please try again later."


class ApiError(Exception):
    """An HTTP error answer: raise it from a handler to reply with ``status`` and ``body``."""

    def __init__(self, status: int, body: Any) -> None:
        super().__init__(status, body)
        self.status = status
        self.body = body


class ValidationFailed(ApiError):
    """A FastAPI-style 422 listing every problem found in the request."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(422, {"detail": errors})
        self.errors = errors


def message_error(status: int, message: str) -> ApiError:
    """Build an error in the documented ``{"message", "status_code"}`` shape.

    Args:
        status: HTTP status code.
        message: Human-readable message.

    Returns:
        The error, ready to raise.

    """
    return ApiError(status, {"message": message, "status_code": status})


def detail_error(status: int, detail: str) -> ApiError:
    """Build an error in FastAPI's ``{"detail": "..."}`` shape.

    Args:
        status: HTTP status code.
        detail: Human-readable message.

    Returns:
        The error, ready to raise.

    """
    return ApiError(status, {"detail": detail})


def forbidden() -> ApiError:
    """Return the 403 for an organization the token's user does not belong to."""
    return message_error(403, "You do not have access to this organization.")


def rate_limited() -> ApiError:
    """Return the documented 429 (no ``Retry-After``: the real service sends none)."""
    return message_error(429, RATE_LIMIT_MESSAGE)


def run_not_found() -> ApiError:
    """Return the documented 404 for an unknown agent run."""
    return message_error(404, "Agent run not found.")


def user_not_found() -> ApiError:
    """Return the documented 404 for an unknown user."""
    return message_error(404, "User not found.")
