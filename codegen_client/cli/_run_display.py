"""Showing agent runs (with their pull requests), and waiting for one with progress on stderr."""

from __future__ import annotations

from typing import TYPE_CHECKING

from codegen_client._agents.phases import AgentRunPhase, agent_run_phase
from codegen_client._agents.pull_requests import pull_request_urls
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
    """Print one run: its fields, its result as markdown, then its pull requests' URLs.

    With ``--json``, the run as the API sent it (the URLs are in ``github_pull_requests``).
    """
    if out.json_output:
        out.json(run)
        return
    data = dict(plain(run))
    result = data.pop("result", None)
    data.pop("github_pull_requests", None)
    out.record(data, title=f"Agent run {data.get('id')}")
    out.markdown("Result:", result)
    urls = pull_request_urls(run)
    for url in urls:
        out.labelled("Pull request:", url)
    if not urls and agent_run_phase(run.status) is AgentRunPhase.COMPLETE:
        out.note("Pull request: none")


def wait_and_show(
    cmd: Invocation,
    org_id: int,
    agent_run_id: int,
    timeout: float | None,
    web_url: str | None = None,
) -> None:
    """Wait for a run to finish (progress on stderr), print it, and fail if it failed.

    Args:
        cmd: The running command.
        org_id: The organization.
        agent_run_id: The run.
        timeout: Seconds to wait.
        web_url: The run's URL, when known before the wait (shown while waiting).

    Raises:
        CliError: The run ended without a result (exit code 8).
        CodegenAgentRunPausedError: The run is paused, waiting for input.
        CodegenAgentRunTimeoutError: The deadline passed first.

    """
    cmd.session.track(org_id, agent_run_id)
    with RunSpinner(agent_run_id, cmd.client.clock, web_url) as spinner:
        run = cmd.client.agents.wait_for_agent_run(
            org_id, agent_run_id, timeout=timeout, on_status_change=spinner.on_run
        )
    cmd.session.untrack(agent_run_id)
    show_run(cmd.out, run)
    if agent_run_phase(run.status) is AgentRunPhase.FAILED:
        raise CliError(
            f"agent run {agent_run_id} ended {run.status} without a result", ExitCode.RUN_FAILED
        )
