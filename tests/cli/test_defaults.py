"""The command line's defaults are copies of the library's (kept so --help stays cheap)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest

from codegen_client._sync.agents import Agents
from codegen_client.cli import _agent_runs, _agent_tasks, _multi_run
from codegen_client.multi_run import MultiRunAgent


def _defaults(function: Callable[..., Any]) -> dict[str, Any]:
    return {
        name: param.default
        for name, param in inspect.signature(function).parameters.items()
        if param.default is not inspect.Parameter.empty
    }


@pytest.mark.parametrize(
    "command",
    [
        _agent_runs.agent_run,
        _agent_runs.wait_agent_run,
        _agent_runs.resume_agent_run,
        _agent_tasks.setup_commands,
        _agent_tasks.analyze_logs,
    ],
)
def test_wait_timeout_is_the_librarys(command: Callable[..., Any]) -> None:
    """Every --timeout of a single-run wait defaults to wait_for_agent_run's timeout."""
    assert _defaults(command)["timeout"] == _defaults(Agents.wait_for_agent_run)["timeout"]


def test_multi_run_defaults_are_the_librarys() -> None:
    """multi-run-agent's option defaults equal create_multi_run's."""
    library = _defaults(MultiRunAgent.create_multi_run)
    command = _defaults(_multi_run.multi_run_agent)
    names = (
        "concurrency",
        "temperature",
        "synthesis_temperature",
        "timeout",
        "poll_interval",
        "max_poll_interval",
    )
    assert {n: command[n] for n in names} == {n: library[n] for n in names}
