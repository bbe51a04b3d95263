"""The ``mcp`` command: the client's operations as MCP tools, served over stdio.

It needs the ``mcp`` extra (``pip install 'codegen-client[mcp]'``), which brings the official
MCP SDK. Stdout carries the protocol only; messages go to stderr. With ``--offline`` the tools
answer from an offline Codegen API that lives as long as the server.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import typer

from codegen_client.cli._errors import CliError, ExitCode
from codegen_client.cli._session import (
    OFFLINE_NOTICE,
    OFFLINE_ORG_ID,
    OFFLINE_RUN_DURATION,
    OFFLINE_SPEED,
    Session,
    session_of,
)

if TYPE_CHECKING:
    from codegen_client._async.client import AsyncCodegenClient

__all__ = ["MCP_INSTALL_HINT", "register"]

MCP_INSTALL_HINT = (
    "the MCP server needs the mcp extra; install it with: pip install 'codegen-client[mcp]'"
)


def _client(session: Session) -> AsyncCodegenClient:
    """An async client for the server: offline, or from the global options and CODEGEN_*."""
    if session.offline or session.fake is not None:
        fake = session.fake
        if fake is None:
            from codegen_client._clock import ScaledClock
            from codegen_client.testing import FakeCodegenAPI
            from codegen_client.testing._documented import add_documented_examples

            fake = FakeCodegenAPI(
                clock=ScaledClock(OFFLINE_SPEED),
                run_duration=OFFLINE_RUN_DURATION,
                org_id=OFFLINE_ORG_ID,
            )
            add_documented_examples(fake)
            typer.echo(OFFLINE_NOTICE, err=True)
        return fake.async_client(timeout=session.request_timeout, max_retries=session.max_retries)
    key = session.api_key if session.api_key is not None else os.environ.get("CODEGEN_API_KEY")
    if not key or not key.strip():
        raise CliError("no API key", ExitCode.AUTH)
    from codegen_client._async.client import AsyncCodegenClient

    return AsyncCodegenClient(
        api_key=session.api_key,
        base_url=session.base_url,
        timeout=session.request_timeout,
        max_retries=session.max_retries,
    )


def mcp(ctx: typer.Context) -> None:
    """Serve the client's operations as MCP tools over stdio (for Claude Code, Cursor, ...)."""
    try:
        import anyio

        from codegen_client.cli._mcp_server import build_server
    except ImportError:
        typer.echo(f"error: {MCP_INSTALL_HINT}", err=True)
        raise typer.Exit(int(ExitCode.USAGE)) from None
    from codegen_client._exceptions import CodegenApiError
    from codegen_client.cli._errors import describe, exit_code_for

    session = session_of(ctx)
    try:
        client = _client(session)
    except CliError as error:
        typer.echo(describe(error, error.code), err=True)
        raise typer.Exit(int(error.code)) from None
    except CodegenApiError as error:
        code = exit_code_for(error)
        typer.echo(describe(error, code), err=True)
        raise typer.Exit(int(code)) from None

    async def serve() -> None:
        async with client:
            await build_server(client).run_stdio_async()

    try:
        anyio.run(serve)
    except KeyboardInterrupt:
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command(rich_help_panel="Integrations")(mcp)
