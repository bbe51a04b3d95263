"""``CODEGEN_LOG``: the library's log on stderr, turned on by an environment variable.

``CODEGEN_LOG=info`` shows a line per request sent (and retries, and recoveries);
``CODEGEN_LOG=debug`` adds each request's headers, with the Authorization header shown as
``Bearer ***``. The handler is added once per process, when a client is made.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping

from codegen_client._secrets import redact
from codegen_client._validation import invalid

__all__ = ["LOGGER_NAME", "LOG_LEVELS", "configure_env_logging"]

LOGGER_NAME = "codegen_client"
LOG_VARIABLE = "CODEGEN_LOG"
LOG_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}


class _RedactingFormatter(logging.Formatter):
    """Formats a record, then hides any ``Bearer <token>`` it holds (a last line of defence)."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class _EnvLogHandler(logging.Handler):
    """Writes the ``codegen_client`` log to the stderr of the moment (so redirects apply)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
        except Exception:  # a log line must never break a request
            self.handleError(record)


def configure_env_logging(environ: Mapping[str, str]) -> None:
    """Turn on the ``codegen_client`` logger on stderr when ``CODEGEN_LOG`` asks for it.

    Unset or empty leaves logging alone. Calling it again never adds a second handler; a
    lower level asked for later (``debug`` after ``info``) applies.

    Args:
        environ: The environment to read ``CODEGEN_LOG`` from.

    Raises:
        CodegenInputError: ``CODEGEN_LOG`` is set to something other than debug or info.

    """
    value = environ.get(LOG_VARIABLE, "").strip().lower()
    if not value:
        return
    level = LOG_LEVELS.get(value)
    if level is None:
        raise invalid(
            f"{LOG_VARIABLE} must be debug or info (or unset), got {environ[LOG_VARIABLE]!r}"
        )
    logger = logging.getLogger(LOGGER_NAME)
    handler = next((h for h in logger.handlers if isinstance(h, _EnvLogHandler)), None)
    if handler is None:
        handler = _EnvLogHandler()
        handler.setFormatter(_RedactingFormatter("%(name)s %(levelname)s %(message)s"))
        logger.addHandler(handler)
    handler.setLevel(min(level, handler.level or level))
    if logger.level == logging.NOTSET or logger.level > level:
        logger.setLevel(level)
