"""The GitHub Action: action.yml, and its entry script run as a process against the offline API.

The script is the real thing (`python -m codegen_client.cli.github_action`), talking HTTP to
the offline API served on loopback, with a temporary `GITHUB_OUTPUT` file as the runner gives.
Runs there finish at once (duration 0) or never, so nothing waits for real time but a timeout
of a hundredth of a second.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from codegen_client.testing import FakeCodegenAPI, ManualClock, RunOutcome

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])
ORG = 123


@pytest.fixture
def fake() -> FakeCodegenAPI:
    """The offline API the script talks to (a ManualClock: runs end only as outcomes say)."""
    return FakeCodegenAPI(clock=ManualClock(), org_id=ORG, rate_limits=False)


@pytest.fixture
def served(fake: FakeCodegenAPI) -> Iterator[str]:
    """The fake served on a loopback port; yields its base URL."""
    pytest.importorskip("uvicorn", reason="needs the server extra")
    from codegen_client.testing.server import FakeServer

    with FakeServer(fake, port=0) as server:
        yield server.base_url


def outputs_of(path: Path) -> dict[str, str]:
    """Read a GITHUB_OUTPUT file as the runner does (NAME<<DELIMITER ... DELIMITER)."""
    found: dict[str, str] = {}
    lines = iter(path.read_text(encoding="utf-8").splitlines())
    for line in lines:
        name, _, delimiter = line.partition("<<")
        value = []
        for body in lines:
            if body == delimiter:
                break
            value.append(body)
        found[name] = "\n".join(value)
    return found


def run_step(
    fake: FakeCodegenAPI, base_url: str, tmp_path: Path, **inputs: str
) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """Run the entry script once as the runner would; return the process and its outputs."""
    output, summary = tmp_path / "output.txt", tmp_path / "summary.md"
    output.touch()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "CODEGEN_API_KEY": fake.api_key,
        "CODEGEN_BASE_URL": base_url,
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_REPOSITORY": "octo/app",
        "GITHUB_RUN_ID": "4242",
        "GITHUB_RUN_ATTEMPT": "1",
        "INPUT_ORG_ID": str(ORG),
        "INPUT_PROMPT": "Fix the flaky test",
        **{f"INPUT_{name.upper()}": value for name, value in inputs.items()},
    }
    done = subprocess.run(
        [sys.executable, "-m", "codegen_client.cli.github_action"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done, outputs_of(output)


def test_waits_and_outputs_status_result_and_the_pr(
    fake: FakeCodegenAPI, served: str, tmp_path: Path
) -> None:
    """With a repo by name and wait: COMPLETE, the result, the run's PR URL; the key masked."""
    repo = fake.organizations[ORG].repositories[1]
    # A result that tries to end its output early and set another one.
    fake.queue_outcome(RunOutcome(duration=0, result="Done.\nEOF\nrun-id<<EOF\n666\nEOF"))
    done, outputs = run_step(fake, served, tmp_path, repo=repo.full_name, timeout="60")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[0] == f"::add-mask::{fake.api_key}"
    assert fake.api_key not in done.stdout.partition("\n")[2] + done.stderr
    (run,) = fake.agent_runs.values()
    assert (run.repo_id, run.agent_type) == (repo.id, "codegen")
    assert outputs == {
        "run-id": str(run.id),
        "status": "COMPLETE",
        "web-url": run.web_url,
        "pr-url": outputs["pr-url"],
        "result": "Done.\nEOF\nrun-id<<EOF\n666\nEOF",
    }
    assert re.fullmatch(
        rf"https://github\.com/{re.escape(repo.full_name)}/pull/\d+", outputs["pr-url"]
    )
    assert outputs["pr-url"] in (tmp_path / "summary.md").read_text()


def test_a_pr_the_api_lists_is_the_pr_url(
    fake: FakeCodegenAPI, served: str, tmp_path: Path
) -> None:
    """When the run lists its pull request, pr-url is that one (the log is not read)."""
    fake.queue_outcome(RunOutcome(duration=0))
    original = fake.runs.create

    def with_pull_request(*args: Any, **kwargs: Any) -> Any:
        run = original(*args, **kwargs)
        run.github_pull_requests.append(
            {
                "id": 9,
                "title": "Fix",
                "url": "https://github.com/octo/app/pull/9",
                "created_at": fake.timestamp(),
                "head_branch_name": "codegen/fix",
            }
        )
        return run

    fake.runs.create = with_pull_request  # type: ignore[method-assign]
    done, outputs = run_step(fake, served, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert outputs["pr-url"] == "https://github.com/octo/app/pull/9"
    assert fake.requests_for("get_agent_run_logs") == []


def test_without_wait_it_returns_the_started_run_and_a_retry_starts_no_second(
    fake: FakeCodegenAPI, served: str, tmp_path: Path
) -> None:
    """wait false: outputs the ACTIVE run; the same step again (same attempt) reuses it."""
    fake.queue_outcome(RunOutcome.never_finishes(), count=None)
    first, outputs = run_step(fake, served, tmp_path, wait="false")
    assert first.returncode == 0, first.stdout + first.stderr
    assert (outputs["status"], outputs["result"], outputs["pr-url"]) == ("ACTIVE", "", "")
    again, repeated = run_step(fake, served, tmp_path, wait="false")
    assert again.returncode == 0
    assert repeated["run-id"] == outputs["run-id"]
    assert len(fake.agent_runs) == 1


@pytest.mark.parametrize(
    ("outcome", "timeout", "status", "message"),
    [
        (RunOutcome("FAILED", duration=0), "60", "FAILED", "ended FAILED without a result"),
        (RunOutcome.never_finishes(), "0.01", "ACTIVE", "still ACTIVE after 0.01 s"),
    ],
)
def test_a_failed_or_unfinished_run_fails_the_step_with_outputs(
    fake: FakeCodegenAPI,
    served: str,
    tmp_path: Path,
    outcome: RunOutcome,
    timeout: str,
    status: str,
    message: str,
) -> None:
    """A run that fails, or outlives the timeout: exit 1, an ::error:: line, outputs set."""
    fake.queue_outcome(outcome)
    done, outputs = run_step(fake, served, tmp_path, timeout=timeout)
    assert done.returncode == 1
    assert "::error title=Codegen agent run::" in done.stdout and message in done.stdout
    assert outputs["status"] == status and outputs["run-id"]


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"org_id": "abc"}, "input org-id must be a positive integer"),
        ({"prompt": "  "}, "input prompt is empty"),
        ({"wait": "maybe"}, "input wait must be true or false"),
        ({"timeout": "-5"}, "input timeout must be seconds > 0"),
        ({"repo": "not a name"}, "is not a repository name"),
    ],
)
def test_bad_inputs_fail_before_any_run_is_started(
    fake: FakeCodegenAPI, served: str, tmp_path: Path, inputs: dict[str, str], message: str
) -> None:
    """A malformed input fails the step naming it, and starts nothing."""
    done, outputs = run_step(fake, served, tmp_path, **inputs)
    assert done.returncode == 1
    assert message in done.stdout
    assert outputs["run-id"] == ""
    assert fake.agent_runs == {}


def test_action_yml_is_a_composite_action_with_the_documented_interface() -> None:
    """action.yml: the inputs and outputs, an install from its own checkout with the cli extra,
    and inputs passed through the environment only (never spliced into a shell command)."""
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert set(action["inputs"]) == {
        "org-id",
        "prompt",
        "repo",
        "wait",
        "timeout",
        "api-key",
        "base-url",
    }
    assert set(action["outputs"]) == {"run-id", "status", "web-url", "pr-url", "result"}
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    install = steps[0]
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    assert '"$ACTION_PATH[cli]"' in install["run"]
    for step in steps:
        assert "${{" not in step["run"]
    env = steps[-1]["env"]
    assert env["CODEGEN_API_KEY"] == "${{ inputs.api-key }}"
    assert "codegen_client.cli.github_action" in steps[-1]["run"]
