"""The ``codegen-client`` command line (also ``python -m codegen_client`` and ``cli.py``).

It ships in the ``cli`` extra (``pip install 'codegen-client[cli]'``): typer and rich are not
dependencies of the library. Commands, options and exit codes: ``codegen-client --help`` and
the documentation's command-line guide; the exit codes are listed in
`codegen_client.cli._errors`.
"""

import os
import sys

from codegen_client.cli._interrupt import INTERRUPTED, quiet_until_started

__all__ = ["INSTALL_HINT", "cli_installed", "main"]

INSTALL_HINT = (
    "codegen-client: the command line is not installed; "
    "install it with: pip install 'codegen-client[cli]'"
)
# The exit codes main() uses before the app (and its ExitCode table) can be imported.
_USAGE = 2
_PIPE_CLOSED = 141


def cli_installed() -> bool:
    """Whether the ``cli`` extra's packages are importable (without importing them)."""
    import importlib.util  # here: it loads contextlib, milliseconds main() has better uses for

    return all(importlib.util.find_spec(name) is not None for name in ("typer", "rich"))


def main() -> None:
    """Run the command line on ``sys.argv`` and exit with its exit code.

    Raises:
        SystemExit: Always: 0 on success, the documented code otherwise; 2 with one line on
            stderr when the ``cli`` extra is not installed; 141 when stdout was closed; 130
            on Ctrl-C (before a command started, without a word).

    """
    # First of all: until a command starts, Ctrl-C ends the process quietly (see _interrupt).
    quiet_until_started()
    if not cli_installed():
        sys.stderr.write(INSTALL_HINT + "\n")
        sys.exit(_USAGE)
    # A terminal or pipe that cannot show a character (PYTHONIOENCODING=ascii, LC_ALL=C on
    # an old Python) gets an escape instead of a traceback; JSON is written in ASCII there.
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="backslashreplace")
    # Imported here so that importing the package stays cheap for library users.
    from codegen_client.cli._app import app
    from codegen_client.cli._errors import OutputClosed

    try:
        app(prog_name="codegen-client")
    except KeyboardInterrupt:  # after command_started(), outside a command's own handling
        sys.exit(INTERRUPTED)
    except (OutputClosed, BrokenPipeError):
        # The reader went away (`codegen-client ... | head`): stop quietly, as Unix tools do.
        # Point stdout at /dev/null so the interpreter's final flush cannot fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(_PIPE_CLOSED)
