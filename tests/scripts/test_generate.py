"""Tests for scripts/generate.py: the decisions each operation of the spec must state."""

from __future__ import annotations

import copy
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest
import yaml

from codegen_client._exceptions import CodegenServerError
from codegen_client._retry import default_retry_delay
from codegen_client_generated import models
from codegen_client_generated.operations import OPERATIONS

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


def test_generate_names_a_ref_that_points_at_nothing(spec: dict[str, Any]) -> None:
    """A $ref to a schema the spec lacks stops generation with its place, not a KeyError."""
    broken = copy.deepcopy(spec)
    answer = broken["paths"]["/organizations/{org_id}/repos"]["get"]["responses"]["200"]
    answer["content"]["application/json"]["schema"] = {"$ref": "#/components/schemas/Gone"}
    with pytest.raises(SystemExit) as stopped:
        load_script().load_operations(broken)
    assert str(stopped.value) == (
        "/paths//organizations/{org_id}/repos/get/responses/200/content/application/json/schema:"
        " $ref '#/components/schemas/Gone' points at nothing in the spec"
    )


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
    delay = default_retry_delay(0, error, None, OPERATIONS[operation_id].repeatable)
    if operation_id in STARTS_WORK:
        assert delay is None
    else:
        assert delay is not None and delay > 0


def test_models_have_the_spec_fields_and_required_sets(spec: dict[str, Any]) -> None:
    """Each schema with named properties is a model with those fields; required ones first."""
    for name, schema in spec["components"]["schemas"].items():
        if "properties" not in schema:
            continue
        model = getattr(models, name)
        keys = dict(sys.modules[model.__module__]._ATTRIBUTES)  # attribute -> JSON key
        fields = {f.name: f for f in attrs.fields(model) if f.name != "additional_properties"}
        assert {keys[n] for n in fields} == set(schema["properties"]), name
        required = {keys[n] for n, f in fields.items() if f.default is attrs.NOTHING}
        assert required == set(schema.get("required", [])), name


def test_open_objects_are_plain_dicts_without_a_class(spec: dict[str, Any]) -> None:
    """An object schema without named properties (metadata) is a dict, not a Type0 class."""
    assert not [name for name in models.__all__ if "Type0" in name or "Type1" in name]
    run = models.AgentRunResponse.from_dict({"id": 1, "organization_id": 2, "metadata": {"a": 1}})
    assert run.metadata == {"a": 1}


def test_the_operations_table_carries_each_bound_the_spec_states() -> None:
    """limit 1..100, skip >= 0 and check_retry_count 0..10 come from the spec, in one table."""
    users = {p.name: p.schema for p in OPERATIONS["get_users"].params}
    assert (users["limit"].minimum, users["limit"].maximum) == (1, 100)
    assert (users["skip"].minimum, users["skip"].maximum) == (0, None)
    update = {p.name: p.schema for p in OPERATIONS["update_check_suite_settings"].params}
    assert (update["check_retry_count"].minimum, update["check_retry_count"].maximum) == (0, 10)
    assert OPERATIONS["update_check_suite_settings"].body_min_fields == 1


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda op: (
                op["parameters"][0].pop("$ref")
                and op["parameters"][0].update(
                    {
                        "name": "org_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer"},
                    }
                )
            ),
            "org_id: a description is needed",
        ),
        (
            lambda op: op["parameters"][1].update({"$ref": "#/components/parameters/Multi"}),
            "an argument must have one type",
        ),
    ],
    ids=["undocumented-argument", "several-types"],
)
def test_generate_refuses_an_argument_it_cannot_write(
    spec: dict[str, Any], edit: Any, message: str
) -> None:
    """An argument without a description, or of several types, stops generation with why."""
    broken = copy.deepcopy(spec)
    broken["components"]["parameters"]["Multi"] = {
        "name": "skip",
        "in": "query",
        "description": "Both.",
        "schema": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
    }
    edit(broken["paths"]["/organizations/{org_id}/users"]["get"])
    with pytest.raises(SystemExit, match=message):
        script = load_script()
        script.load_operations(broken)
        script.operation_records(broken)
