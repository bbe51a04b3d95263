"""What commands print on stdout: rich tables for people, JSON for machines.

With ``--json`` stdout carries exactly one JSON document (or, for ``logs --follow``, one JSON
object per line) and nothing else; tables, notes and results are skipped. Rich is imported only
when a table is drawn, so JSON output and ``--help`` stay cheap.

Tables show timestamps (``*_at`` fields) in UTC to the minute, and never split a word: on a
terminal too narrow for a table's longest words (URLs, ids, timestamps), each item is printed
as ``field  value`` lines instead, as psql's expanded display does, and a URL longer than the
line is left whole for the terminal to wrap.
"""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

__all__ = ["Column", "Output", "cell", "page_footer", "plain", "short_time"]

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


def short_time(value: Any, *, seconds: bool = False) -> Any:
    """Show a timestamp in UTC to the minute (``2025-06-21 11:20``), or to the second.

    Args:
        value: A timestamp string in any shape the API sends; anything else is returned as is.
        seconds: Keep the seconds and say ``UTC`` (for one record, which has room).

    Returns:
        The short form, or ``value`` unchanged when it is not a timestamp.

    """
    if not isinstance(value, str):
        return value
    from codegen_client._timestamps import parse_timestamp

    try:
        moment = parse_timestamp(value)
    except (ValueError, OverflowError):
        return value
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC" if seconds else "%Y-%m-%d %H:%M")


def _utf8(stream: Any) -> bool:
    """Whether ``stream`` writes UTF-8 (else JSON goes out in ASCII, non-ASCII escaped)."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    return encoding.lower().replace("-", "").replace("_", "") in ("utf8", "utf8sig")


def _is_time(key: str) -> bool:
    return key.rsplit(".", 1)[-1].endswith("_at")


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
        text = json.dumps(plain(data), indent=2, ensure_ascii=not _utf8(sys.stdout))
        sys.stdout.write(text + "\n")
        sys.stdout.flush()

    def json_line(self, data: Any) -> None:
        """Print one JSON object on one line (streams such as ``logs --follow``)."""
        sys.stdout.write(json.dumps(plain(data), ensure_ascii=not _utf8(sys.stdout)) + "\n")
        sys.stdout.flush()

    def _fits(self, table: Table) -> bool:
        """Whether the table fits the terminal without splitting a word (always, piped)."""
        if not self.console.is_terminal:
            return True
        from rich.measure import Measurement

        unbounded = self.console.options.update(max_width=10_000)
        return Measurement.get(self.console, unbounded, table).minimum <= self.console.width

    def _fields(self, rows: Sequence[Sequence[tuple[str, str]]], title: str | None) -> None:
        """Print each row as ``field  value`` lines, words whole (the narrow-terminal layout)."""
        if title is not None:
            self.note(title)
        label_width = max((len(label) for row in rows for label, _ in row), default=0)
        for number, row in enumerate(rows):
            if number:
                self.note("")
            for label, value in row:
                self.labelled(label, value, label_width=label_width)

    def labelled(self, label: str, value: str, *, label_width: int | None = None) -> None:
        """Print ``label  value`` (skipped with ``--json``), wrapped at spaces only.

        A word too long for the room beside the label (a URL) moves the value to the lines
        below, indented; one longer than the whole line is left for the terminal to wrap.
        """
        width = len(label) if label_width is None else label_width
        gap = " " if label_width is None else "  "  # aligned columns get a wider gutter
        terminal = self.console.width if self.console.is_terminal else PIPE_WIDTH

        def wrap(room: int) -> list[str]:
            return [
                line
                for paragraph in (value.splitlines() or [""])
                for line in textwrap.wrap(
                    paragraph, max(room, 20), break_long_words=False, break_on_hyphens=False
                )
                or [""]
            ]

        room = terminal - width - len(gap)
        lines = wrap(room)
        if any(len(line) > room for line in lines):
            self.note(label)
            for line in wrap(terminal - 2):
                self.note(f"  {line}")
            return
        for index, line in enumerate(lines):
            self.note(f"{label if index == 0 else '':<{width}}{gap}{line}".rstrip())

    def table(
        self, items: Iterable[Any], columns: Sequence[Column], *, title: str | None = None
    ) -> None:
        """Print items as a table with the given columns (tables only; see `items`)."""
        from rich.table import Table

        rows = []
        for item in items:
            data = plain(item)
            rows.append(
                [
                    cell(short_time(value) if _is_time(key) else value)
                    for _header, key in columns
                    for value in [_lookup(data, key)]
                ]
            )
        table = Table(title=title, title_justify="left")
        for header, key in columns:
            # A timestamp stays on one line; other cells wrap at spaces, or fold a long word.
            table.add_column(header, overflow="fold", no_wrap=_is_time(key))
        for row in rows:
            table.add_row(*row)
        if not self._fits(table):
            headers = [header for header, _key in columns]
            self._fields([list(zip(headers, row, strict=True)) for row in rows], title)
            return
        table.title = self._title(title)
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

        pairs = [
            (str(key), cell(short_time(value, seconds=True) if _is_time(str(key)) else value))
            for key, value in data.items()
        ]
        table = Table(title=title, title_justify="left", show_header=False)
        table.add_column("field", style="bold")
        table.add_column("value", overflow="fold")
        for pair in pairs:
            table.add_row(*pair)
        if not self._fits(table):
            self._fields([pairs], title)
            return
        table.title = self._title(title)
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
