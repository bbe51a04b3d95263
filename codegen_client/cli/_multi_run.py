"""The ``multi-run-agent`` command: N candidate runs on one prompt, then one synthesized answer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from codegen_client._lifecycle import AgentRunPhase, agent_run_phase
from codegen_client.cli._agent_runs import naming_pending_creates
from codegen_client.cli._inputs import json_object
from codegen_client.cli._live import MultiRunDisplay
from codegen_client.cli._options import JsonFlag, OrgId
from codegen_client.cli._output import Column
from codegen_client.cli._session import Session, open_command

if TYPE_CHECKING:
    from codegen_client._multi_run_result import MultiRunEvent

__all__ = ["register"]

RUN_COLUMNS: list[Column] = [
    ("Role", "metadata.multi_run_role"),
    ("#", "metadata.multi_run_index"),
    ("ID", "id"),
    ("Status", "status"),
    ("Web URL", "web_url"),
]


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
        name = "synthesis" if event.role == "synthesis" else f"candidate {(event.index or 0) + 1}"
        status = event.status or "unknown"
        self.display.set_line(name, f"run {run.id}: {status}")
        if agent_run_phase(event.status) is AgentRunPhase.RUNNING:
            self.session.track(self.org_id, run.id)
        else:
            self.session.untrack(run.id)


def multi_run_agent(
    ctx: typer.Context,
    org_id: OrgId,
    prompt: Annotated[
        str, typer.Argument(help="The task every candidate works on.", metavar="PROMPT")
    ],
    concurrency: Annotated[
        int, typer.Option(help="Candidate runs to start (1..20).", min=1, max=20)
    ] = 3,
    repo_id: Annotated[int | None, typer.Option(help="Repository to work in.", min=1)] = None,
    model: Annotated[str | None, typer.Option(help="Model of every run (see `models`).")] = None,
    models: Annotated[
        list[str] | None,
        typer.Option(help="Spread candidates over these models; repeat the option."),
    ] = None,
    agent_type: Annotated[str | None, typer.Option(help="Agent: codegen or claude_code.")] = None,
    temperature: Annotated[
        float, typer.Option(help="Recorded in each run's metadata (0..1).", min=0.0, max=1.0)
    ] = 0.7,
    synthesis_temperature: Annotated[
        float, typer.Option(help="Recorded on the synthesis run (0..1).", min=0.0, max=1.0)
    ] = 0.2,
    synthesis_prompt: Annotated[
        str | None,
        typer.Option(help="Template for the synthesis run; needs {candidates}, may use {task}."),
    ] = None,
    metadata: Annotated[
        str | None, typer.Option(help="A JSON object stored with every run.")
    ] = None,
    timeout: Annotated[
        float, typer.Option(help="Seconds for the whole multi-run.", min=0.001)
    ] = 600.0,
    poll_interval: Annotated[
        float, typer.Option(help="First wait between polls.", min=0.001)
    ] = 1.0,
    max_poll_interval: Annotated[
        float, typer.Option(help="Longest wait between polls.", min=0.001)
    ] = 30.0,
    as_json: JsonFlag = False,
) -> None:
    """Run several agents on one prompt and synthesize their answers into one."""
    with open_command(ctx, as_json) as cmd:
        meta = json_object("--metadata", metadata)
        with naming_pending_creates(), MultiRunDisplay(concurrency) as display:
            result = cmd.client.multi_run_agent.create_multi_run(
                org_id,
                prompt,
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
        cmd.out.table(result["agent_runs"], RUN_COLUMNS, title="Agent runs")
        usable = len(result["candidates"])
        cmd.out.note(f"{usable} of {concurrency} candidates gave an answer")
        cmd.out.markdown("Final answer:", result["final"])


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command(rich_help_panel="Agent runs")(multi_run_agent)
