"""The package's import graph has no circle, TYPE_CHECKING imports included."""

from __future__ import annotations

import ast
from pathlib import Path

import codegen_client

PACKAGE = Path(codegen_client.__file__).parent


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    """Every module of ``root`` and the modules of the same package it imports (any import)."""
    paths = {_module_name(p, root): p for p in root.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join([*anchor, base] if base else anchor)
                for alias in node.names:
                    target = f"{base}.{alias.name}"
                    found.add(target if target in paths else base)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
        graph[name] = {target for target in found if target in paths and target != name}
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_circle_in_the_package() -> None:
    """No two modules of codegen_client import each other, directly or round about."""
    assert circles(import_graph()) == []


def test_the_checker_sees_a_circle_made_of_type_checking_imports(tmp_path: Path) -> None:
    """A circle closed only under TYPE_CHECKING is still reported."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from pkg.b import B\n")
    (package / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.a import A\n"
    )
    assert circles(import_graph(package)) == [["pkg.a", "pkg.b"]]


def test_the_offline_api_does_not_import_the_command_line() -> None:
    """Nothing in codegen_client.testing imports codegen_client.cli."""
    graph = import_graph()
    testing = [name for name in graph if name.startswith("codegen_client.testing")]
    reach: set[str] = set()
    pending = list(testing)
    while pending:
        name = pending.pop()
        for target in graph[name]:
            if target not in reach:
                reach.add(target)
                pending.append(target)
    assert sorted(n for n in reach if n.startswith("codegen_client.cli")) == []


# Modules whose CodegenInputError is not about an argument: the class itself, and a secret that
# came out of pickle (which _validation, importing _secrets, cannot make without a circle).
NOT_ABOUT_ARGUMENTS = {"codegen_client._exceptions", "codegen_client._secrets"}


def _library_modules() -> dict[str, Path]:
    return {
        _module_name(path, PACKAGE): path
        for path in PACKAGE.rglob("*.py")
        if not {"cli", "testing", "_sync"} & set(path.relative_to(PACKAGE).parts)
    }


def test_every_input_error_of_the_library_is_made_in_one_module() -> None:
    """CodegenInputError(...) is built only in _validation, so its wording has one home."""
    makers = set()
    for name, path in _library_modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "CodegenInputError"
            ):
                makers.add(name)
    assert makers - NOT_ABOUT_ARGUMENTS == {"codegen_client._validation"}


def test_an_int_that_is_not_a_bool_is_told_in_one_place() -> None:
    """No library module spells out "isinstance(x, bool)" next to an int check: is_int does."""
    spelled = [
        name
        for name, path in _library_modules().items()
        if name != "codegen_client._validation"
        and "isinstance(" in (text := path.read_text(encoding="utf-8"))
        and ", bool)" in text
        and ", int)" in text
    ]
    assert spelled == []
