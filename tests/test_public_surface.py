"""The generated namespaces keep the surface the hand-written ones had, on both clients.

``tests/fixtures/public_surface_before_generation.json`` was taken from the hand-written
namespaces just before they were replaced by generated ones: every method's parameters (name,
kind, default, annotation), return type and the exceptions its docstring names. The generated
methods must keep each of them; what they add (per-request options, more documented errors) is
allowed, and each deliberate change is listed here with its reason.
"""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from typing import Any

import pytest

from codegen_client import AsyncCodegenClient, CodegenClient
from tests.surface import public_namespace_methods, raises_of

BEFORE = json.loads(
    (Path(__file__).parent / "fixtures" / "public_surface_before_generation.json").read_text()
)
# Options every operation method gained (issue: per-request options), keyword-only, at the end.
ADDED = ("timeout", "extra_headers", "extra_query", "extra_body")
# Annotations written another way with the same meaning.
SAME_TYPE = {"Webhooks | None": "Sequence[Mapping[str, str | None]] | None"}
# Deliberate changes of return type, each with its reason.
RENAMED_RETURNS = {
    # An object schema without named fields is a plain dict now, not a generated class.
    "UpdateCheckSuiteSettingsResponse200": "dict[str, Any]",
}
# Deliberate changes of a documented error, each with its reason.
REPLACED_RAISES = {
    # Issue 18: find_agent_run says "could not search" or "cannot tell yet", never something
    # about creating; outcome-unknown is a create's error.
    ("agents.find_agent_run", "CodegenCreateOutcomeUnknownError"): (
        "CodegenLookupInconclusiveError"
    ),
}


def methods_before(flavor: str) -> list[tuple[str, dict[str, Any]]]:
    """Every method of every namespace as it was, ``("namespace.method", record)``."""
    return [
        (f"{namespace}.{name}", record)
        for namespace, entry in BEFORE[flavor].items()
        for name, record in entry["methods"].items()
    ]


@pytest.mark.parametrize(
    ("client_type", "flavor"), [(CodegenClient, "sync"), (AsyncCodegenClient, "async")]
)
def test_every_method_keeps_its_parameters_defaults_and_return_type(
    client_type: type, flavor: str
) -> None:
    """Names, order, kinds, defaults and annotations as before; new options only at the end."""
    now = public_namespace_methods(client_type)
    for name, record in methods_before(flavor):
        assert name in now, f"{name} is gone"
        params = list(inspect.signature(now[name]).parameters.values())
        before = record["parameters"]
        for param, (was_name, was_kind, was_default, was_annotation) in zip(
            params, before, strict=False
        ):
            assert param.name == was_name, f"{name}: {param.name} is where {was_name} was"
            assert param.kind.name == was_kind, f"{name}({param.name}): kind"
            default = repr(param.default) if param.default is not param.empty else None
            assert default == was_default, f"{name}({param.name}): default"
            annotation = str(param.annotation)
            assert SAME_TYPE.get(was_annotation, was_annotation) == SAME_TYPE.get(
                annotation, annotation
            ) or (was_name == "self"), f"{name}({param.name}): {annotation} was {was_annotation}"
        extra = [p.name for p in params[len(before) :]]
        assert all(n in ADDED for n in extra), f"{name}: unexpected new parameters {extra}"
        assert all(p.kind is p.KEYWORD_ONLY for p in params[len(before) :]), name
        returns = str(inspect.signature(now[name]).return_annotation)
        was = record["returns"]
        assert returns == RENAMED_RETURNS.get(was, was), f"{name} returns {returns}, was {was}"


@pytest.mark.parametrize(
    ("client_type", "flavor"), [(CodegenClient, "sync"), (AsyncCodegenClient, "async")]
)
def test_every_method_still_names_the_errors_it_named(client_type: type, flavor: str) -> None:
    """Raises lists at least what it listed before (generated from the documented responses)."""
    now = public_namespace_methods(client_type)
    for name, record in methods_before(flavor):
        was = {REPLACED_RAISES.get((name, error), error) for error in record["raises"]}
        missing = was - set(raises_of(now[name]))
        assert not missing, f"{name} no longer names {sorted(missing)}"


@pytest.mark.parametrize(
    ("client_type", "flavor"), [(CodegenClient, "sync"), (AsyncCodegenClient, "async")]
)
def test_no_method_is_gone_and_the_summaries_match(client_type: type, flavor: str) -> None:
    """Each docstring still opens with the curated summary it had (now kept in the spec)."""
    now = public_namespace_methods(client_type)
    for name, record in methods_before(flavor):
        summary = (inspect.getdoc(now[name]) or "").split("\n")[0]
        assert summary == record["summary"].replace("``", "`") or summary == record["summary"], (
            f"{name}: {summary!r} was {record['summary']!r}"
        )


def test_the_fixture_holds_every_method_of_the_hand_written_layer() -> None:
    """The snapshot is complete: 38 methods in 16 namespaces on each client."""
    for flavor in ("sync", "async"):
        assert len(BEFORE[flavor]) == 16
        assert len(methods_before(flavor)) == 38
