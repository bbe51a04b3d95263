"""Where the library's log goes while a command runs."""

from __future__ import annotations

import logging
import sys

__all__ = ["configure_logging"]


class _CliLogHandler(logging.Handler):
    """Writes the library's log to the current stderr with --verbose; drops it otherwise.

    Without a handler of its own, Python would print the library's warnings (e.g. the runs a
    multi-run left working) next to the command's one-line error.
    """

    def __init__(self, verbose: bool) -> None:
        super().__init__(logging.DEBUG if verbose else logging.CRITICAL + 1)
        self.setFormatter(logging.Formatter("%(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        sys.stderr.write(self.format(record) + "\n")


def configure_logging(verbose: bool) -> None:
    """Install this invocation's log handler (replacing the one a previous invocation left)."""
    logger = logging.getLogger("codegen_client")
    for old in [h for h in logger.handlers if isinstance(h, _CliLogHandler)]:
        logger.removeHandler(old)
    logger.addHandler(_CliLogHandler(verbose))
    if verbose:
        logger.setLevel(logging.DEBUG)
