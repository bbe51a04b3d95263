"""The request log: one record per request the offline API saw."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx

__all__ = ["RequestRecord", "query_of", "record_of"]


@dataclass(frozen=True)
class RequestRecord:
    """One request as the fake saw it.

    Attributes:
        operation_id: The operation it addressed (None for unknown routes).
        method: HTTP method.
        path: Path below ``/v1``, e.g. ``/organizations/5/agent/run``.
        query: Query parameters (last value wins).
        json: The parsed JSON body (None when empty or not JSON).
        status: Status answered; None when a transport error was raised instead.
        time: Fake clock seconds when the request arrived.
        fault: Kind of the injected fault that fired, if any.

    """

    operation_id: str | None
    method: str
    path: str
    query: dict[str, str]
    json: Any
    status: int | None
    time: float
    fault: str | None


def query_of(request: httpx.Request) -> dict[str, str]:
    """Return the query parameters, the last value winning when one repeats (as in FastAPI).

    Args:
        request: The request.

    Returns:
        Name -> value.

    """
    return dict(request.url.params.multi_items())


def record_of(
    request: httpx.Request,
    path: str,
    operation_id: str | None,
    status: int | None,
    time: float,
    fault: str | None,
) -> RequestRecord:
    """Build the record of ``request`` (its body must already be read).

    Args:
        request: The request.
        path: Its path below ``/v1``.
        operation_id: The operation it addressed.
        status: Status answered, or None.
        time: Arrival time in fake seconds.
        fault: Fault kind that fired, or None.

    Returns:
        The record.

    """
    body: Any = None
    if request.content:
        try:
            body = json.loads(request.content)
        except (ValueError, RecursionError):
            body = None
    return RequestRecord(
        operation_id=operation_id,
        method=request.method,
        path=path,
        query=query_of(request),
        json=body,
        status=status,
        time=time,
        fault=fault,
    )
