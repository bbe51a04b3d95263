"""The ``multi-run-agent`` command: N candidate runs on one prompt, then one synthesized answer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from codegen_client._agents.phases import AgentRunPhase, agent_run_phase
from codegen_client._agents.pull_requests import pull_request_urls
from codegen_client.cli._agent_runs import AgentType, RepoOption, naming_pending_creates
from codegen_client.cli._inputs import json_object, prompt_text
from codegen_client.cli._live import MultiRunDisplay
from codegen_client.cli._options import JsonFlag, OrgId
from codegen_client.cli._output import Column
from codegen_client.cli._repo_option import RepoName, resolve_repo_id
from codegen_client.cli._session import Session, open_command

if TYPE_CHECKING:
    from codegen_client._multi_run.result import MultiRunEvent

__all__ = ["register"]

RUN_COLUMNS: list[Column] = [
    ("Role", "metadata.multi_run_role"),
    ("#", "candidate"),
    ("ID", "id"),
    ("Status", "status"),
    ("Web URL", "web_url"),
]


def candidate_number(index: int | None) -> int:
    """The number people see for a candidate: 1 for the first, as in the synthesis prompt.

    Args:
        index: The run's 0-based ``multi_run_index``.

    Returns:
        The 1-based number (the status lines, the table and the prompt all use it).

    """
    return (index or 0) + 1


def _table_rows(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The multi-run's runs with each candidate's 1-based number (none for the synthesis)."""
    rows = []
    for run in runs:
        meta = run.get("metadata") or {}
        number = (
            candidate_number(meta.get("multi_run_index"))
            if meta.get("multi_run_role") == "candidate"
            else None
        )
        rows.append({**run, "candidate": number})
    return rows


class _Progress:
    """Turns MultiRunAgent's events into display lines and the session's list of working runs."""

    def __init__(self, session: Session, org_id: int, display: MultiRunDisplay) -> None:
        self.session = session
        self.org_id = org_id
        self.display = display

    def __call__(self, event: MultiRunEvent) -> None:
        run = event.run
        if run is None:
            return
        name = (
            "synthesis"
            if event.role == "synthesis"
            else f"candidate {candidate_number(event.index)}"
        )
        self.display.update(name, run, event.status)
        if agent_run_phase(event.status) is AgentRunPhase.RUNNING:
            self.session.track(self.org_id, run.id)
        else:
            self.session.untrack(run.id)


def multi_run_agent(
    ctx: typer.Context,
    org_id: OrgId,
    prompt: Annotated[
        str,
        typer.Argument(
            help="The task every candidate works on (- reads it from standard input).",
            metavar="PROMPT",
        ),
    ],
    concurrency: Annotated[
        int, typer.Option(help="Candidate runs to start (1..20).", min=1, max=20, metavar="N")
    ] = 3,
    repo_id: RepoOption = None,
    repo: RepoName = None,
    model: Annotated[
        str | None,
        typer.Option(
            help="Model of the synthesis run, and of every run without --models.", metavar="TEXT"
        ),
    ] = None,
    models: Annotated[
        list[str] | None,
        typer.Option(
            help="A model for the candidates, assigned round robin; repeatable.", metavar="TEXT"
        ),
    ] = None,
    agent_type: AgentType = None,
    temperature: Annotated[
        float,
        typer.Option(
            help="Recorded in each run's metadata (0..1).", min=0.0, max=1.0, metavar="NUMBER"
        ),
    ] = 0.7,
    synthesis_temperature: Annotated[
        float,
        typer.Option(
            help="Recorded on the synthesis run (0..1).", min=0.0, max=1.0, metavar="NUMBER"
        ),
    ] = 0.2,
    synthesis_prompt: Annotated[
        str | None,
        typer.Option(
            help=(
                "Template for the synthesis run: must contain {candidates}, may use {task} and "
                "{count}; write literal braces as {{ and }}."
            ),
            metavar="TEXT",
        ),
    ] = None,
    metadata: Annotated[
        str | None, typer.Option(help="A JSON object stored with every run.", metavar="JSON")
    ] = None,
    timeout: Annotated[
        float,
        typer.Option(help="Seconds for the whole multi-run.", min=0.001, metavar="SECONDS"),
    ] = 600.0,
    poll_interval: Annotated[
        float, typer.Option(help="First wait between polls.", min=0.001, metavar="SECONDS")
    ] = 1.0,
    max_poll_interval: Annotated[
        float, typer.Option(help="Longest wait between polls.", min=0.001, metavar="SECONDS")
    ] = 30.0,
    as_json: JsonFlag = False,
) -> None:
    """Run several agents on one prompt and synthesize their answers into one."""
    with open_command(ctx, as_json) as cmd:
        meta = json_object("--metadata", metadata)
        task = prompt_text(prompt)
        repo_id = resolve_repo_id(cmd, org_id, repo_id, repo)
        client = cmd.client
        with naming_pending_creates(), MultiRunDisplay(concurrency, client.clock) as display:
            result = client.multi_run_agent.create_multi_run(
                org_id,
                task,
                concurrency=concurrency,
                repo_id=repo_id,
                model=model,
                models=models or None,
                agent_type=agent_type,
                temperature=temperature,
                synthesis_temperature=synthesis_temperature,
                synthesis_prompt=synthesis_prompt,
                timeout=timeout,
                poll_interval=poll_interval,
                max_poll_interval=max_poll_interval,
                metadata=meta,
                on_progress=_Progress(cmd.session, org_id, display),
            )
        if cmd.out.json_output:
            cmd.out.json(result)
            return
        rows = _table_rows(result["agent_runs"])
        cmd.out.table(rows, RUN_COLUMNS, title="Agent runs")
        usable = len(result["candidates"])
        cmd.out.note(f"{usable} of {concurrency} candidates gave an answer")
        cmd.out.markdown("Final answer:", result["final"])
        for row in rows:  # with --repo-id, each run may have opened a pull request
            name = f"candidate {row['candidate']}" if row["candidate"] else "synthesis"
            for url in pull_request_urls(row):
                cmd.out.labelled(f"Pull request ({name}):", url)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command(rich_help_panel="Agent runs")(multi_run_agent)
