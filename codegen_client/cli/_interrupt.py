"""Ctrl-C before a command starts: quiet at once, then the command's own handling.

`quiet_until_started` (the first thing `codegen_client.cli.main` does) makes a
Ctrl-C while typer and rich load, or while the command line is parsed, end the process at
once with exit 130 and no output: nothing is under way yet, and a traceback there would say
nothing to the user. `command_started` (called by every command as it begins) puts
Python's handler back, so that from then on a command sees ``KeyboardInterrupt`` and reports
what it leaves behind (the runs still working, a create's request id).
"""

# The C module itself: `signal` would first import enum, milliseconds before Ctrl-C is ours.
import _signal  # type: ignore[import-not-found,unused-ignore]
import os

__all__ = ["INTERRUPTED", "command_started", "quiet_until_started"]

INTERRUPTED = 130


def _exit_quietly(signum: int, frame: object) -> None:
    os._exit(INTERRUPTED)


def quiet_until_started() -> None:
    """Make Ctrl-C end the process quietly with 130, unless someone else handles it already."""
    if _signal.getsignal(_signal.SIGINT) is _signal.default_int_handler:
        _signal.signal(_signal.SIGINT, _exit_quietly)


def command_started() -> None:
    """Let Ctrl-C raise KeyboardInterrupt again (only undoes `quiet_until_started`)."""
    if _signal.getsignal(_signal.SIGINT) is _exit_quietly:
        _signal.signal(_signal.SIGINT, _signal.default_int_handler)
