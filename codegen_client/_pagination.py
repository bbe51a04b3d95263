"""One paginator for every list endpoint: the walk through the pages that both clients drive.

A list endpoint takes ``skip`` and ``limit`` (1..100) and answers one page. The paginators walk
the pages lazily and hold at most two pages of ids in memory.

Runs are listed newest first, so a run created while you iterate pushes every later run one
place down. For such a list (``newest_first``) the paginator moves ``skip`` on by the growth of
the page's ``total`` between two reads: however many runs arrive, even more than a page holds,
the next page starts right after the last item read. Every item that existed when iteration
began is yielded once and none created after it (they sit before your position; start a new
iteration to see them). The ids of the pages just read are remembered too, so an item seen
twice (a list without ``total``) is still yielded once.

A page that brings nothing new while the list is not at its end (a server that ignores
``skip`` answers the same page again and again) raises `CodegenResponseError` instead of
looping for ever; so do `MAX_OVERRUN_PAGES` pages in a row overrun by new items (runs
created faster than a page per read).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

from codegen_client._exceptions import CodegenInputError, CodegenResponseError

__all__ = ["count_of", "entry_key", "id_of", "total_of"]

T = TypeVar("T")
# Pages in a row that held only items added since the read before (runs created faster than
# pages are read): past this many the walk cannot catch up, and raises rather than loop.
MAX_OVERRUN_PAGES = 10


def id_of(item: Any) -> Hashable:
    """An item's ``id``, or its identity when it has none."""
    return item.id if hasattr(item, "id") else id(item)


def count_of(value: object) -> int | None:
    """A page's count of all items, or None when it gives none.

    The generated models mark an absent field with UNSET, not None: only an int counts.
    """
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def total_of(page: Any) -> int | None:
    """A page's ``total``, or None when it gives none."""
    return count_of(getattr(page, "total", None))


def entry_key(entry: Any) -> Hashable:
    """What tells log entries apart: they carry no id, so all their fields together.

    The time to the microsecond is among them; JSON with sorted keys makes nested dicts
    hashable.
    """
    return json.dumps(entry.to_dict(), sort_keys=True, default=str)


class Walk(Generic[T]):
    """The state of one walk through the pages; the sync and async loops drive it."""

    def __init__(
        self,
        items_of: Callable[[Any], list[T]],
        key: Callable[[T], Hashable],
        total_of: Callable[[Any], int | None],
        page_size: int,
        max_items: int | None,
        newest_first: bool,
        max_page_size: int,
    ) -> None:
        if isinstance(page_size, bool) or not isinstance(page_size, int):
            raise CodegenInputError(f"page_size must be an integer, got {page_size!r}")
        if not 1 <= page_size <= max_page_size:
            raise CodegenInputError(
                f"page_size must be from 1 to {max_page_size}, got {page_size!r}"
            )
        if max_items is not None and (
            isinstance(max_items, bool) or not isinstance(max_items, int) or max_items < 0
        ):
            raise CodegenInputError(f"max_items must be an integer >= 0, got {max_items!r}")
        self.items_of = items_of
        self.key = key
        self.total_of = total_of
        self.page_size = page_size
        self.max_items = max_items
        self.skip = 0
        self.yielded = 0
        self.done = max_items == 0
        self.newest_first = newest_first
        self._recent: list[set[Hashable]] = []
        self._total: int | None = None  # the last page's total
        self._overruns = 0  # pages in a row that held only items added since the last read

    def next_limit(self) -> int:
        """The ``limit`` for the next page request."""
        if self.max_items is None:
            return self.page_size
        return max(1, min(self.page_size, self.max_items - self.yielded))

    def accept(self, page: Any, limit: int) -> list[T]:
        """Take one page; return its items not yielded before (within max_items).

        Raises:
            CodegenResponseError: The page brought nothing new although the list goes on.

        """
        items = self.items_of(page)
        total = self.total_of(page)
        growth = 0
        if self.newest_first and total is not None and self._total is not None:
            # ``growth`` items were added before our position since the last read: the page
            # starts that many places early, with items already read (or new ones).
            growth = max(0, total - self._total)
        if total is not None:
            self._total = total
        asked_at = self.skip
        self.skip += max(len(items), growth)
        ours = items[growth:]
        keys = [self.key(item) for item in ours]  # once each: a key may be costly (log entries)
        fresh = [
            item
            for item, key in zip(ours, keys, strict=True)
            if not any(key in seen for seen in self._recent)
        ]
        self._recent = [*self._recent[-1:], set(keys)]
        if len(items) < limit or (total is not None and self.skip >= total):
            self.done = True
        elif items and not fresh and not growth:
            more = f"total says {total}" if total is not None else "the page was full"
            raise CodegenResponseError(
                f"the page at skip={asked_at} repeats items already listed while {more}: "
                "the server seems to ignore skip, so the iteration stops here"
            )
        self._overruns = self._overruns + 1 if items and growth >= len(items) else 0
        if self._overruns > MAX_OVERRUN_PAGES:
            raise CodegenResponseError(
                f"{MAX_OVERRUN_PAGES + 1} pages in a row held only items added since the read "
                "before (more than a page per read): the iteration cannot catch up and stops"
            )
        if self.max_items is not None:
            fresh = fresh[: self.max_items - self.yielded]
            if self.yielded + len(fresh) >= self.max_items:
                self.done = True
        self.yielded += len(fresh)
        return fresh
