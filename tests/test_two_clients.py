"""CodegenClient and AsyncCodegenClient offer the same namespaces, methods, parameters and docs."""

from __future__ import annotations

import inspect
import re
from functools import cached_property
from typing import Any

import pytest

from codegen_client import AsyncCodegenClient, CodegenClient


def namespaces(cls: type) -> dict[str, Any]:
    """The client's namespaces: name -> the class the cached property returns."""
    out = {}
    for klass in reversed(cls.__mro__):
        for name, member in vars(klass).items():
            if isinstance(member, cached_property) and name != "with_raw_response":
                out[name] = inspect.signature(member.func).return_annotation
    return out


def public_methods(cls: type) -> dict[str, Any]:
    """Every public method of a namespace class, its own and those it inherits."""
    out = {}
    for klass in reversed(cls.__mro__[:-1]):
        for name, member in vars(klass).items():
            if callable(member) and not name.startswith("_"):
                out[name] = member
    return out


def sync_text(text: str) -> str:
    """Async wording to blocking wording, as the unasync step rewrites it."""
    text = re.sub(r"\bAsync(?=[A-Z])", "", text)
    return re.sub(r"\bawait |\basync (?=for |with )", "", text)


def namespace_classes() -> list[tuple[type, type]]:
    sync_client = CodegenClient(api_key="sk-parity")
    async_client = AsyncCodegenClient(api_key="sk-parity")
    pairs = []
    for name in namespaces(CodegenClient):
        pairs.append((type(getattr(sync_client, name)), type(getattr(async_client, name))))
    sync_client.close()
    return pairs


def test_both_clients_have_the_same_namespaces() -> None:
    """Every namespace exists on both clients, and the async one's class is the Async twin."""
    sync_names, async_names = namespaces(CodegenClient), namespaces(AsyncCodegenClient)
    assert sync_names.keys() == async_names.keys()
    assert len(sync_names) >= 17
    for name in sync_names:
        assert str(async_names[name]) == f"Async{sync_names[name]}", name


@pytest.mark.parametrize(("sync_cls", "async_cls"), namespace_classes(), ids=lambda c: c.__name__)
def test_namespaces_have_the_same_methods_parameters_and_defaults(
    sync_cls: type, async_cls: type
) -> None:
    """Same method names, parameter names, kinds, defaults and annotations; async ones await."""
    sync_methods, async_methods = public_methods(sync_cls), public_methods(async_cls)
    assert sync_methods.keys() == async_methods.keys()
    for name, method in sync_methods.items():
        ours, theirs = inspect.signature(method), inspect.signature(async_methods[name])
        assert list(ours.parameters) == list(theirs.parameters), name
        for param, twin in zip(ours.parameters.values(), theirs.parameters.values(), strict=True):
            assert (param.kind, param.default) == (twin.kind, twin.default), f"{name}({param})"
            assert str(param.annotation) == sync_text(str(twin.annotation)), f"{name}({param})"
        assert str(ours.return_annotation) == sync_text(str(theirs.return_annotation)), name
        assert inspect.iscoroutinefunction(async_methods[name]) == (not name.startswith("iter_"))
        assert not inspect.iscoroutinefunction(method)


@pytest.mark.parametrize(("sync_cls", "async_cls"), namespace_classes(), ids=lambda c: c.__name__)
def test_every_method_has_a_full_docstring_on_both_sides(sync_cls: type, async_cls: type) -> None:
    """Async users read the same Args/Returns/Raises as sync users (no 'see X' stubs)."""
    for name, method in public_methods(async_cls).items():
        doc = inspect.getdoc(method) or ""
        assert "Raises:" in doc and "see :meth:" not in doc, f"{async_cls.__name__}.{name}"
        assert sync_text(doc) == inspect.getdoc(getattr(sync_cls, name)), name


def test_the_client_constructors_take_the_same_arguments() -> None:
    """The two constructors have the same parameters and defaults."""
    ours = inspect.signature(CodegenClient.__init__).parameters
    theirs = inspect.signature(AsyncCodegenClient.__init__).parameters
    assert [(p.name, p.kind, p.default) for p in ours.values()] == [
        (p.name, p.kind, p.default) for p in theirs.values()
    ]
