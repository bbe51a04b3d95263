"""The ``summary`` command: what an agent run did (files, commands, tests, PR), from its log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from codegen_client.cli._options import AgentRunId, JsonFlag, OrgId
from codegen_client.cli._output import Column, Output
from codegen_client.cli._session import open_command

if TYPE_CHECKING:
    from codegen_client._agents.activity import AgentRunSummary

__all__ = ["register"]

FILE_COLUMNS: list[Column] = [("Change", "action"), ("File", "path"), ("From", "renamed_from")]
COMMAND_COLUMNS: list[Column] = [("Exit", "exit_code"), ("Command", "command")]
TEST_COLUMNS: list[Column] = [
    ("Result", "result"),
    ("Passed", "passed"),
    ("Failed", "failed"),
    ("Skipped", "skipped"),
    ("Command", "command"),
]


def _outcome(succeeded: bool | None) -> str:
    return {True: "passed", False: "FAILED", None: "unknown"}[succeeded]


def show_summary(summary: AgentRunSummary, out: Output) -> None:
    """Print a summary: the run's fields, then a table per kind of action (or its JSON)."""
    data = summary.to_dict()
    if out.json_output:
        out.json(data)
        return
    out.record(
        {
            "id": summary.agent_run_id,
            "status": summary.status,
            "web_url": summary.web_url,
            "pull_requests": summary.pull_requests,
            "summary": summary.summary,
        },
        title=f"Agent run {summary.agent_run_id}",
    )
    tests = [{**test, "result": _outcome(test["succeeded"])} for test in data["tests"]]
    for rows, columns, title in (
        (data["files_changed"], FILE_COLUMNS, "Files changed"),
        (data["commands"], COMMAND_COLUMNS, "Commands"),
        (tests, TEST_COLUMNS, "Test runs"),
    ):
        if rows:
            out.table(rows, columns, title=title)
        else:
            out.note(f"{title}: none in the log")
    read = f"{summary.log_entries} log entries read"
    out.note(read if summary.complete else f"{read} (stopped at --max-log-entries)")


def summary(
    ctx: typer.Context,
    org_id: OrgId,
    agent_run_id: AgentRunId,
    max_log_entries: Annotated[
        int | None,
        typer.Option(help="Read at most this many log entries.", min=1, metavar="N"),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """What an agent run did: files changed, commands and exit codes, test results, its PR."""
    with open_command(ctx, as_json) as cmd:
        found = cmd.client.agents_alpha.summarize_agent_run(
            org_id, agent_run_id, max_log_entries=max_log_entries
        )
        show_summary(found, cmd.out)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command(rich_help_panel="Agent runs")(summary)
