"""One paginator for every list endpoint: the walk through the pages that both clients drive.

A list endpoint takes ``skip`` and ``limit`` (1..100) and answers one page. The paginators walk
the pages lazily and hold at most two pages of ids in memory.

Runs are listed newest first, so a run created while you iterate pushes every later run one
place down: the next page then starts with items you already had. The paginator yields each item
once (it remembers the ids of the pages just read) and never misses one, because insertions only
move items later. Items created after iteration started are not yielded: they sit before your
position. Start a new iteration to see them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

from codegen_client._exceptions import CodegenInputError

__all__ = ["MAX_PAGE_SIZE", "count_of", "id_of", "total_of"]

T = TypeVar("T")
MAX_PAGE_SIZE = 100


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


class Walk(Generic[T]):
    """The state of one walk through the pages; the sync and async loops drive it."""

    def __init__(
        self,
        items_of: Callable[[Any], list[T]],
        key: Callable[[T], Hashable],
        total_of: Callable[[Any], int | None],
        page_size: int,
        max_items: int | None,
    ) -> None:
        if isinstance(page_size, bool) or not isinstance(page_size, int):
            raise CodegenInputError(f"page_size must be an integer, got {page_size!r}")
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise CodegenInputError(f"page_size must be from 1 to 100, got {page_size!r}")
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
        self._recent: list[set[Hashable]] = []

    def next_limit(self) -> int:
        """The ``limit`` for the next page request."""
        if self.max_items is None:
            return self.page_size
        return max(1, min(self.page_size, self.max_items - self.yielded))

    def accept(self, page: Any, limit: int) -> list[T]:
        """Take one page; return its items not yielded before (within max_items)."""
        items = self.items_of(page)
        keys = [self.key(item) for item in items]  # once each: a key may be costly (log entries)
        fresh = [
            item
            for item, key in zip(items, keys, strict=True)
            if not any(key in seen for seen in self._recent)
        ]
        self._recent = [*self._recent[-1:], set(keys)]
        self.skip += len(items)
        total = self.total_of(page)
        if len(items) < limit or (total is not None and self.skip >= total):
            self.done = True
        if self.max_items is not None:
            fresh = fresh[: self.max_items - self.yielded]
            if self.yielded + len(fresh) >= self.max_items:
                self.done = True
        self.yielded += len(fresh)
        return fresh
