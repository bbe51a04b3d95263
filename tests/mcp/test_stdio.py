"""`codegen-client mcp` in a real subprocess, driven by the MCP SDK's stdio client."""

from __future__ import annotations

import subprocess
import sys

import anyio
import pytest

from codegen_client._agents.create_plan import REQUEST_ID_KEY
from codegen_client.cli._mcp_server import TOOLS
from codegen_client.testing import FakeCodegenAPI, Fault, ManualClock
from codegen_client.testing.server import FakeServer
from tests.mcp.conftest import LOOPBACK, Progress, serve

pytestmark = [pytest.mark.anyio, LOOPBACK]

ORG = 123  # the offline organization


@pytest.mark.anyio
async def test_tools_carry_the_librarys_names_and_arguments() -> None:
    """The server lists the nine tools, with the library's argument names."""
    async with serve("--offline") as served:
        tools = {tool.name: tool for tool in (await served.session.list_tools()).tools}
    assert tuple(tools) == TOOLS
    arguments = {name: set(tool.input_schema["properties"]) for name, tool in tools.items()}
    assert {"org_id", "prompt", "request_id", "repo_id", "model", "agent_type"} <= arguments[
        "create_agent_run"
    ]
    assert arguments["wait_for_agent_run"] == {"org_id", "agent_run_id", "timeout"}
    assert arguments["find_repository"] == {"org_id", "full_name"}
    assert {"org_id", "prompt", "concurrency", "timeout"} <= arguments["create_multi_run"]
    assert all(tool.description for tool in tools.values())


async def test_an_offline_session_from_organization_to_finished_run() -> None:
    """Offline: find the repository, start a run (twice, same request id), wait, read logs."""
    async with serve("--offline") as served:
        orgs = await served.call("get_organizations", {})
        assert ORG in [org["id"] for org in orgs["items"]]
        repos = await served.call("get_repositories", {"org_id": ORG, "limit": 5})
        wanted = repos["items"][2]
        found = await served.call(
            "find_repository", {"org_id": ORG, "full_name": wanted["full_name"].upper()}
        )
        assert found == wanted
        create = {"org_id": ORG, "prompt": "Add a test", "repo_id": found["id"]}
        first = await served.call("create_agent_run", {**create, "request_id": "task-1"})
        again = await served.call("create_agent_run", {**create, "request_id": "task-1"})
        assert again["id"] == first["id"]
        assert first["metadata"][REQUEST_ID_KEY] == "task-1"
        # Two calls with one request id at the same time (a retry racing the first): one run.
        same: list[int] = []

        async def create_twice() -> None:
            run = await served.call("create_agent_run", {**create, "request_id": "task-2"})
            same.append(run["id"])

        async with anyio.create_task_group() as group:
            group.start_soon(create_twice)
            group.start_soon(create_twice)
        assert len(set(same)) == 1
        runs = await served.call("list_agent_runs", {"org_id": ORG, "source_type": "API"})
        tokens = [(run.get("metadata") or {}).get(REQUEST_ID_KEY) for run in runs["items"]]
        assert tokens.count("task-1") == tokens.count("task-2") == 1
        # A short wait ends on its deadline with the run as it is, and says so in progress.
        progress = Progress()
        run = await served.call(
            "wait_for_agent_run",
            {"org_id": ORG, "agent_run_id": first["id"], "timeout": 5},
            progress_callback=progress,
        )
        assert run["status"] == "ACTIVE"
        assert progress.seen and all(total == 5 for _, total, _ in progress.seen)
        assert [p for p, _, _ in progress.seen] == sorted({p for p, _, _ in progress.seen})
        assert "still ACTIVE after 5 s" in (progress.seen[-1][2] or "")
        done = await served.call(
            "wait_for_agent_run", {"org_id": ORG, "agent_run_id": first["id"], "timeout": 900}
        )
        assert done["status"] == "COMPLETE" and done["result"]
        logs = await served.call("get_agent_run_logs", {"org_id": ORG, "agent_run_id": done["id"]})
        assert logs["logs"][-1]["message_type"] == "FINAL_ANSWER"
        fetched = await served.call("get_agent_run", {"org_id": ORG, "agent_run_id": done["id"]})
        assert fetched == done


async def test_failures_are_tool_errors_that_name_the_problem() -> None:
    """Unknown run, bad name, bad type, bad timeout: each an isError result, no traceback."""
    async with serve("--offline") as served:
        texts = [
            await served.fail("get_agent_run", {"org_id": ORG, "agent_run_id": 1}),
            await served.fail("find_repository", {"org_id": ORG, "full_name": "no-slash"}),
            await served.fail("get_agent_run", {"org_id": "abc", "agent_run_id": 1}),
            await served.fail(
                "wait_for_agent_run", {"org_id": ORG, "agent_run_id": 1, "timeout": -1}
            ),
            await served.fail(
                "create_agent_run",
                {
                    "org_id": ORG,
                    "prompt": "x",
                    "request_id": "a",
                    "metadata": {REQUEST_ID_KEY: "b"},
                },
            ),
            await served.fail("find_repository", {"org_id": ORG, "full_name": "acme/nothing"}),
        ]
        runs = await served.call("list_agent_runs", {"org_id": ORG, "source_type": "API"})
    assert "CodegenResourceNotFoundError" in texts[0] and "Agent run not found" in texts[0]
    assert "CodegenInputError" in texts[1] and "owner/name" in texts[1]
    assert "org_id" in texts[2]
    assert "CodegenInputError" in texts[3] and "timeout" in texts[3]
    assert "request_id" in texts[4]
    assert "no repository acme/nothing" in texts[5]
    assert not any("Traceback" in text for text in texts)
    assert all(run.get("metadata", {}).get(REQUEST_ID_KEY) != "a" for run in runs["items"])


async def test_a_multi_run_reports_progress_and_returns_the_final_answer() -> None:
    """create_multi_run sends a notification per step and returns final, candidates, runs."""
    async with serve("--offline") as served:
        progress = Progress()
        result = await served.call(
            "create_multi_run",
            {"org_id": ORG, "prompt": "Parse dates", "concurrency": 2, "timeout": 900},
            progress_callback=progress,
        )
    assert result["final"] and len(result["candidates"]) == 2
    assert len(result["agent_runs"]) == 3 and result["synthesis_agent_run"]
    messages = [message or "" for _, _, message in progress.seen]
    assert any("candidate 1" in m for m in messages) and any("synthesis" in m for m in messages)
    assert [p for p, _, _ in progress.seen] == sorted(p for p, _, _ in progress.seen)


async def test_a_lost_answer_and_a_repeated_call_start_one_run() -> None:
    """Measured: create with a request_id, answer lost, call repeated: exactly one run.

    Against the offline API served on loopback (the server's client is the real online one,
    with a key): the create's answer is lost after the run was made, and the agent repeats
    the call. The key shows in no result and no log line, even with -v.
    """
    pytest.importorskip("uvicorn", reason="needs the server extra")
    fake = FakeCodegenAPI(clock=ManualClock(), org_id=ORG)
    fake.inject(Fault("lost_response", "create_agent_run"))
    with FakeServer(fake, port=0) as server:
        env = {"CODEGEN_API_KEY": fake.api_key, "CODEGEN_BASE_URL": server.base_url}
        async with serve("-v", env=env) as served:
            arguments = {"org_id": ORG, "prompt": "Fix the bug", "request_id": "issue-7"}
            first = await served.call("create_agent_run", arguments)
            again = await served.call("create_agent_run", arguments)
            listed = await served.call("list_agent_runs", {"org_id": ORG})
            stderr = served.stderr.read_text()
    assert [r.fault for r in fake.requests_for("create_agent_run")] == ["lost_response"]
    carrying = [r for r in fake.agent_runs.values() if (r.metadata or {}).get(REQUEST_ID_KEY)]
    assert [r.id for r in carrying] == [first["id"]] == [again["id"]]
    assert "create_agent_run" in stderr or "agent/run" in stderr  # -v logged the requests
    for text in (str(first), str(again), str(listed), stderr):
        assert fake.api_key not in text


def test_without_a_key_it_exits_3_before_serving() -> None:
    """Online with no key, `mcp` says so on stderr and exits 3 (no protocol on stdout)."""
    done = subprocess.run(
        [sys.executable, "-m", "codegen_client", "mcp"],
        input="",
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout) == (3, "")
    assert "no API key" in done.stderr


def test_without_the_mcp_extra_it_names_the_install_line() -> None:
    """Without the mcp package, `mcp` exits 2 with the line that installs the extra."""
    code = (
        "import sys; sys.modules['mcp'] = None; sys.argv = ['codegen-client', '--offline', 'mcp'];"
        "from codegen_client.cli import main; main()"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 2
    assert "pip install 'codegen-client[mcp]'" in done.stderr
