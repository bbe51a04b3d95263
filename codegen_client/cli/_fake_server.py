"""The ``fake-server`` command: serve the offline Codegen API on loopback HTTP."""

from __future__ import annotations

from typing import Annotated

import typer

from codegen_client.cli._errors import ExitCode

__all__ = ["register"]


def fake_server(
    host: Annotated[
        str, typer.Option(help="Interface to bind (loopback by default).", metavar="HOST")
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(help="TCP port (0: any free port).", min=0, max=65535, metavar="PORT")
    ] = 8080,
    api_key: Annotated[
        str | None,
        typer.Option(
            help="The token the server accepts (default: a fixed fake key).", metavar="KEY"
        ),
    ] = None,
    seed: Annotated[
        int, typer.Option(help="Seed of the generated organizations, users, ...", metavar="N")
    ] = 0,
    run_duration: Annotated[
        float,
        typer.Option(
            help="Seconds (of the server's clock) an agent run works.", min=0.0, metavar="SECONDS"
        ),
    ] = 600.0,
    no_rate_limits: Annotated[
        bool, typer.Option("--no-rate-limits", help="Do not enforce the documented rate limits.")
    ] = False,
    speed: Annotated[
        float,
        typer.Option(
            help="Clock speed: 10 runs time ten times faster.", min=0.001, metavar="NUMBER"
        ),
    ] = 1.0,
    org_id: Annotated[
        int,
        typer.Option(
            help="Id of the main organization (so the README's 123 works).", min=1, metavar="ID"
        ),
    ] = 123,
    log_requests: Annotated[
        bool,
        typer.Option(
            "--log-requests",
            "-v",
            help="Print one line per request on stderr: method, path, status, fault.",
        ),
    ] = False,
) -> None:
    """Serve the offline Codegen API at http://HOST:PORT/v1 until Ctrl-C (needs the server extra).

    It prints the settings for this client, codegen-api-client and the codegen SDK (a fake
    key, not yours), and ids to try. Install with: pip install 'codegen-client[server]'.
    """
    from codegen_client.cli._interrupt import command_started
    from codegen_client.testing import DEFAULT_API_KEY
    from codegen_client.testing.server import run_fake_server

    command_started()  # the server shuts down cleanly on Ctrl-C from here on
    if api_key is not None and not (api_key.isascii() and api_key.isprintable()):
        typer.echo("error: --api-key must be printable ASCII (it is sent as a header)", err=True)
        raise typer.Exit(int(ExitCode.INPUT))

    try:
        run_fake_server(
            host=host,
            port=port,
            api_key=api_key or DEFAULT_API_KEY,
            seed=seed,
            run_duration=run_duration,
            rate_limits=not no_rate_limits,
            speed=speed,
            org_id=org_id,
            verbose=log_requests,
        )
    except ModuleNotFoundError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(int(ExitCode.USAGE)) from None
    except OSError as exc:
        typer.echo(f"error: cannot serve on {host}:{port} ({exc.strerror or exc})", err=True)
        raise typer.Exit(int(ExitCode.INPUT)) from None
    except UnicodeError as exc:  # a host name in bytes that are not UTF-8
        typer.echo(f"error: --host {host!r} is not a valid host name ({exc})", err=True)
        raise typer.Exit(int(ExitCode.INPUT)) from None
    except ValueError as exc:  # a value the options let through: --speed inf
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(int(ExitCode.INPUT)) from None


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command(rich_help_panel="Offline")(fake_server)
