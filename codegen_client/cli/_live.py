"""Live progress on stderr while a command waits: a spinner for one run, a line per candidate.

Both displays draw only when stderr is a terminal; piped or captured, they print nothing, so
logs and scripts see only the final result and any error line.
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.live import Live

__all__ = ["MultiRunDisplay", "RunSpinner", "stderr_console"]


def stderr_console() -> Console | None:
    """A rich console on the current stderr, or None when stderr is not a terminal."""
    from rich.console import Console

    console = Console(file=sys.stderr)
    return console if console.is_terminal else None


def _live(console: Console, renderable: Any, *, transient: bool) -> Live:
    """Start a live display on ``console`` that leaves sys.stdout and sys.stderr alone.

    Rich would otherwise route prints to stdout through the stderr display while it runs.
    """
    from rich.live import Live

    live = Live(
        renderable,
        console=console,
        refresh_per_second=8,
        transient=transient,
        redirect_stdout=False,
        redirect_stderr=False,
    )
    live.start(refresh=True)
    return live


def _field(value: Any, name: str) -> Any:
    if isinstance(value, dict):
        return value.get(name)
    return getattr(value, name, None)


class RunSpinner:
    """A spinner naming one agent run and its latest status.

    Example:
        >>> with RunSpinner("Agent run 7") as spinner:  # doctest: +SKIP
        ...     spinner.update("ACTIVE")

    """

    def __init__(self, label: str) -> None:
        self.label = label
        self._console = stderr_console()
        self._live: Live | None = None
        self.text = f"{label}: waiting"

    def _render(self) -> Any:
        from rich.spinner import Spinner

        return Spinner("dots", self.text)

    def __enter__(self) -> RunSpinner:
        if self._console is not None:
            self._live = _live(self._console, self._render(), transient=True)
        return self

    def update(self, status: str | None) -> None:
        """Show the run's new status."""
        self.text = f"{self.label}: {status or 'unknown'}"
        if self._live is not None:
            self._live.update(self._render())

    def on_run(self, run: Any) -> None:
        """A status-change callback: show the status of ``run`` (a model or dict)."""
        self.update(_field(run, "status"))

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._live is not None:
            self._live.stop()


class MultiRunDisplay:
    """One status line per candidate run (and the synthesis run), redrawn as they change.

    Example:
        >>> with MultiRunDisplay(3) as display:  # doctest: +SKIP
        ...     display.set_line("candidate 1", "run 11: ACTIVE")

    """

    def __init__(self, concurrency: int) -> None:
        self._console = stderr_console()
        self._lines: dict[str, str] = {
            f"candidate {n}": "starting" for n in range(1, concurrency + 1)
        }
        self._live: Live | None = None

    def __enter__(self) -> MultiRunDisplay:
        if self._console is not None:
            self._live = _live(self._console, self._render(), transient=False)
        return self

    def _render(self) -> Any:
        from rich.table import Table

        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        for name, text in self._lines.items():
            table.add_row(name, text)
        return table

    def set_line(self, name: str, text: str) -> None:
        """Set the line called ``name`` (added at the end if new) and redraw."""
        self._lines[name] = text
        if self._live is not None:
            self._live.update(self._render())

    @property
    def lines(self) -> dict[str, str]:
        """The current lines, by name (what a terminal would show)."""
        return dict(self._lines)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._live is not None:
            self._live.stop()
