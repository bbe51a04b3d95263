"""``capture_response()``: the raw responses of the calls made in a block."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

import httpx

__all__ = ["CapturedResponses", "capture_response", "record"]


class CapturedResponses:
    """The raw ``httpx.Response`` of each call made inside `capture_response`.

    See [`capture_response`][codegen_client.capture_response].
    """

    def __init__(self) -> None:
        self.responses: list[httpx.Response] = []
        # Set when the block ends: tasks started inside it copied the context and must not
        # append afterwards.
        self.closed = False

    @property
    def response(self) -> httpx.Response | None:
        """The last response received, or None when no call got one."""
        return self.responses[-1] if self.responses else None


_captures: contextvars.ContextVar[tuple[CapturedResponses, ...]] = contextvars.ContextVar(
    "codegen_client_captures", default=()
)


@contextlib.contextmanager
def capture_response() -> Iterator[CapturedResponses]:
    """Collect the raw responses of the calls made in this block (this thread or task only).

    Examples:
        >>> with client.capture_response() as captured:  # doctest: +SKIP
        ...     run = client.agents.get_agent_run(org_id=1, agent_run_id=2)
        >>> captured.response.headers["content-type"]  # doctest: +SKIP
        'application/json'

    """
    captured = CapturedResponses()
    token = _captures.set((*_captures.get(), captured))
    try:
        yield captured
    finally:
        captured.closed = True
        _captures.reset(token)


def record(response: httpx.Response) -> bool:
    """Add ``response`` to every open capture of this thread or task; True if there was one."""
    kept = False
    for captured in _captures.get():
        if not captured.closed:
            captured.responses.append(response)
            kept = True
    return kept
