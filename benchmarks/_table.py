"""Rows of the benchmark table, how they print, and how they are saved as JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Row", "Section", "render", "save_json"]


@dataclass
class Row:
    """One measured line: what was measured, the figure, the target and whether it was met."""

    name: str
    value: str
    target: str = ""
    met: bool | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Section:
    """One numbered section of the table (client overhead, start-up, ...).

    A section with ``columns`` is printed as a table of its own: a column per ``(heading,
    key)``, read from each row's ``data``, between the row's name and its target.
    """

    number: int
    title: str
    rows: list[Row] = field(default_factory=list)
    note: str = ""
    columns: tuple[tuple[str, str], ...] = ()

    def add(
        self,
        name: str,
        value: str,
        target: str = "",
        met: bool | None = None,
        **data: Any,
    ) -> Row:
        """Append a row and return it."""
        row = Row(name, value, target, met, dict(data))
        self.rows.append(row)
        return row


def _mark(met: bool | None) -> str:
    if met is None:
        return ""
    return "met" if met else "MISSED"


def render(sections: list[Section], title: str) -> Any:
    """Build the rich tables: one holding every plain section, then one per section with columns."""
    from rich.console import Group

    plain = [section for section in sections if not section.columns]
    tables = [_plain_table(plain, title)] if plain else []
    for section in sections:
        if section.columns:
            tables.append(_own_table(section, None if plain else title))
    return Group(*tables)


def _plain_table(sections: list[Section], title: str) -> Any:
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=title, show_lines=False, expand=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("measure", overflow="fold")
    table.add_column("result", overflow="fold")
    table.add_column("target", overflow="fold")
    table.add_column("", no_wrap=True)
    for section in sections:
        table.add_section()
        title = f"[bold]{escape(section.title)}[/bold]"
        table.add_row(str(section.number), title, escape(section.note), "", "")
        for row in section.rows:
            mark = _mark(row.met)
            styled = f"[green]{mark}[/green]" if row.met else f"[red]{mark}[/red]"
            # Measured text is escaped: error messages such as "[fake] ..." are not markup.
            cells = (escape(row.name), escape(row.value), escape(row.target))
            table.add_row("", *cells, styled if mark else "")
    return table


def _cell(row: Row, key: str) -> str:
    value = row.data.get(key, "")
    return f"{value:,}" if isinstance(value, int) else str(value)


def _own_table(section: Section, title: str | None) -> Any:
    from rich.markup import escape
    from rich.table import Table

    heading = f"{section.number}. {section.title}"
    table = Table(
        title=f"{title}\n{heading}" if title else heading,
        caption=escape(section.note) or None,
        expand=False,
    )
    table.add_column("condition", overflow="fold")
    for name, _ in section.columns:
        table.add_column(name, justify="right")
    table.add_column("target", overflow="fold")
    table.add_column("", no_wrap=True)
    for row in section.rows:
        mark = _mark(row.met)
        styled = f"[green]{mark}[/green]" if row.met else f"[red]{mark}[/red]"
        cells = [_cell(row, key) for _, key in section.columns]
        table.add_row(escape(row.name), *cells, escape(row.target), styled if mark else "")
    return table


def to_markdown(sections: list[Section]) -> str:
    """The same tables as Markdown, for ``docs/benchmarks.md``."""
    lines = ["| # | measure | result | target | |", "|---|---|---|---|---|"]

    def cell(text: str) -> str:
        # "[requests: 0]" after "[0]" would read as a Markdown reference link.
        return text.replace("|", "\\|").replace("[", "\\[").replace("\n", " ")

    plain = [section for section in sections if not section.columns]
    for section in plain:
        note = f" ({cell(section.note)})" if section.note else ""
        lines.append(f"| {section.number} | **{cell(section.title)}**{note} | | | |")
        for row in section.rows:
            lines.append(
                f"| | {cell(row.name)} | {cell(row.value)} | {cell(row.target)} "
                f"| {_mark(row.met)} |"
            )
    if not plain:
        lines = []
    for section in sections:
        if not section.columns:
            continue
        if lines:
            lines.append("")
        note = f" ({cell(section.note)})" if section.note else ""
        lines.append(f"**{section.number}. {cell(section.title)}**{note}")
        lines.append("")
        names = [cell(name) for name, _ in section.columns]
        lines.append("| condition | " + " | ".join(names) + " | target | |")
        lines.append("|---|" + "---:|" * len(names) + "---|---|")
        for row in section.rows:
            cells = " | ".join(cell(_cell(row, key)) for _, key in section.columns)
            lines.append(f"| {cell(row.name)} | {cells} | {cell(row.target)} | {_mark(row.met)} |")
    return "\n".join(lines) + "\n"


def save_json(path: Path, sections: list[Section], machine: dict[str, Any]) -> None:
    """Write the machine and every section with its rows (raw numbers included) to ``path``."""
    payload = {"machine": machine, "sections": [asdict(s) for s in sections]}
    path.write_text(json.dumps(payload, indent=2, default=str) + "\n")
