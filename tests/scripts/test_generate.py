"""Tests for scripts/generate.py: the decisions each operation of the spec must state."""

from __future__ import annotations

import copy
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from codegen_client._exceptions import CodegenServerError
from codegen_client._retry import default_retry_delay
from codegen_client_generated.operations import OPERATIONS
from codegen_client_generated.shapes import MODELS, RESPONSES, Shape

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "generate.py"
SPEC = ROOT / "openapi" / "codegen-api.yaml"

# The operations that start work on the service: each one started twice is two agent runs, two
# webhook deliveries or two tokens. Nothing else in the API is unsafe to repeat.
STARTS_WORK = {
    "create_agent_run": "starts (and bills) an agent run",
    "resume_agent_run": "sets a paused run working on a new prompt",
    "generate_setup_commands": "starts an agent run",
    "analyze_sandbox_logs": "starts an agent run",
    "test_webhook": "delivers an event to the receiver",
    "generate_slack_connect_token": "hands out a new token",
}


def load_script() -> ModuleType:
    # scripts/ is not a package, so the module is loaded from its file
    spec = importlib.util.spec_from_file_location("generate_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    return loaded


def spec_operations(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        op["operationId"]: op
        for item in spec["paths"].values()
        for method, op in item.items()
        if isinstance(op, dict) and "operationId" in op
    }


def test_spec_marks_exactly_the_operations_that_start_work_not_repeatable(
    spec: dict[str, Any],
) -> None:
    """x-repeatable is false on the six operations that start work and true on all others."""
    decisions = {op_id: op["x-repeatable"] for op_id, op in spec_operations(spec).items()}
    assert {op_id for op_id, repeatable in decisions.items() if not repeatable} == set(STARTS_WORK)
    assert all(isinstance(value, bool) for value in decisions.values())


def test_operations_table_carries_the_spec_decision(spec: dict[str, Any]) -> None:
    """The generated operation table's repeatable field equals x-repeatable for every operation."""
    decisions = {op_id: op["x-repeatable"] for op_id, op in spec_operations(spec).items()}
    assert {op_id: op.repeatable for op_id, op in OPERATIONS.items()} == decisions


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("x-repeatable", None, "x-repeatable must be true or false"),
        ("x-repeatable", "no", "x-repeatable must be true or false"),
        ("x-rate-limit", None, "x-rate-limit missing"),
    ],
)
def test_generate_refuses_an_operation_without_a_decision(
    spec: dict[str, Any], key: str, value: object, message: str
) -> None:
    """An operation lacking x-rate-limit or a boolean x-repeatable stops generation, named."""
    broken = copy.deepcopy(spec)
    operation = broken["paths"]["/organizations/{org_id}/agent/run"]["post"]
    if value is None:
        del operation[key]
    else:
        operation[key] = value
    with pytest.raises(SystemExit) as stopped:
        load_script().load_operations(broken)
    assert message in str(stopped.value)
    assert "POST /organizations/{org_id}/agent/run" in str(stopped.value)


def test_generate_reads_both_decisions_from_the_spec(spec: dict[str, Any]) -> None:
    """load_operations records each operation's rate limit and repeatability as the spec says."""
    records = {op["operation_id"]: op for op in load_script().load_operations(spec)}
    assert records["create_agent_run"]["repeatable"] is False
    assert records["get_agent_run"]["repeatable"] is True
    assert records["create_agent_run"]["rate_limit"] == {"requests": 10, "period_seconds": 60}


@pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
def test_a_5xx_is_repeated_only_where_the_spec_allows(operation_id: str) -> None:
    """A 503 is retried on a repeatable operation and never on one that starts work."""
    error = CodegenServerError("busy", status_code=503)
    delay = default_retry_delay(operation_id, 0, error, None)
    if operation_id in STARTS_WORK:
        assert delay is None
    else:
        assert delay is not None and delay > 0


def test_shape_table_holds_every_operation_and_the_spec_required_fields(
    spec: dict[str, Any],
) -> None:
    """shapes.py has a body shape for every operation and each model's required set as the spec."""
    assert set(RESPONSES) == set(OPERATIONS)
    for name, model in MODELS.items():
        schema = spec["components"]["schemas"][name]
        assert model.required == frozenset(schema.get("required", [])), name
        assert set(model.fields) == set(schema["properties"]), name


def test_shape_table_reads_nullability_timestamps_and_lists(spec: dict[str, Any]) -> None:
    """anyOf with null is nullable, format date-time is a timestamp, arrays keep their items."""
    run = MODELS["AgentRunResponse"].fields
    assert run["id"] == Shape("integer")
    assert run["created_at"] == Shape("date-time", nullable=True)
    assert run["github_pull_requests"] == Shape(
        "array", nullable=True, items=Shape("model", model="GithubPullRequestResponse")
    )
    assert RESPONSES["get_oauth_token_status"].kind == "union"


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        ({"oneOf": [{"type": "string"}, {"type": "integer"}]}, "oneOf is not supported"),
        ({"type": "object", "properties": {"a": {}}}, "name this object under components"),
        ({"type": ["string", "null"]}, "a list of types is not supported"),
    ],
)
def test_generate_refuses_a_body_schema_it_cannot_check(
    spec: dict[str, Any], schema: dict[str, Any], message: str
) -> None:
    """A success schema the shape table cannot express stops generation with the reason."""
    broken = copy.deepcopy(spec)
    operation = broken["paths"]["/users/me"]["get"]
    operation["responses"]["200"]["content"]["application/json"]["schema"] = schema
    with pytest.raises(SystemExit, match=message):
        load_script().load_shapes(broken)
