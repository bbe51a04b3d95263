"""Printing a list endpoint: one page by ``--skip``/``--limit``, or every page with ``--all``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from codegen_client.cli._output import Column, Output

__all__ = ["show_list"]


def show_list(
    out: Output,
    *,
    page: Callable[[], Any],
    every: Callable[[], Iterable[Any]],
    all_pages: bool,
    columns: Sequence[Column],
    title: str,
    skip: int = 0,
) -> None:
    """Print one page of a list, or all of it.

    Args:
        out: Where to print.
        page: Fetches the page the user asked for (``--skip``/``--limit``).
        every: Iterates every item across pages (``--all``).
        all_pages: Whether ``--all`` was given.
        columns: Table columns.
        title: Table title.
        skip: The ``--skip`` the page was fetched with (for the footer).

    """
    if not all_pages:
        out.page(page(), columns, title=title, skip=skip)
        return
    items = list(every())
    out.items(items, columns, title=title, json_data={"items": items, "total": len(items)})
