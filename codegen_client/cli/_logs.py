"""The ``logs`` command: one page of an agent run's log, or follow it as entries arrive."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from codegen_client._agents.phases import AgentRunPhase, agent_run_phase, status_of
from codegen_client._validation import check_seconds
from codegen_client.cli._options import AgentRunId, JsonFlag, Limit, OrgId, Skip
from codegen_client.cli._output import Column, Output, cell, plain
from codegen_client.cli._session import Invocation, open_command

__all__ = ["register"]

LOG_COLUMNS: list[Column] = [
    ("Time", "created_at"),
    ("Type", "message_type"),
    ("Tool", "tool_name"),
    ("Thought", "thought"),
]
FOLLOW_PAGE = 100


def _line(entry: dict[str, Any]) -> str:
    """One log entry as one line of text (``--follow`` without ``--json``)."""
    parts = [cell(entry.get(key)) for _header, key in LOG_COLUMNS]
    return "  ".join(part for part in parts if part)


def logs(
    ctx: typer.Context,
    org_id: OrgId,
    agent_run_id: AgentRunId,
    skip: Skip = 0,
    limit: Limit = 100,
    reverse: Annotated[bool, typer.Option(help="Newest entries first.")] = False,
    follow: Annotated[
        bool,
        typer.Option(
            "--follow", "-f", help="Keep printing new entries until the run stops working."
        ),
    ] = False,
    interval: Annotated[
        float,
        typer.Option(help="Seconds between polls with --follow.", min=0.001, metavar="SECONDS"),
    ] = 5.0,
    as_json: JsonFlag = False,
) -> None:
    """Show an agent run's log (thoughts, tool calls); --follow prints only new entries."""
    if follow and reverse:
        raise typer.BadParameter(
            "--follow reads oldest first; drop --reverse", param_hint="--reverse"
        )
    with open_command(ctx, as_json) as cmd:
        if follow:
            check_seconds("--interval", interval)  # inf or 1e300 would fail in the sleep
            _follow(cmd, org_id, agent_run_id, skip, interval)
            return
        page = cmd.client.agents_alpha.get_agent_run_logs(
            org_id, agent_run_id, skip=skip, limit=limit, reverse=reverse
        )
        if cmd.out.json_output:
            cmd.out.json(page)
            return
        data = plain(page)
        entries = data.get("logs") or []
        status = data.get("status")
        title = f"Log of agent run {agent_run_id}" + (f" ({status})" if status else "")
        cmd.out.table(entries, LOG_COLUMNS, title=title)
        total = data.get("total_logs")
        shown = f"{len(entries)} entries shown" + (f" of {total}" if total is not None else "")
        cmd.out.note(f"{shown} (--json: all fields)")


def _print_entries(out: Output, entries: list[dict[str, Any]]) -> None:
    for entry in entries:
        if out.json_output:
            out.json_line(entry)
        else:
            out.note(_line(entry))


def _follow(cmd: Invocation, org_id: int, agent_run_id: int, skip: int, interval: float) -> None:
    """Print entries from ``skip`` on, then poll for new ones until the run stops working.

    The log is read oldest first, so entries already printed keep their position and the next
    page starts exactly where the last one ended. A run whose status is unknown counts as
    still working (Ctrl-C ends the wait).
    """
    seen = skip
    cmd.session.track(org_id, agent_run_id)
    while True:
        page = cmd.client.agents_alpha.get_agent_run_logs(
            org_id, agent_run_id, skip=seen, limit=FOLLOW_PAGE
        )
        data = plain(page)
        entries = data.get("logs") or []
        _print_entries(cmd.out, entries)
        seen += len(entries)
        if len(entries) == FOLLOW_PAGE:
            continue  # more are waiting already: read on without pausing
        status = data.get("status")
        if status is None:
            # The logs body may leave the status out (the spec makes it optional); without
            # it the log alone never shows the end, so ask the run itself.
            status = status_of(cmd.client.agents.get_agent_run(org_id, agent_run_id))
        if agent_run_phase(status) is not AgentRunPhase.RUNNING:
            break
        cmd.client.clock.sleep(interval)
    cmd.session.untrack(agent_run_id)
    cmd.out.note(f"agent run {agent_run_id} is {status}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command(rich_help_panel="Agent runs")(logs)
