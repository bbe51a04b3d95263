"""Commands that hand a job to an agent: work out setup commands, analyse sandbox logs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from codegen_client.cli._options import JsonFlag, OrgId, RepoId, WaitTimeout
from codegen_client.cli._run_display import DEFAULT_WAIT_TIMEOUT, wait_and_show
from codegen_client.cli._session import Invocation, open_command

if TYPE_CHECKING:
    from codegen_client_generated.models.analyze_logs_response import AnalyzeLogsResponse
    from codegen_client_generated.models.setup_commands_response import SetupCommandsResponse

__all__ = ["register"]

Wait = Annotated[bool, typer.Option("--wait", help="Wait for the agent run and show its result.")]


def _started(
    cmd: Invocation,
    org_id: int,
    answer: SetupCommandsResponse | AnalyzeLogsResponse,
    wait: bool,
    timeout: float,
    what: str,
) -> None:
    """Show the started run's acknowledgement, or wait for the run and show it."""
    if wait:
        wait_and_show(cmd, org_id, answer.agent_run_id, timeout)
    else:
        cmd.out.record(answer, title=what)


def setup_commands(
    ctx: typer.Context,
    org_id: OrgId,
    repo_id: RepoId,
    prompt: Annotated[
        str | None, typer.Option(help="Extra instructions for the agent.", metavar="TEXT")
    ] = None,
    wait: Wait = False,
    timeout: WaitTimeout = DEFAULT_WAIT_TIMEOUT,
    as_json: JsonFlag = False,
) -> None:
    """Start an agent run that works out a repository's setup commands."""
    with open_command(ctx, as_json) as cmd:
        answer = cmd.client.setup_commands.generate_setup_commands(org_id, repo_id, prompt=prompt)
        _started(cmd, org_id, answer, wait, timeout, "Setup commands run started")


def analyze_logs(
    ctx: typer.Context,
    org_id: OrgId,
    sandbox_id: Annotated[int, typer.Argument(help="Sandbox id.", min=1, metavar="SANDBOX_ID")],
    wait: Wait = False,
    timeout: WaitTimeout = DEFAULT_WAIT_TIMEOUT,
    as_json: JsonFlag = False,
) -> None:
    """Start an agent run that analyses a sandbox's setup logs."""
    with open_command(ctx, as_json) as cmd:
        answer = cmd.client.sandbox.analyze_sandbox_logs(org_id, sandbox_id)
        _started(cmd, org_id, answer, wait, timeout, "Log analysis run started")


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command(rich_help_panel="Agent runs")(setup_commands)
    app.command(rich_help_panel="Agent runs")(analyze_logs)
