"""The entry script of the repository's GitHub Action (``action.yml``): start a run, wait, report.

``python -m codegen_client.cli.github_action`` reads the action's inputs from the environment
(``action.yml`` maps them; never through the shell command line, where a prompt could inject
commands), starts one agent run, waits for it when asked, and writes the outputs ``run-id``,
``status``, ``web-url``, ``pr-url`` and ``result`` to ``$GITHUB_OUTPUT``, plus a short report
to ``$GITHUB_STEP_SUMMARY``.

Environment:
    CODEGEN_API_KEY: The key (masked in the log with ``::add-mask::`` before anything else).
    CODEGEN_BASE_URL: The API (empty: the public one).
    INPUT_ORG_ID, INPUT_PROMPT: The organization and the task.
    INPUT_REPO: ``owner/name``, a repository id, ``.`` for the workflow's own repository
        (``GITHUB_REPOSITORY``), or empty for none.
    INPUT_WAIT: ``true`` (default) to wait for the run, ``false`` to return once it started.
    INPUT_TIMEOUT: Seconds to wait (default 1800).

The create is idempotent per workflow attempt: its request id is made of the repository, the
run id and attempt, and a hash of org, repository and prompt, so a step that is retried within
one attempt gets the run it started instead of a second one. Exit 0 when the run started (and,
with a wait, completed); 1 with an ``::error::`` line otherwise, the outputs written all the same.
"""

from __future__ import annotations

import hashlib
import os
import sys
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from codegen_client._agents.phases import AgentRunPhase, agent_run_phase, status_of
from codegen_client._agents.pull_requests import pull_request_urls
from codegen_client._exceptions import (
    CodegenAgentRunPausedError,
    CodegenAgentRunTimeoutError,
    CodegenApiError,
    CodegenInputError,
)

if TYPE_CHECKING:
    from codegen_client._sync.client import CodegenClient
    from codegen_client_generated.models.agent_run_response import AgentRunResponse

__all__ = ["DEFAULT_TIMEOUT", "Inputs", "main", "read_inputs", "write_outputs"]

DEFAULT_TIMEOUT = 1800.0
OUTPUTS = ("run-id", "status", "web-url", "pr-url", "result")
_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off", ""}


@dataclass(frozen=True)
class Inputs:
    """The action's inputs, checked."""

    org_id: int
    prompt: str
    repo: str | None
    wait: bool
    timeout: float


def read_inputs(env: Mapping[str, str]) -> Inputs:
    """Read and check the inputs (``INPUT_*``) before anything is sent.

    Raises:
        CodegenInputError: An input is missing or malformed; the message names it.

    """
    org = env.get("INPUT_ORG_ID", "").strip()
    if not org.isdigit() or int(org) < 1:
        raise CodegenInputError(f"input org-id must be a positive integer, got {org!r}")
    prompt = env.get("INPUT_PROMPT", "")
    if not prompt.strip():
        raise CodegenInputError("input prompt is empty")
    repo = env.get("INPUT_REPO", "").strip() or None
    if repo == ".":
        repo = env.get("GITHUB_REPOSITORY") or None
        if repo is None:
            raise CodegenInputError("input repo is '.', but GITHUB_REPOSITORY is not set")
    wait = env.get("INPUT_WAIT", "true").strip().lower()
    if wait not in _TRUE | _FALSE:
        raise CodegenInputError(f"input wait must be true or false, got {wait!r}")
    text = env.get("INPUT_TIMEOUT", "").strip()
    try:
        timeout = float(text) if text else DEFAULT_TIMEOUT
    except ValueError:
        raise CodegenInputError(f"input timeout must be seconds, got {text!r}") from None
    if not 0 < timeout < float("inf"):
        raise CodegenInputError(f"input timeout must be seconds > 0, got {text!r}")
    return Inputs(int(org), prompt, repo, wait in _TRUE, timeout)


def request_id(inputs: Inputs, env: Mapping[str, str]) -> str | None:
    """The create's idempotency key within one workflow attempt (None outside Actions)."""
    run_id = env.get("GITHUB_RUN_ID")
    if not run_id:
        return None
    task = "\x00".join((str(inputs.org_id), inputs.repo or "", inputs.prompt))
    digest = hashlib.sha256(task.encode()).hexdigest()[:16]
    where = env.get("GITHUB_REPOSITORY", "")
    return f"github-action:{where}:{run_id}:{env.get('GITHUB_RUN_ATTEMPT', '1')}:{digest}"


def write_outputs(path: str, outputs: Mapping[str, str]) -> None:
    """Append outputs to ``$GITHUB_OUTPUT``, each in the multi-line form.

    The delimiter is random and checked against the value, so a result can never end an
    output early and set another one.
    """
    with open(path, "a", encoding="utf-8") as file:
        for name, value in outputs.items():
            delimiter = f"ghadelimiter_{uuid.uuid4()}"
            while delimiter in value:  # pragma: no cover - a random UUID in the text
                delimiter = f"ghadelimiter_{uuid.uuid4()}"
            file.write(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")


@dataclass
class Report:
    """What the step ends with: outputs, the error (if any) and the exit code."""

    outputs: dict[str, str] = field(default_factory=lambda: dict.fromkeys(OUTPUTS, ""))
    error: str | None = None

    def take(self, run: AgentRunResponse) -> None:
        """Record a run's current state in the outputs."""
        data = run.to_dict()
        self.outputs["run-id"] = str(run.id)
        self.outputs["status"] = str(data.get("status") or "")
        self.outputs["web-url"] = str(data.get("web_url") or "")
        self.outputs["result"] = str(data.get("result") or "")
        urls = pull_request_urls(run)
        if urls:
            self.outputs["pr-url"] = urls[0]


def _repo_id(client: CodegenClient, inputs: Inputs) -> int | None:
    if inputs.repo is None:
        return None
    if inputs.repo.isdigit():
        return int(inputs.repo)
    return int(client.repositories.find_repository(inputs.org_id, inputs.repo).id)


def run_action(client: CodegenClient, inputs: Inputs, env: Mapping[str, str]) -> Report:
    """Start the run, wait for it when asked, and fill the report (errors included)."""
    report = Report()
    try:
        repo_id = _repo_id(client, inputs)
        token = request_id(inputs, env)
        run = client.agents.create_agent_run(
            inputs.org_id,
            inputs.prompt,
            repo_id=repo_id,  # sent with agent_type "codegen", as create_agent_run does
            metadata={"codegen_client_request_id": token} if token else None,
        )
        report.take(run)
        if not inputs.wait:
            return report
        try:
            run = client.agents.wait_for_agent_run(inputs.org_id, run.id, timeout=inputs.timeout)
        except (CodegenAgentRunTimeoutError, CodegenAgentRunPausedError) as error:
            if error.run is not None:
                report.take(error.run)
            report.error = str(error)
            return report
        report.take(run)
        phase = agent_run_phase(status_of(run))
        if phase is AgentRunPhase.COMPLETE and not report.outputs["pr-url"]:
            # The run's list may not show the PR (yet): the log shows the agent opening it.
            found = client.agents_alpha.summarize_agent_run(inputs.org_id, run.id)
            report.outputs["pr-url"] = next(iter(found.pull_requests), "")
        if phase is not AgentRunPhase.COMPLETE:
            report.error = f"agent run {run.id} ended {status_of(run)} without a result"
    except CodegenApiError as error:
        report.error = " ".join(str(error).split())
    return report


def _step_summary(path: str, report: Report) -> None:
    out = report.outputs
    lines = [f"### Codegen agent run {out['run-id'] or '(not started)'}", ""]
    if out["status"]:
        lines.append(f"- Status: **{out['status']}**")
    if out["web-url"]:
        lines.append(f"- Trace: {out['web-url']}")
    if out["pr-url"]:
        lines.append(f"- Pull request: {out['pr-url']}")
    if report.error:
        lines.append(f"- Error: {report.error}")
    with open(path, "a", encoding="utf-8") as file:
        file.write("\n".join(lines) + "\n")


def main(env: Mapping[str, str] | None = None) -> int:
    """Run the action step; return its exit code (see the module docstring)."""
    env = os.environ if env is None else env
    key = env.get("CODEGEN_API_KEY", "")
    for line in key.splitlines():
        if line.strip():
            print(f"::add-mask::{line.strip()}", flush=True)
    report = Report()
    try:
        inputs = read_inputs(env)
        if not key.strip():
            raise CodegenInputError("no API key: pass api-key: ${{ secrets.CODEGEN_API_KEY }}")
        from codegen_client._sync.client import CodegenClient

        with CodegenClient(api_key=key, base_url=env.get("CODEGEN_BASE_URL") or None) as client:
            report = run_action(client, inputs, env)
    except CodegenApiError as error:
        report.error = " ".join(str(error).split())
    if env.get("GITHUB_OUTPUT"):
        write_outputs(env["GITHUB_OUTPUT"], report.outputs)
    if env.get("GITHUB_STEP_SUMMARY"):
        _step_summary(env["GITHUB_STEP_SUMMARY"], report)
    out = report.outputs
    if out["run-id"]:
        print(f"Codegen agent run {out['run-id']}: {out['status']} {out['web-url']}".rstrip())
    if out["pr-url"]:
        print(f"Pull request: {out['pr-url']}")
    if report.error:
        print(f"::error title=Codegen agent run::{_escaped(report.error)}", flush=True)
        return 1
    return 0


def _escaped(text: str) -> str:
    """A workflow command's message: %, CR and LF escaped as the runner expects."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


if __name__ == "__main__":
    sys.exit(main())
