"""Exit codes of the command line, and the one line printed for each failure.

| code | meaning                                                                |
|------|------------------------------------------------------------------------|
| 0    | success                                                                |
| 1    | any other API failure (400, 402, 5xx, an unreadable response)          |
| 2    | usage: unknown or misplaced option or command, a missing or malformed  |
|      | argument; or the ``cli`` extra is not installed                        |
| 3    | authentication: no API key, unknown key (401), no access (403)         |
| 4    | not found (404)                                                        |
| 5    | rate limited (429, still refused after the client's retries)           |
| 6    | input: a bad value, file or JSON; or the API rejected it (422)         |
| 7    | connection: the API could not be reached or did not answer in time     |
| 8    | an agent run ended without a result (failed, cancelled, paused, ...)   |
| 9    | a wait's deadline passed while agent runs were still working           |
| 10   | cannot tell yet whether a run carrying a request id was started        |
|      | (``find-agent-run``: ask again later, do not start the run again)      |
| 130  | interrupted (Ctrl-C); the runs still working are listed on stderr      |
| 141  | the reader of the output went away (``... | head``); nothing more shown |
"""

from __future__ import annotations

import sys
import textwrap
from enum import IntEnum

from codegen_client._exceptions import (
    CodegenAgentRunError,
    CodegenAgentRunTimeoutError,
    CodegenApiError,
    CodegenAuthError,
    CodegenConnectionError,
    CodegenInputError,
    CodegenLookupInconclusiveError,
    CodegenMultiRunAbortedError,
    CodegenPermissionError,
    CodegenRateLimitError,
    CodegenResourceNotFoundError,
    CodegenValidationError,
)

__all__ = ["CliError", "ExitCode", "OutputClosed", "describe", "exit_code_for", "tell"]


class ExitCode(IntEnum):
    """The documented exit codes (see the module docstring)."""

    OK = 0
    API_ERROR = 1
    USAGE = 2
    AUTH = 3
    NOT_FOUND = 4
    RATE_LIMITED = 5
    INPUT = 6
    CONNECTION = 7
    RUN_FAILED = 8
    WAIT_TIMEOUT = 9
    CANNOT_TELL = 10
    INTERRUPTED = 130
    PIPE_CLOSED = 141


class CliError(Exception):
    """A failure the command line found itself (a bad file, bad JSON, no API key).

    Attributes:
        code: The exit code to leave with.

    """

    def __init__(self, message: str, code: ExitCode = ExitCode.INPUT) -> None:
        super().__init__(message)
        self.code = code


class OutputClosed(Exception):
    """The reader of stdout went away (``codegen-client ... | head``).

    Raised in place of `BrokenPipeError` so that it passes through typer, which would
    otherwise turn a closed pipe into exit status 1; the entry point exits 141 for it.
    """


def exit_code_for(error: CodegenApiError) -> ExitCode:
    """Pick the exit code for a library error.

    Args:
        error: What the client raised.

    Returns:
        The documented exit code for that kind of failure.

    """
    # A multi-run stopped by an API error exits as that error would.
    if isinstance(error, CodegenMultiRunAbortedError) and isinstance(
        error.__cause__, CodegenApiError
    ):
        return exit_code_for(error.__cause__)
    # Order matters: a multi-run timeout is also a run error.
    if isinstance(error, CodegenAgentRunTimeoutError):
        return ExitCode.WAIT_TIMEOUT
    if isinstance(error, CodegenAgentRunError):
        return ExitCode.RUN_FAILED
    if isinstance(error, CodegenLookupInconclusiveError):
        return ExitCode.CANNOT_TELL
    if isinstance(error, CodegenAuthError):
        return ExitCode.AUTH
    if isinstance(error, (CodegenInputError, CodegenValidationError)):
        return ExitCode.INPUT
    if isinstance(error, CodegenResourceNotFoundError):
        return ExitCode.NOT_FOUND
    if isinstance(error, CodegenRateLimitError):
        return ExitCode.RATE_LIMITED
    if isinstance(error, CodegenConnectionError):
        return ExitCode.CONNECTION
    return ExitCode.API_ERROR


def _hint(error: BaseException, code: ExitCode) -> str | None:
    """What the user can do about it, when there is something obvious."""
    if isinstance(error, CodegenPermissionError):
        return "your user is not in that organization; see `codegen-client organizations`"
    if code is ExitCode.AUTH:
        return "set CODEGEN_API_KEY or pass --api-key, or try --offline"
    if code is ExitCode.WAIT_TIMEOUT:
        return "the runs keep working on Codegen; wait again with `codegen-client wait-agent-run`"
    if code is ExitCode.RATE_LIMITED:
        return "wait a minute and try again"
    if code is ExitCode.CONNECTION:
        return "check CODEGEN_BASE_URL or --base-url, and the network"
    return None


def describe(error: BaseException, code: ExitCode) -> str:
    """Say what went wrong in one line (never the API key: errors do not carry it).

    Args:
        error: The failure.
        code: Its exit code, used to add a hint on what to do.

    Returns:
        One line without a trailing newline.

    """
    text = " ".join(str(error).split()) or type(error).__name__
    hint = _hint(error, code)
    return f"error: {text} [{hint}]" if hint else f"error: {text}"


def tell(message: str) -> None:
    """Write a message for people on stderr: one line, wrapped at spaces on a terminal.

    Piped, the message stays one line (a log or a script reads it whole); on a terminal it
    is wrapped to the terminal's width without splitting a word, so a URL or a command in it
    stays whole.

    Args:
        message: The message (without a trailing newline).

    """
    stream = sys.stderr
    if stream.isatty():
        import shutil

        width = shutil.get_terminal_size().columns
        lines = textwrap.wrap(
            message, max(width, 20), break_long_words=False, break_on_hyphens=False
        )
        message = "\n".join(lines)
    stream.write(message + "\n")
    stream.flush()
