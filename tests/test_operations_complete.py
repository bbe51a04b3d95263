"""Adding an operation touches several places; these tests name the step that was forgotten.

The list of operations comes from the spec (``openapi/codegen-api.yaml``), never from a count
written here. The steps are in the docs' "Adding an operation" section.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from codegen_client.testing._handlers._registry import HANDLERS
from codegen_client_generated.operations import OPERATIONS

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "openapi" / "codegen-api.yaml"
METHODS = ("get", "put", "post", "patch", "delete")


@cache
def spec_operations() -> frozenset[str]:
    """The operationId of every operation in the spec."""
    paths = yaml.safe_load(SPEC.read_text())["paths"]
    return frozenset(
        op["operationId"] for item in paths.values() for m, op in item.items() if m in METHODS
    )


def methods_calling(tree: str) -> dict[str, set[str]]:
    """For one tree, ``{operation_id: {names of the functions that send it}}``.

    The generated namespaces (``codegen_client_generated/resources/<tree>``) send most
    operations; ``create.py`` in ``codegen_client/<tree>`` sends the create. A call names its
    operation through a module constant ``_NAME = OPERATIONS["operation_id"]``.
    """
    found: dict[str, set[str]] = {}
    folders = [
        ROOT / "codegen_client" / tree,
        ROOT / "generated" / "codegen_client_generated" / "resources" / tree,
    ]
    for path in sorted(p for folder in folders for p in folder.rglob("*.py")):
        module = ast.parse(path.read_text())
        constants = {
            node.targets[0].id: node.value.slice.value
            for node in module.body
            if isinstance(node, ast.Assign)
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Subscript)
            and isinstance(node.value.value, ast.Name)
            and node.value.value.id == "OPERATIONS"
            and isinstance(node.value.slice, ast.Constant)
        }
        for node in ast.walk(module):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for call in ast.walk(node):
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Attribute)
                    and call.func.attr == "call"
                    and call.args
                    and isinstance(call.args[0], ast.Name)
                    and call.args[0].id in constants
                ):
                    found.setdefault(constants[call.args[0].id], set()).add(node.name)
    return found


def test_the_generated_table_has_every_operation_of_the_spec() -> None:
    """make generate was run: the operations table holds exactly the spec's operations."""
    assert set(OPERATIONS) == spec_operations()


@pytest.mark.parametrize("tree", ["_async", "_sync"])
def test_every_operation_has_a_method_on_both_clients(tree: str) -> None:
    """Each operation is sent by a namespace method, in the async source and the sync tree."""
    missing = spec_operations() - set(methods_calling(tree))
    assert not missing, f"no namespace method in {tree} sends: {sorted(missing)} (make generate?)"


def test_every_operation_has_a_fake_handler() -> None:
    """The offline API answers every operation of the spec."""
    missing = spec_operations() - set(HANDLERS)
    assert not missing, f"codegen_client/testing/_handlers has no handler for {sorted(missing)}"


def test_every_operation_has_a_docs_row() -> None:
    """The docs' table of operations (getting started) names a method for each operation."""
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    rows = [
        line for page in pages for line in page.read_text().splitlines() if line.startswith("| `")
    ]
    named = {name.rsplit(".", 1)[-1] for row in rows for name in re.findall(r"`([\w.]+)`", row)}
    missing = sorted(
        op
        for op, names in methods_calling("_async").items()
        if op in spec_operations() and not (names | {op}) & named
    )
    assert not missing, f"the operations table (docs/getting-started.md) lacks a row for {missing}"
