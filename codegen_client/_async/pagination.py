"""The paginator every ``iter_*`` method returns (see `codegen_client._pagination`)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Hashable
from typing import Any, Generic, TypeVar

from codegen_client._pagination import Walk, id_of, total_of

__all__ = ["AsyncPaginator"]

T = TypeVar("T")


class AsyncPaginator(Generic[T]):
    """Iterates the items of a list endpoint across pages, lazily.

    Examples:
        >>> async for run in client.agents.iter_agent_runs(1, max_items=250):  # doctest: +SKIP
        ...     print(run.id, run.status)

    Args:
        fetch: Called with ``skip`` and ``limit``; returns one page.
        items_of: Returns a page's items.
        key: Identifies an item (defaults to its ``id``); used to skip repeats.
        total_of: Returns a page's count of all items, or None when it gives none
            (defaults to its ``total``).
        page_size: Items per request, 1..``max_page_size``.
        max_items: Stop after this many items (None: all).
        max_page_size: The largest page the list endpoint serves (its ``limit``'s maximum).
        newest_first: The list puts new items first (agent runs): ``skip`` moves on by the
            growth of ``total`` between reads, so new items neither shift nor join the walk.

    Raises:
        CodegenInputError: ``page_size`` or ``max_items`` is invalid (nothing was sent).
        CodegenResponseError: While iterating: a page brought nothing new although the list
            was not at its end (a server that ignores ``skip``).

    """

    def __init__(
        self,
        fetch: Callable[[int, int], Awaitable[Any]],
        items_of: Callable[[Any], list[T]],
        *,
        key: Callable[[T], Hashable] = id_of,
        total_of: Callable[[Any], int | None] = total_of,
        page_size: int,
        max_page_size: int,
        max_items: int | None = None,
        newest_first: bool = False,
    ) -> None:
        self._fetch = fetch
        self._args = (items_of, key, total_of, page_size, max_items, newest_first, max_page_size)
        Walk(*self._args)  # checks the arguments now, before any request

    async def __aiter__(self) -> AsyncIterator[T]:
        walk = Walk(*self._args)
        while not walk.done:
            limit = walk.next_limit()
            for item in walk.accept(await self._fetch(walk.skip, limit), limit):
                yield item
