"""The public surface of a client class: its namespaces and their methods, for the parity tests."""

from __future__ import annotations

import inspect
import re
from functools import cached_property
from typing import Any

# The raises a docstring lists, in its Raises section.
_RAISES = re.compile(r"\nRaises:\n((?:    .*\n?|\n)*)")


def namespaces(client_type: type) -> dict[str, type]:
    """Namespace attribute -> the class its cached property returns, on a real client."""
    client = client_type(api_key="sk-surface")
    out = {}
    for klass in reversed(client_type.__mro__):
        for name, member in vars(klass).items():
            if isinstance(member, cached_property) and name not in ("multi_run_agent",):
                out[name] = type(getattr(client, name))
    return out


def public_namespace_methods(client_type: type) -> dict[str, Any]:
    """``"namespace.method"`` -> the function, for every public method of every namespace."""
    out = {}
    for namespace, klass in namespaces(client_type).items():
        for name in dir(klass):
            member = getattr(klass, name)
            if not name.startswith("_") and callable(member) and inspect.isfunction(member):
                out[f"{namespace}.{name}"] = member
    return out


def raises_of(function: Any) -> list[str]:
    """The exception names a function's docstring lists under Raises."""
    found = _RAISES.search((inspect.getdoc(function) or "") + "\n")
    return re.findall(r"^    (\w+):", found.group(1), re.M) if found else []
