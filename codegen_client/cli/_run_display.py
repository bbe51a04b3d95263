"""Showing agent runs, and waiting for one with a spinner on stderr."""

from __future__ import annotations

from typing import TYPE_CHECKING

from codegen_client._agents.phases import AgentRunPhase, agent_run_phase
from codegen_client.cli._errors import CliError, ExitCode
from codegen_client.cli._live import RunSpinner
from codegen_client.cli._output import Column, Output, plain
from codegen_client.cli._session import Invocation

if TYPE_CHECKING:
    from codegen_client_generated.models.agent_run_response import AgentRunResponse

__all__ = ["DEFAULT_WAIT_TIMEOUT", "RUN_COLUMNS", "show_run", "wait_and_show"]

# The library's own default for wait_for_agent_run: runs take minutes to tens of minutes.
# A copy (tests/cli/test_defaults.py keeps it equal): importing resources.agents for it would
# load the generated models on every --help.
DEFAULT_WAIT_TIMEOUT = 1800.0

RUN_COLUMNS: list[Column] = [
    ("ID", "id"),
    ("Status", "status"),
    ("Created", "created_at"),
    ("Source", "source_type"),
    ("Web URL", "web_url"),
]


def show_run(out: Output, run: AgentRunResponse) -> None:
    """Print one run: its fields (pull requests as URLs), then its result as markdown."""
    if out.json_output:
        out.json(run)
        return
    data = dict(plain(run))
    result = data.pop("result", None)
    pulls = data.pop("github_pull_requests", None)
    if pulls:
        data["pull_requests"] = [p.get("url") or p.get("id") for p in pulls]
    out.record(data, title=f"Agent run {data.get('id')}")
    out.markdown("Result:", result)


def wait_and_show(cmd: Invocation, org_id: int, agent_run_id: int, timeout: float | None) -> None:
    """Wait for a run to finish (spinner on stderr), print it, and fail if it failed.

    Args:
        cmd: The running command.
        org_id: The organization.
        agent_run_id: The run.
        timeout: Seconds to wait.

    Raises:
        CliError: The run ended without a result (exit code 8).
        CodegenAgentRunPausedError: The run is paused, waiting for input.
        CodegenAgentRunTimeoutError: The deadline passed first.

    """
    cmd.session.track(org_id, agent_run_id)
    with RunSpinner(f"Agent run {agent_run_id}") as spinner:
        run = cmd.client.agents.wait_for_agent_run(
            org_id, agent_run_id, timeout=timeout, on_status_change=spinner.on_run
        )
    cmd.session.untrack(agent_run_id)
    show_run(cmd.out, run)
    if agent_run_phase(run.status) is AgentRunPhase.FAILED:
        raise CliError(
            f"agent run {agent_run_id} ended {run.status} without a result", ExitCode.RUN_FAILED
        )
