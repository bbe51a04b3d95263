"""A rich console that reports a closed pipe instead of exiting with status 1 itself."""

from __future__ import annotations

from rich.console import Console

__all__ = ["PipeAwareConsole"]


class PipeAwareConsole(Console):
    """A `rich.console.Console` whose closed stdout raises `BrokenPipeError`.

    Rich's own handling exits with status 1; the command line's entry point exits 141.
    """

    def on_broken_pipe(self) -> None:
        """Stop drawing and let the entry point handle the closed pipe.

        Raises:
            BrokenPipeError: Always.

        """
        self.quiet = True
        raise BrokenPipeError
