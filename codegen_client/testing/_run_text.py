"""Deterministic words for agent runs: results, summaries and log entries.

Everything is derived from a hash of the seed and the prompt (or run id and log index), so the
same seed and prompt always give the same text, readable enough to show in a demo.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

__all__ = ["closing_logs", "pull_request_url", "result_text", "work_log"]

_FILES = (
    "src/app/routes.py",
    "src/app/models.py",
    "src/services/billing.py",
    "src/utils/dates.ts",
    "web/components/Header.tsx",
    "cmd/server/main.go",
    "src/lib.rs",
    "tests/test_api.py",
    "README.md",
    "docs/setup.md",
    "config/settings.yaml",
    "src/auth/session.py",
)
_VERBS = ("Updated", "Refactored", "Fixed", "Simplified", "Documented", "Hardened")


def _digest(*parts: object) -> bytes:
    return hashlib.sha256("\x00".join(str(p) for p in parts).encode()).digest()


_TASK = re.compile(r"<task>\s*(.*?)\s*</task>", re.DOTALL)
_CANDIDATE = re.compile(r"<candidate number=")


def _title(prompt: str) -> str:
    # A synthesis prompt wraps the original task in <task> tags: title the answer after it.
    task = _TASK.search(prompt)
    text = task.group(1) if task else prompt
    first = text.strip().splitlines()[0] if text.strip() else "the request"
    return first if len(first) <= 72 else first[:69].rstrip() + "..."


def _topic(prompt: str) -> str:
    words = [w.strip(".,:;!?\"'`()") for w in prompt.split()]
    return " ".join(w for w in words[:4] if w) or "the request"


def result_text(seed: int, prompt: str) -> tuple[str, str]:
    """Return the ``(result, summary)`` a run with ``prompt`` ends with.

    Args:
        seed: The fake's seed.
        prompt: The run's full prompt (resumes included).

    Returns:
        Markdown result and a one-line summary, both stable for the same inputs.

    """
    digest = _digest(seed, prompt)
    files = [_FILES[b % len(_FILES)] for b in digest[:3]]
    verb = _VERBS[digest[3] % len(_VERBS)]
    passed = 20 + digest[4] % 180
    commit = digest.hex()[:7]
    title = _title(prompt)
    candidates = len(_CANDIDATE.findall(prompt))
    merged = f"I compared {candidates} candidate answers and kept the best of each.\n\n"
    result = (
        f"## Done: {title}\n\n"
        f"{merged if candidates else ''}"
        "Here is what I changed:\n\n"
        f"- {verb} `{files[0]}`\n"
        f"- Adjusted `{files[1]}` to match\n"
        f"- Added tests in `{files[2]}`\n\n"
        f"All checks pass ({passed} tests). The work is on commit `{commit}`."
    )
    summary = f"{verb} {len(set(files))} files for: {title} (commit {commit})."
    return result, summary


_TEST_COMMANDS = (
    "python -m pytest -q",
    "npm test",
    "go test ./...",
    "make test",
)
_CHECK_COMMANDS = ("ruff check .", "npm run lint", "go vet ./...", "mypy src")
_NEW_FILES = ("tests/test_regressions.py", "src/app/validators.py", "docs/changes.md")


def work_log(seed: int, run_id: int, index: int, prompt: str) -> dict[str, Any]:
    """Return log entry ``index`` of a working run (fields of ``AgentRunLogResponse``).

    The entries go round a cycle a real session follows: search, read, edit, run the tests
    (a first run may fail), add a file, lint, run the tests again, take stock. File edits,
    commands with their exit codes and test counts are there for ``summary`` to read.
    """
    digest = _digest(seed, run_id, index)
    path = _FILES[digest[0] % len(_FILES)]
    topic = _topic(prompt)
    tests = _TEST_COMMANDS[(seed + run_id) % len(_TEST_COMMANDS)]
    step = index % 8
    if step == 0:
        matches = 1 + digest[2] % 12
        return _entry(
            "ripgrep_search",
            f"Search for where {topic} is handled.",
            {"query": topic},
            {"matches": matches},
            f"Found {matches} matches",
        )
    if step == 1:
        return _entry(
            "view_file",
            f"Read {path} to understand the current behaviour.",
            {"filepath": path},
            {"lines": 40 + digest[2]},
            None,
        )
    if step == 2:
        return _entry(
            "edit_file",
            f"Change {path} for: {topic}.",
            {"filepath": path, "edit_count": 1 + digest[2] % 4},
            {"status": "success", "diff_lines": 3 + digest[2] % 40},
            None,
        )
    if step in (3, 6):
        passed = 10 + digest[2] % 90
        failed = 1 + digest[3] % 3 if step == 3 and digest[4] % 2 == 0 else 0
        counts = f"{failed} failed, {passed} passed" if failed else f"{passed} passed"
        return _entry(
            "run_bash_command",
            "Run the test suite to check the change.",
            {"command": tests},
            {"exit_code": 1 if failed else 0, "output": f"{counts} in {1 + digest[5] % 9}.2s"},
            None,
        )
    if step == 4:
        created = _NEW_FILES[digest[2] % len(_NEW_FILES)]
        return _entry(
            "create_file",
            f"Add {created} for: {topic}.",
            {"filepath": created},
            {"status": "success"},
            None,
        )
    if step == 5:
        return _entry(
            "run_bash_command",
            "Run the linters.",
            {"command": _CHECK_COMMANDS[(seed + run_id) % len(_CHECK_COMMANDS)]},
            {"exit_code": 0, "output": "All checks passed!"},
            None,
        )
    return {
        "tool_name": None,
        "message_type": "PLAN_EVALUATION",
        "thought": f"Progress check on: {topic}. Continue with the plan.",
        "observation": None,
        "tool_input": None,
        "tool_output": None,
    }


def pull_request_url(seed: int, run_id: int, repo_full_name: str) -> str:
    """The URL of the pull request a run in ``repo_full_name`` opens when it completes."""
    number = 1 + int.from_bytes(_digest(seed, run_id, "pr")[:2], "big") % 999
    return f"https://github.com/{repo_full_name}/pull/{number}"


def _entry(
    tool: str,
    thought: str,
    tool_input: dict[str, Any],
    tool_output: dict[str, Any],
    observation: dict[str, Any] | str | None,
) -> dict[str, Any]:
    return {
        "tool_name": tool,
        "message_type": "ACTION",
        "thought": thought,
        "observation": observation,
        "tool_input": tool_input,
        "tool_output": tool_output,
    }


def closing_logs(status: str, summary: str | None, pr_url: str | None) -> list[dict[str, Any]]:
    """Return the entries a run's logs end with once it stops working in ``status``.

    A run that completes in a repository opens its pull request (``create_pr``) first.
    """
    if status == "COMPLETE":
        final = {
            "tool_name": None,
            "message_type": "FINAL_ANSWER",
            "thought": summary,
            "observation": None,
            "tool_input": None,
            "tool_output": None,
        }
        if pr_url is None:
            return [final]
        number = pr_url.rpartition("/")[2]
        opened = _entry(
            "create_pr",
            "Open a pull request with the change.",
            {"title": (summary or "Agent changes")[:72], "body": summary or ""},
            {
                "status": "success",
                "url": pr_url,
                "number": int(number) if number.isdigit() else None,
            },
            None,
        )
        return [opened, final]
    if status == "PAUSED":
        return [
            _entry(
                "request_user_input",
                "I need more information before I can go on.",
                {"question": "How should I proceed?"},
                {"status": "waiting"},
                None,
            )
        ]
    return [
        {
            "tool_name": None,
            "message_type": "ERROR",
            "thought": f"The run ended: {status}.",
            "observation": f"Agent run stopped with status {status}",
            "tool_input": None,
            "tool_output": None,
        }
    ]
