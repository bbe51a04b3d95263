"""What the agent did: client.agents_alpha.summarize_agent_run, and the log reader under it."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest

from codegen_client import AgentRunSummary, CommandRun, FileChange, TestRun
from codegen_client._agents.activity import ActivityReader
from codegen_client.testing import FakeCodegenAPI, ManualClock, RequestRecord, RunOutcome

Sent = Callable[[str], list[RequestRecord]]


def _finished_run_in_a_repository(client: Any, fake: FakeCodegenAPI, org_id: int) -> Any:
    repo = fake.organizations[org_id].repositories[2]
    run = client.agents.create_agent_run(org_id, "Fix the parser", repo_id=repo.id)
    assert isinstance(fake.clock, ManualClock)
    fake.clock.advance(fake.run_duration + 1)
    return run, repo


def test_summary_of_a_finished_run_lists_files_commands_tests_and_the_pr(
    codegen_client: Any, codegen_fake_api: FakeCodegenAPI, org_id: int, sent: Sent
) -> None:
    """A completed run's summary has its edits, its commands with exit codes, test counts, PR."""
    run, repo = _finished_run_in_a_repository(codegen_client, codegen_fake_api, org_id)
    summary = codegen_client.agents_alpha.summarize_agent_run(org_id, run.id)
    assert isinstance(summary, AgentRunSummary)
    assert (summary.agent_run_id, summary.status, summary.complete) == (run.id, "COMPLETE", True)
    assert summary.summary and summary.web_url == run.web_url
    total = codegen_fake_api.runs.log_count(codegen_fake_api.agent_runs[run.id], 1e9)
    assert summary.log_entries == total
    assert len(sent("get_agent_run_logs")) == math.ceil(total / 100)
    assert len(sent("get_agent_run")) == 1
    # Every file the log shows edited or created is there, once, with what happened to it.
    logs = [e.to_dict() for e in codegen_client.agents_alpha.iter_agent_run_logs(org_id, run.id)]
    edited = {e["tool_input"]["filepath"] for e in logs if e.get("tool_name") == "edit_file"}
    created = {e["tool_input"]["filepath"] for e in logs if e.get("tool_name") == "create_file"}
    paths = [change.path for change in summary.files_changed]
    assert set(paths) == edited | created and len(paths) == len(set(paths))
    assert all(c.action == "created" for c in summary.files_changed if c.path not in edited)
    # Commands keep their exit codes; the test runs carry their counts.
    shell = [e for e in logs if e.get("tool_name") == "run_bash_command"]
    assert [c.command for c in summary.commands] == [e["tool_input"]["command"] for e in shell]
    assert [c.exit_code for c in summary.commands] == [e["tool_output"]["exit_code"] for e in shell]
    assert summary.tests and all(t.passed for t in summary.tests)
    assert all(t.succeeded is (t.exit_code == 0) for t in summary.tests)
    # The pull request the agent opened, in the run's repository.
    (url,) = summary.pull_requests
    assert url.startswith(f"https://github.com/{repo.full_name}/pull/")


def test_to_dict_is_plain_json_with_succeeded(
    codegen_client: Any, codegen_fake_api: FakeCodegenAPI, org_id: int
) -> None:
    """to_dict gives plain data, with each command's and test's `succeeded`."""
    run, _ = _finished_run_in_a_repository(codegen_client, codegen_fake_api, org_id)
    data = codegen_client.agents_alpha.summarize_agent_run(org_id, run.id).to_dict()
    assert set(data) >= {"files_changed", "commands", "tests", "pull_requests", "status"}
    assert all(set(c) == {"command", "exit_code", "succeeded"} for c in data["commands"])
    assert {t["succeeded"] for t in data["tests"]} <= {True, False}


def test_pull_requests_the_api_lists_come_first_without_repeats(
    codegen_client: Any, codegen_fake_api: FakeCodegenAPI, org_id: int
) -> None:
    """PRs in github_pull_requests are listed first; one the log also shows is not repeated."""
    run, repo = _finished_run_in_a_repository(codegen_client, codegen_fake_api, org_id)
    listed = f"https://github.com/{repo.full_name}/pull/4242"
    codegen_fake_api.agent_runs[run.id].github_pull_requests.append(
        {
            "id": 1,
            "title": "t",
            "url": listed,
            "created_at": codegen_fake_api.timestamp(),
            "head_branch_name": "b",
        }
    )
    summary = codegen_client.agents_alpha.summarize_agent_run(org_id, run.id)
    # The API lists the added PR, then the one the run opened itself; the log's is not repeated.
    opened = codegen_fake_api.agent_runs[run.id].pull_request
    assert opened is not None
    assert summary.pull_requests == [listed, opened["url"]]


def test_a_run_still_working_is_summarized_so_far(
    codegen_client: Any, codegen_fake_api: FakeCodegenAPI, org_id: int
) -> None:
    """A working run's summary says ACTIVE, has what was done so far and no PR yet."""
    run = codegen_fake_api.add_agent_run(org_id, "Work", outcome=RunOutcome(duration=math.inf))
    assert isinstance(codegen_fake_api.clock, ManualClock)
    codegen_fake_api.clock.advance(15 * 4 + 1)
    summary = codegen_client.agents_alpha.summarize_agent_run(org_id, run.id)
    assert (summary.status, summary.log_entries, summary.pull_requests) == ("ACTIVE", 4, [])
    assert [c.action for c in summary.files_changed] == ["edited"]


def test_max_log_entries_stops_early_and_says_so(
    codegen_client: Any, codegen_fake_api: FakeCodegenAPI, org_id: int, sent: Sent
) -> None:
    """max_log_entries bounds what is read; `complete` is False when the log goes on."""
    run, _ = _finished_run_in_a_repository(codegen_client, codegen_fake_api, org_id)
    summary = codegen_client.agents_alpha.summarize_agent_run(org_id, run.id, max_log_entries=3)
    assert (summary.log_entries, summary.complete) == (3, False)
    assert [r.query["limit"] for r in sent("get_agent_run_logs")] == ["4"]


def _read(*entries: dict[str, Any]) -> ActivityReader:
    reader = ActivityReader()
    for entry in entries:
        reader.read(entry)
    return reader


def _tool(name: str, given: Any = None, got: Any = None, seen: Any = None) -> dict[str, Any]:
    return {"tool_name": name, "tool_input": given, "tool_output": got, "observation": seen}


def test_file_tools_in_their_many_spellings() -> None:
    """Edits, writes, creates, deletes and renames are read whatever the field's spelling."""
    reader = _read(
        _tool("Write_File", {"file_path": "new.py"}),
        _tool("str_replace_editor", {"path": "new.py"}),
        _tool("edit_file", {"filepath": "old.py"}),
        _tool("rename_file", {"filepath": "old.py", "new_filepath": "moved.py"}),
        _tool("create_file", {"filepath": "tmp.txt"}),
        _tool("delete_file", {"filepath": "tmp.txt"}),
        _tool("delete_file", {"filepath": "gone.py"}),
        _tool("view_file", {"filepath": "read-only.py"}),
        _tool("edit_file", None),
        _tool("edit_file", {"filepath": ""}),
    )
    assert reader.files == [
        FileChange("new.py", "created"),
        FileChange("moved.py", "renamed", renamed_from="old.py"),
        FileChange("gone.py", "deleted"),
    ]


@pytest.mark.parametrize(
    ("command", "output", "expected"),
    [
        (
            "python -m pytest -q",
            {"exit_code": 1, "stdout": "2 failed, 38 passed, 1 skipped"},
            TestRun("python -m pytest -q", 1, passed=38, failed=2, skipped=1),
        ),
        (
            "npx jest",
            {"returncode": "0", "output": "Tests: 5 passed, 5 total"},
            TestRun("npx jest", 0, passed=5),
        ),
        (
            "cargo test",
            {"exitCode": 101, "output": "test result: FAILED. 3 passed; 1 failed"},
            TestRun("cargo test", 101, passed=3, failed=1),
        ),
        ("go test ./...", {}, TestRun("go test ./...", None)),
        (
            "./run-checks.sh",
            {"exit_code": 0, "output": "12 passed in 1.0s"},
            TestRun("./run-checks.sh", 0, passed=12),
        ),
    ],
)
def test_test_runs_carry_counts_and_exit_codes(
    command: str, output: dict[str, Any], expected: TestRun
) -> None:
    """A test command (or any command whose output counts tests) is a test run with counts."""
    reader = _read(_tool("run_bash_command", {"command": command}, output))
    assert reader.tests == [expected]
    assert reader.commands == [CommandRun(command, expected.exit_code)]


def test_test_run_outcome() -> None:
    """A failed test or a non-zero exit fails a test run; exit 0 passes; nothing known: None."""
    assert TestRun("t", 0, passed=3).succeeded is True
    assert TestRun("t", 0, passed=3, failed=1).succeeded is False
    assert TestRun("t", 2).succeeded is False
    assert TestRun("t", None).succeeded is None
    assert CommandRun("ls", 0).succeeded is True
    assert CommandRun("ls", None).succeeded is None


def test_commands_that_are_not_tests_and_odd_entries() -> None:
    """Plain commands are commands only; bad shapes and unknown tools are skipped."""
    reader = _read(
        _tool("bash", {"cmd": "ls -la"}, {"exit_code": True}),
        _tool("run_command", {"command": "make lint"}, "not an object"),
        _tool("run_command", {}),
        _tool("some_future_tool", {"filepath": "x.py", "command": "rm -rf /"}),
        {"tool_name": None, "message_type": "PLAN_EVALUATION"},
        {},
    )
    assert reader.commands == [CommandRun("ls -la", None), CommandRun("make lint", None)]
    assert (reader.tests, reader.files, reader.entries) == ([], [], 6)


def test_pull_requests_from_create_pr_output_or_its_text() -> None:
    """create_pr's URL is read from its output fields, else from a GitHub PR link in its text."""
    reader = _read(
        _tool("create_pr", {"title": "t"}, {"html_url": "https://github.com/a/b/pull/1"}),
        _tool("create_pr", {}, None, "Opened https://github.com/a/b/pull/2 for review"),
        _tool("create_pr", {}, {"url": "https://github.com/a/b/pull/1"}),
    )
    assert reader.opened == ["https://github.com/a/b/pull/1", "https://github.com/a/b/pull/2"]
