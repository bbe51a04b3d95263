"""What a handler receives, and the table of handlers keyed by operationId."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from codegen_client.testing._runs import RunBook
from codegen_client.testing._state import State, User
from codegen_client.testing._validation import RequestReader

__all__ = ["HANDLERS", "Call", "Handler", "operation", "page_body"]


@dataclass
class Call:
    """One authenticated request as a handler sees it.

    Handlers read parameters through ``params`` (problems collect into one 422 at
    ``params.check()``), act on ``state``/``runs``, and return the JSON body of a 200;
    errors are raised as `ApiError`.
    """

    state: State
    runs: RunBook
    user: User
    params: RequestReader
    now: float


Handler = Callable[[Call], Any]
HANDLERS: dict[str, Handler] = {}


def operation(operation_id: str) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of ``operation_id``.

    Args:
        operation_id: The operationId it serves.

    Returns:
        A decorator returning the function unchanged.

    Raises:
        ValueError: when the operation already has a handler.

    """

    def register(handler: Handler) -> Handler:
        if operation_id in HANDLERS:
            raise ValueError(f"{operation_id} already has a handler")
        HANDLERS[operation_id] = handler
        return handler

    return register


def page_body(items: list[Any], total: int, skip: int, limit: int) -> dict[str, Any]:
    """Return a 1-based page body: ``items``, ``total``, ``page``, ``size``, ``pages``.

    Args:
        items: This page's rendered items.
        total: Items across all pages.
        skip: Items skipped before this page.
        limit: Page size asked for.

    Returns:
        The body, with ``page = skip // limit + 1`` and ``pages = ceil(total / limit)``.

    """
    return {
        "items": items,
        "total": total,
        "page": skip // limit + 1,
        "size": limit,
        "pages": math.ceil(total / limit),
    }
