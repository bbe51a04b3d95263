"""``python -m codegen_client.testing``: serve the offline Codegen API on loopback.

It runs the command line's ``fake-server`` command, so both take the same options, checks
and exit codes (``--help`` lists them).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the command line and serve until Ctrl-C.

    Args:
        argv: Arguments (default: ``sys.argv[1:]``).

    Raises:
        SystemExit: When the command ends, with its exit code (0, or 2 for a bad option or
            when the ``cli`` extra is not installed).

    """
    from codegen_client.cli import INSTALL_HINT, cli_installed

    if not cli_installed():  # the options are parsed by the command line's typer app
        sys.stderr.write(INSTALL_HINT + "\n")
        sys.exit(2)
    # Imported here: an entry point, so the testing package itself never loads the CLI.
    import typer

    from codegen_client.cli._fake_server import fake_server
    from codegen_client.cli._options import HELP_MARKUP

    app = typer.Typer(
        add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=HELP_MARKUP
    )
    app.command()(fake_server)
    app(args=None if argv is None else list(argv), prog_name="python -m codegen_client.testing")


if __name__ == "__main__":
    main()
