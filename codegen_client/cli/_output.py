"""What commands print on stdout: rich tables for people, JSON for machines.

With ``--json`` stdout carries exactly one JSON document (or, for ``logs --follow``, one JSON
object per line) and nothing else; tables, notes and results are skipped. Rich is imported only
when a table is drawn, so JSON output and ``--help`` stay cheap.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["Column", "Output", "cell", "page_footer", "plain"]

# (header, dotted key into the item's JSON form)
Column = tuple[str, str]

# Wide enough that a piped table keeps every row on one line; rich sizes tables to their content.
PIPE_WIDTH = 200


def plain(value: Any) -> Any:
    """Turn a generated model (or a list or dict of them) into plain JSON data.

    Args:
        value: A model with ``to_dict()``, a list, a dict or a JSON value.

    Returns:
        The same data made of dicts, lists, strings, numbers, booleans and None.

    """
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def _lookup(item: Mapping[str, Any], key: str) -> Any:
    value: Any = item
    for part in key.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def cell(value: Any) -> str:
    """Show one value in a table cell (None as empty, booleans as yes/no)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, dict)):
        if isinstance(value, list) and all(isinstance(v, (str, int)) for v in value):
            return ", ".join(str(v) for v in value)
        # Spaces after the separators give rich places to fold a wide cell between items.
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def page_footer(skip: int, shown: int, total: int | None) -> str:
    """Say where a page of a list sits in the whole list.

    Args:
        skip: Items passed over (``--skip``).
        shown: Items on this page.
        total: Items in the whole list, as the API counted them (None if it did not say).

    Returns:
        ``items 101-150 of 230 (next: --skip 150; or --all)``; ``none found`` for an empty list;
        ``no items from --skip 500: there are 230`` past its end.

    """
    if total == 0 or (total is None and shown == 0 and skip == 0):
        return "none found"
    if shown == 0:
        return (
            f"no items from --skip {skip}: there are {total}"
            if total is not None
            else (f"no items from --skip {skip}")
        )
    last = skip + shown
    where = f"items {skip + 1}-{last}" + (f" of {total}" if total is not None else "")
    if total is not None and last >= total:
        return where
    return f"{where} (next: --skip {last}; or --all)"


class Output:
    """Writes a command's results to stdout, as a table or as JSON.

    Args:
        json_output: Print JSON only (``--json``).

    """

    def __init__(self, json_output: bool) -> None:
        self.json_output = json_output
        self._console: Console | None = None

    @property
    def console(self) -> Console:
        """A rich console on the current stdout (made on first use)."""
        if self._console is None:
            from codegen_client.cli._console import PipeAwareConsole

            console = PipeAwareConsole(file=sys.stdout, highlight=False)
            if not console.is_terminal:
                console.width = PIPE_WIDTH
            self._console = console
        return self._console

    def _title(self, title: str | None) -> str | None:
        """Print a table's title as a plain line when piped; return what the table shows.

        Rich pads a title to the table's width; piped, that would leave trailing spaces.
        """
        if title is None or self.console.is_terminal:
            return title
        sys.stdout.write(title + "\n")
        return None

    def json(self, data: Any) -> None:
        """Print one JSON document."""
        sys.stdout.write(json.dumps(plain(data), indent=2, ensure_ascii=False) + "\n")
        sys.stdout.flush()

    def json_line(self, data: Any) -> None:
        """Print one JSON object on one line (streams such as ``logs --follow``)."""
        sys.stdout.write(json.dumps(plain(data), ensure_ascii=False) + "\n")
        sys.stdout.flush()

    def table(
        self, items: Iterable[Any], columns: Sequence[Column], *, title: str | None = None
    ) -> None:
        """Print items as a table with the given columns (tables only; see `items`)."""
        from rich.table import Table

        table = Table(title=self._title(title), title_justify="left")
        for header, _key in columns:
            table.add_column(header, overflow="fold")
        for item in items:
            data = plain(item)
            table.add_row(*(cell(_lookup(data, key)) for _header, key in columns))
        self.console.print(table)

    def items(
        self,
        items: Sequence[Any],
        columns: Sequence[Column],
        *,
        title: str | None = None,
        json_data: Any = None,
    ) -> None:
        """Print a list: a table, or with ``--json`` ``json_data`` (default: the items)."""
        if self.json_output:
            self.json(items if json_data is None else json_data)
            return
        self.table(items, columns, title=title)

    def page(
        self, page: Any, columns: Sequence[Column], *, title: str | None = None, skip: int = 0
    ) -> None:
        """Print one page of a list endpoint: its items and where it sits in the whole list.

        With ``--json`` the page is printed as the API sent it (``items``, ``total``, ``page``,
        ``size``, ``pages``).
        """
        if self.json_output:
            self.json(page)
            return
        data = plain(page)
        items = data.get("items") or []
        self.table(items, columns, title=title)
        self.note(page_footer(skip, len(items), data.get("total")))

    def record(self, value: Any, *, title: str | None = None) -> None:
        """Print one object: a two-column table of its fields, or its JSON."""
        if self.json_output:
            self.json(value)
            return
        data = plain(value)
        if not isinstance(data, Mapping):
            self.console.print(cell(data), markup=False)
            return
        from rich.table import Table

        table = Table(title=self._title(title), title_justify="left", show_header=False)
        table.add_column("field", style="bold")
        table.add_column("value", overflow="fold")
        for key, field_value in data.items():
            table.add_row(str(key), cell(field_value))
        self.console.print(table)

    def show(self, value: Any, *, title: str | None = None) -> None:
        """Print a value of undocumented shape: a record, a table of records, or the value."""
        data = plain(value)
        if self.json_output:
            self.json(data)
        elif isinstance(data, list) and data and all(isinstance(d, Mapping) for d in data):
            keys = list(dict.fromkeys(k for d in data for k in d))
            self.table(data, [(k, k) for k in keys], title=title)
        else:
            self.record(data, title=title)

    def acknowledge(self, answer: Any, done: str) -> None:
        """Print an action's answer: its JSON, its fields, or a line saying it was done."""
        data = plain(answer)
        if self.json_output:
            self.json(data)
        elif isinstance(data, Mapping) and data:
            self.record(data, title=done)
        else:
            self.note(done)

    def note(self, text: str) -> None:
        """Print a line for people (skipped with ``--json``)."""
        if not self.json_output:
            self.console.print(text, markup=False, soft_wrap=True)

    def markdown(self, heading: str, text: str | None) -> None:
        """Print an agent's answer under a heading (skipped with ``--json``).

        On a terminal the markdown is rendered; piped, the text is printed as it is.
        """
        if self.json_output or not text:
            return
        self.note(heading)
        if self.console.is_terminal:
            from rich.markdown import Markdown

            self.console.print(Markdown(text))
        else:
            sys.stdout.write(text.rstrip("\n") + "\n")
            sys.stdout.flush()
