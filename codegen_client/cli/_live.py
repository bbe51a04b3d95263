"""Live progress on stderr while a command waits: a spinner for one run, a line per candidate.

Both displays draw only when stderr is a terminal; piped or captured, they print nothing, so
logs and scripts see only the final result and any error line.
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from codegen_client._agents.phases import status_of

if TYPE_CHECKING:
    from rich.console import Console
    from rich.live import Live

    from codegen_client_generated.models.agent_run_response import AgentRunResponse

__all__ = ["MultiRunDisplay", "RunSpinner", "stderr_console"]

_Display = TypeVar("_Display", bound="_LiveDisplay")


def stderr_console() -> Console | None:
    """A rich console on the current stderr, or None when stderr is not a terminal."""
    from rich.console import Console

    console = Console(file=sys.stderr)
    return console if console.is_terminal else None


class _LiveDisplay:
    """A display redrawn on stderr while it is open; nothing is drawn without a terminal.

    Subclasses say what to draw in `_render` and call `_redraw` on a change.
    """

    _transient = True

    def __init__(self) -> None:
        self._console = stderr_console()
        self._live: Live | None = None

    def _render(self) -> Any:
        raise NotImplementedError

    def _redraw(self) -> None:
        if self._live is not None:
            self._live.update(self._render())

    def __enter__(self: _Display) -> _Display:
        if self._console is not None:
            from rich.live import Live

            # Rich would otherwise route prints to stdout through the stderr display.
            self._live = Live(
                self._render(),
                console=self._console,
                refresh_per_second=8,
                transient=self._transient,
                redirect_stdout=False,
                redirect_stderr=False,
            )
            self._live.start(refresh=True)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._live is not None:
            self._live.stop()


class RunSpinner(_LiveDisplay):
    """A spinner naming one agent run and its latest status (gone once the wait ends).

    Examples:
        >>> with RunSpinner("Agent run 7") as spinner:  # doctest: +SKIP
        ...     spinner.update("ACTIVE")

    """

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label
        self.text = f"{label}: waiting"

    def _render(self) -> Any:
        from rich.spinner import Spinner

        return Spinner("dots", self.text)

    def update(self, status: str | None) -> None:
        """Show the run's new status."""
        self.text = f"{self.label}: {status or 'unknown'}"
        self._redraw()

    def on_run(self, run: AgentRunResponse) -> None:
        """A status-change callback: show the status of ``run``."""
        self.update(status_of(run))


class MultiRunDisplay(_LiveDisplay):
    """One status line per candidate run (and the synthesis run), redrawn as they change.

    The lines stay on screen when the display closes.

    Examples:
        >>> with MultiRunDisplay(3) as display:  # doctest: +SKIP
        ...     display.set_line("candidate 1", "run 11: ACTIVE")

    """

    _transient = False

    def __init__(self, concurrency: int) -> None:
        super().__init__()
        self._lines: dict[str, str] = {
            f"candidate {n}": "starting" for n in range(1, concurrency + 1)
        }

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
        self._redraw()

    @property
    def lines(self) -> dict[str, str]:
        """The current lines, by name (what a terminal would show)."""
        return dict(self._lines)
