"""When a failed call is repeated, and how long to wait first."""

from __future__ import annotations

import random

from codegen_client._exceptions import (
    CodegenApiError,
    CodegenConnectionError,
    CodegenRateLimitError,
    CodegenServerError,
)

__all__ = ["RETRYABLE_STATUS", "backoff", "default_retry_delay"]

RETRYABLE_STATUS = frozenset({500, 502, 503, 504})


def default_retry_delay(
    attempt: int, error: CodegenApiError, window: float | None, repeatable: bool
) -> float | None:
    """How long to wait before repeating a failed call, or None to give up.

    Args:
        attempt: 0 for the first retry, 1 for the second, ...
        error: What the failed try raised.
        window: The operation's rate-limit window in seconds, if it has one.
        repeatable: Sending the request twice is harmless (``x-repeatable`` in the spec):
            False for the operations that start work (a run, an event, a token).

    Returns:
        Seconds to wait, or None when repeating is unsafe or pointless.

    """
    if isinstance(error, CodegenRateLimitError):
        # Refused before acting: always safe. Without Retry-After, wait out the window.
        if error.retry_after is not None:
            return error.retry_after
        return window if window is not None else backoff(attempt)
    # create_agent_run, not repeatable, has its own duplicate-free recovery.
    if isinstance(error, CodegenConnectionError):
        if not error.request_sent or repeatable:
            return backoff(attempt)
        return None
    if isinstance(error, CodegenServerError) and error.status_code in RETRYABLE_STATUS:
        return backoff(attempt) if repeatable else None
    return None


def backoff(attempt: int) -> float:
    """Exponential backoff with jitter: about 0.5 s, 1 s, 2 s, ... capped at 8 s.

    Args:
        attempt: 0 for the first repeat, 1 for the second, ...

    Returns:
        Seconds to wait: a random share (50 to 100 %) of the capped exponential step.

    """
    base: float = min(8.0, 0.5 * 2**attempt)
    return base * (0.5 + random.random() / 2)
