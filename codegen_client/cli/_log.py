"""Where the library's log goes while a command runs."""

from __future__ import annotations

import logging
import sys

__all__ = ["configure_logging", "reset_logging"]

_LOGGER = "codegen_client"


class _CliLogHandler(logging.Handler):
    """Writes the library's log to the current stderr with --verbose; drops it otherwise.

    Without a handler of its own, Python would print the library's warnings (e.g. the runs a
    multi-run left working) next to the command's one-line error.
    """

    def __init__(self, verbose: bool) -> None:
        super().__init__(logging.DEBUG if verbose else logging.CRITICAL + 1)
        self.previous_level = logging.NOTSET
        self.setFormatter(logging.Formatter("%(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        sys.stderr.write(self.format(record) + "\n")


def configure_logging(verbose: bool) -> None:
    """Install this invocation's log handler (replacing one a previous invocation left)."""
    reset_logging()
    logger = logging.getLogger(_LOGGER)
    handler = _CliLogHandler(verbose)
    handler.previous_level = logger.level
    logger.addHandler(handler)
    if verbose:
        logger.setLevel(logging.DEBUG)


def reset_logging() -> None:
    """Remove the handler and give the logger back its level (tests run many invocations)."""
    logger = logging.getLogger(_LOGGER)
    for old in [h for h in logger.handlers if isinstance(h, _CliLogHandler)]:
        logger.removeHandler(old)
        logger.setLevel(old.previous_level)
