"""The per-request options every operation method takes, and their types.

``timeout`` replaces the client's timeout for one call (seconds, or an ``httpx.Timeout``);
``extra_headers``, ``extra_query`` and ``extra_body`` add to what the call sends. The names
are openai-python's and anthropic's, so code moves between the SDKs unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, Literal, NamedTuple

import httpx

__all__ = ["NOT_GIVEN", "Body", "CallOptions", "Headers", "NotGiven", "Query", "Timeout"]


class NotGiven:
    """The marker of an option left out (so that ``None`` can mean something of its own)."""

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        # One marker per process, also after pickle or copy.
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __reduce__(self) -> str:
        return "NOT_GIVEN"

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()
Timeout = float | httpx.Timeout
"""Seconds for every phase of a request, or an ``httpx.Timeout`` (connect, read, write, pool)."""
Headers = Mapping[str, str]
Query = Mapping[str, Any]
Body = Mapping[str, Any]


class CallOptions(NamedTuple):
    """The per-request options of one call, as a method passes them on."""

    timeout: Timeout | NotGiven = NOT_GIVEN
    extra_headers: Headers | None = None
    extra_query: Query | None = None
    extra_body: Body | None = None
