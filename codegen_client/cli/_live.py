"""Progress on stderr while a command waits: one run, or the runs of a multi-run.

On a terminal, a live display is redrawn a few times a second: a spinner with the run's status,
the time waited and its URL, or a table with a row per candidate run (and the synthesis run).
Otherwise (piped, in CI logs) a plain line is written each time a run's status changes, so a
log shows the same story without control characters. Times come from the client's clock, so
an offline API's fast clock shows its own minutes.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from codegen_client._agents.phases import AgentRunPhase, agent_run_phase, status_of

if TYPE_CHECKING:
    from rich.console import Console
    from rich.live import Live
    from rich.spinner import Spinner

    from codegen_client._clock import Clock
    from codegen_client_generated.models.agent_run_response import AgentRunResponse

__all__ = ["MultiRunDisplay", "RunSpinner", "elapsed", "stderr_console"]

_Display = TypeVar("_Display", bound="_LiveDisplay")
# A live table shows run URLs only where a URL fits beside the other columns.
URL_COLUMN_MIN_WIDTH = 100


def stderr_console() -> Console | None:
    """A rich console on the current stderr, or None when stderr is not a terminal."""
    from rich.console import Console

    console = Console(file=sys.stderr)
    return console if console.is_terminal else None


def elapsed(seconds: float) -> str:
    """Say how long something took: ``45s``, ``2m 05s``, ``1h 02m``."""
    whole = max(int(seconds), 0)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h {minutes:02d}m"
    if minutes:
        return f"{minutes}m {secs:02d}s"
    return f"{secs}s"


class _LiveDisplay:
    """Redrawn on a terminal's stderr while open; plain lines on stderr otherwise.

    Subclasses say what to draw in `_render` (called on every refresh, so times move)
    and what to draw last in `_final`, and write plain lines with `_say`.
    """

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._started = clock.now()
        self._console = stderr_console()
        self._live: Live | None = None
        self._closing = False

    @property
    def waited(self) -> float:
        """Clock seconds since the display opened."""
        return self._clock.now() - self._started

    def _render(self) -> Any:
        raise NotImplementedError

    def _final(self) -> Any:
        return self._render()

    def _current(self) -> Any:
        return self._final() if self._closing else self._render()

    def _say(self, line: str) -> None:
        """Show a change: redraw the live display at once, or write ``line`` without one."""
        if self._live is not None:
            self._live.refresh()
        elif self._console is None:
            sys.stderr.write(line + "\n")
            sys.stderr.flush()

    def __enter__(self: _Display) -> _Display:
        if self._console is not None:
            from rich.live import Live

            # Rich would otherwise route prints to stdout through the stderr display.
            self._live = Live(
                console=self._console,
                get_renderable=self._current,
                refresh_per_second=4,
                transient=False,
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
        self._close()
        if self._live is not None:
            self._closing = True  # the last frame, which stays on screen, has no spinner
            self._live.stop()

    def _close(self) -> None:
        """What a display settles before its last frame (nothing, unless a subclass says)."""


class RunSpinner(_LiveDisplay):
    """Shows one agent run while a command waits: status, time waited and its URL.

    Examples:
        >>> with RunSpinner(7, clock, "https://codegen.com/agent/trace/7") as spinner:
        ...     spinner.on_run(run)  # doctest: +SKIP

    """

    def __init__(self, agent_run_id: int, clock: Clock, web_url: str | None = None) -> None:
        super().__init__(clock)
        self.agent_run_id = agent_run_id
        self.web_url = web_url
        self.status: str | None = None
        self._spinner: Spinner | None = None
        self._said = False

    def _line(self, joint: str = "·") -> str:
        status = self.status or "waiting"
        return f"Agent run {self.agent_run_id}: {status} {joint} {elapsed(self.waited)}"

    def _with_url(self, head: Any) -> Any:
        if not self.web_url:
            return head
        from rich.console import Group
        from rich.text import Text

        # On a line of its own, indented: a narrow terminal never splits it beside the status.
        return Group(head, Text(f"  {self.web_url}", no_wrap=True, overflow="ignore"))

    def _render(self) -> Any:
        from rich.spinner import Spinner

        if self._spinner is None:
            self._spinner = Spinner("dots", self._line())
        else:
            self._spinner.update(text=self._line())
        return self._with_url(self._spinner)

    def _final(self) -> Any:
        from rich.text import Text

        return self._with_url(Text(self._line("after")))

    def update(self, status: str | None, web_url: str | None = None) -> None:
        """Show the run's new status (and its URL, once known); a plain line when piped.

        Piped, the first line names the URL and later ones the time waited.
        """
        self.web_url = self.web_url or web_url
        if status == self.status and self._said:
            return
        self.status = status
        line = f"Agent run {self.agent_run_id}: {status or 'unknown'}"
        if self._said:
            line += f" after {elapsed(self.waited)}"
        elif self.web_url:
            line += f" {self.web_url}"
        self._said = True
        self._say(line)

    def on_run(self, run: AgentRunResponse) -> None:
        """A status-change callback: show the status (and URL) of ``run``."""
        url = run.web_url if isinstance(run.web_url, str) else None
        self.update(status_of(run), url)


@dataclass
class _Row:
    """One run of a multi-run as the display shows it."""

    run_id: int | None = None
    status: str = "starting"
    web_url: str | None = None
    started: float | None = None
    ended: float | None = None


class MultiRunDisplay(_LiveDisplay):
    """A row per candidate run (and the synthesis run), redrawn as their statuses change.

    On a terminal: a table (run, id, status, time; the URL too on a wide one) under a title
    with the time waited; it stays on screen when the display closes. Piped: a line per change.

    Examples:
        >>> with MultiRunDisplay(3, clock) as display:  # doctest: +SKIP
        ...     display.update("candidate 1", run)

    """

    def __init__(self, concurrency: int, clock: Clock) -> None:
        super().__init__(clock)
        self.concurrency = concurrency
        self._rows: dict[str, _Row] = {f"candidate {n}": _Row() for n in range(1, concurrency + 1)}

    def _row_time(self, row: _Row) -> str:
        if row.started is None:
            return ""
        end = row.ended if row.ended is not None else self._clock.now()
        return elapsed(end - row.started)

    def _render(self) -> Any:
        from rich.table import Table

        wide = self._console is not None and self._console.width >= URL_COLUMN_MIN_WIDTH
        title = f"Multi-run of {self.concurrency} candidates · {elapsed(self.waited)}"
        table = Table(title=title, title_justify="left")
        for header in ("Run", "ID", "Status", "Time") + (("Web URL",) if wide else ()):
            table.add_column(header, no_wrap=True)
        for name, row in list(self._rows.items()):
            cells = [name, str(row.run_id or ""), row.status, self._row_time(row)]
            table.add_row(*cells, *([row.web_url or ""] if wide else []))
        return table

    def update(self, name: str, run: AgentRunResponse, status: str | None) -> None:
        """Show ``run``'s ``status`` on the row called ``name`` (added at the end if new)."""
        row = self._rows.setdefault(name, _Row())
        now = self._clock.now()
        new_run = row.run_id != run.id
        if new_run:
            url = run.web_url if isinstance(run.web_url, str) else None
            row.run_id, row.web_url, row.started, row.ended = run.id, url, now, None
        text = status or "unknown"
        if text == row.status and not new_run:
            return
        row.status = text
        if agent_run_phase(status) is not AgentRunPhase.RUNNING and row.ended is None:
            row.ended = now
        line = f"{name}: run {run.id} {text}"
        if not new_run:
            line += f" after {self._row_time(row)}"
        elif row.web_url:
            line += f" {row.web_url}"
        self._say(line)

    def _close(self) -> None:
        # A row that never got a run (its create failed, or the multi-run stopped first) is not
        # left on screen as "starting".
        for row in self._rows.values():
            if row.run_id is None:
                row.status = "not started"

    @property
    def lines(self) -> dict[str, str]:
        """Each row as text, by name (what a terminal would show, without times)."""
        return {
            name: f"run {row.run_id}: {row.status}" if row.run_id else row.status
            for name, row in self._rows.items()
        }
