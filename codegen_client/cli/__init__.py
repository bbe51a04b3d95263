"""The ``codegen-client`` command line (also ``python -m codegen_client`` and ``cli.py``).

Commands, options and exit codes: ``codegen-client --help`` and the README's "Command line"
section; the exit codes are listed in :mod:`codegen_client.cli._errors`.
"""

from __future__ import annotations

__all__ = ["main"]


def main() -> None:
    """Run the command line on ``sys.argv`` and exit with its exit code."""
    # Imported here so that importing the package stays cheap for library users.
    from codegen_client.cli._app import app

    try:
        app(prog_name="codegen-client")
    except BrokenPipeError:
        # The reader went away (`codegen-client ... | head`): stop quietly, as Unix tools do.
        # Point stdout at /dev/null so the interpreter's final flush cannot fail again.
        import os
        import sys

        from codegen_client.cli._errors import ExitCode

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(int(ExitCode.PIPE_CLOSED))
