"""The ``codegen-client`` command line: global options, and every command registered on one app."""

from __future__ import annotations

from typing import Annotated

import typer

from codegen_client.cli import (
    _account,
    _agent_runs,
    _agent_tasks,
    _fake_server,
    _logs,
    _mcp,
    _multi_run,
    _org_settings,
    _summary,
)
from codegen_client.cli._group import CommandGroup
from codegen_client.cli._options import HELP_MARKUP
from codegen_client.cli._session import Session

__all__ = ["app"]

app = typer.Typer(
    name="codegen-client",
    cls=CommandGroup,
    help=(
        "The Codegen API from the command line. Tables by default, --json for machines. "
        "Set CODEGEN_API_KEY (or pass --api-key), or try everything with --offline. "
        "Global options go before the command: codegen-client --offline organizations --json"
    ),
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=HELP_MARKUP,
    # A bug's traceback stays Python's plain one: rich's would show local variables, and
    # those could hold the API key.
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from codegen_client import __version__

        typer.echo(f"codegen-client {__version__}")
        raise typer.Exit()


@app.callback()
def configure(
    ctx: typer.Context,
    api_key: Annotated[
        str | None,
        typer.Option(
            help="API key (default: $CODEGEN_API_KEY). Prefer the variable: options show in ps.",
            show_default=False,
            metavar="KEY",
        ),
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            help="API base URL (default: $CODEGEN_BASE_URL, then the public API).", metavar="URL"
        ),
    ] = None,
    offline: Annotated[
        bool,
        typer.Option(
            "--offline",
            help=(
                "Answer from an in-process offline Codegen API (fast clock, no key, no "
                "network); --api-key and --base-url are then ignored."
            ),
        ),
    ] = False,
    request_timeout: Annotated[
        float | None,
        typer.Option(
            help="Seconds per request (default: $CODEGEN_TIMEOUT, then 30).",
            min=0.001,
            metavar="SECONDS",
        ),
    ] = None,
    max_retries: Annotated[
        int | None,
        typer.Option(
            help="Retries of a failed request (default: $CODEGEN_MAX_RETRIES, then 3).",
            min=0,
            metavar="N",
        ),
    ] = None,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="Log requests, retries and pacing waits on stderr."),
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Keep the global options for the command that follows."""
    from codegen_client.cli._log import configure_logging

    configure_logging(verbose)
    # A caller (a test) may hand in an offline API as ctx.obj; --offline then reuses it.
    ctx.obj = Session(
        api_key=api_key,
        base_url=base_url,
        request_timeout=request_timeout,
        max_retries=max_retries,
        offline=offline,
        fake=ctx.obj if ctx.obj is not None and not isinstance(ctx.obj, Session) else None,
    )


for _module in (
    _account,
    _agent_runs,
    _logs,
    _summary,
    _multi_run,
    _agent_tasks,
    _org_settings,
    _mcp,
    _fake_server,
):
    _module.register(app)
