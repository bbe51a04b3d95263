"""Checking a decoded success body against the spec's shapes before the models read it.

The generated models read whatever comes: an ``id`` of ``"7"`` or ``null`` would land in a field
typed ``int``. ``codegen_client_generated.shapes`` (written by ``make generate`` from the spec)
holds the JSON shape of every success body and every model; :func:`body_problem` walks a body
along it and names the first field that does not fit. Extra keys, absent optional keys and
strings outside an enum are accepted, as the API adds them over time.
"""

from __future__ import annotations

import math
from typing import Any

from codegen_client._timestamps import read_timestamp
from codegen_client_generated.shapes import MODELS, RESPONSES, Model, Shape

__all__ = ["MAX_NESTING", "body_problem", "describe_value"]

_EXPECTED = {
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "string": "a string",
    "date-time": "a timestamp",
    "array": "a list",
    "object": "an object",
    "model": "an object",
}
_MAX_SHOWN = 60
# How deep an open value (metadata, tool input, an undocumented body) may nest. The decoder
# allows about 1000 levels, more than printing or re-encoding a model survives; 100 is far
# beyond any real answer and well within what the rest of the client handles.
MAX_NESTING = 100
_OPEN = Shape("any")  # what a key the spec does not know may hold


class _Mismatch(Exception):
    """A value that does not fit its shape, at ``path``."""

    def __init__(self, path: str, shape: Shape, value: object, detail: str = "") -> None:
        super().__init__(path)
        self.path = path
        self.shape = shape
        self.value = value
        self.detail = detail


def body_problem(operation_id: str, data: Any) -> str | None:
    """Say what in a decoded success body does not fit the operation's documented shape.

    Args:
        operation_id: The operation that answered.
        data: The decoded JSON body.

    Returns:
        None when the body fits, else one line naming the field, what it should be and what
        came, e.g. ``field 'items[0].id' should be an integer, got null``.

    """
    try:
        _check(RESPONSES[operation_id], data, "", MODELS)
    except _Mismatch as mismatch:
        where = f"field {mismatch.path!r}" if mismatch.path else "the body"
        if mismatch.detail:
            return f"{where} {mismatch.detail}"
        came = describe_value(mismatch.value)
        return f"{where} should be {_expected(mismatch.shape)}, got {came}"
    return None


def describe_value(value: object) -> str:
    """A short, readable account of a JSON value: ``null``, ``'7' (a string)``, ``NaN``...

    Args:
        value: Any decoded JSON value.

    Returns:
        The value, shortened, with its JSON type where the value alone would not say it.

    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    shown = repr(value)
    if len(shown) > _MAX_SHOWN:
        shown = shown[: _MAX_SHOWN - 3] + "..."
    if isinstance(value, str):
        return f"{shown} (a string)"
    if isinstance(value, float):
        return f"{shown} (a number with a fraction)"
    return f"{shown} (an integer)" if isinstance(value, int) else shown


def _expected(shape: Shape) -> str:
    if shape.kind == "union":
        text = " or ".join(_expected(option) for option in shape.options)
    elif shape.kind == "array" and shape.items is not None and shape.items.kind != "any":
        text = f"a list of {_plural(shape.items)}"
    else:
        text = _EXPECTED.get(shape.kind, shape.kind)
    return f"{text} or null" if shape.nullable else text


def _plural(shape: Shape) -> str:
    single = _expected(shape._replace(nullable=False))
    for article in ("an ", "a "):
        if single.startswith(article):
            return single[len(article) :] + "s"
    return single


def _check(shape: Shape, value: Any, path: str, models: dict[str, Model]) -> None:
    """Raise _Mismatch at the first place ``value`` does not fit ``shape``."""
    if value is None:
        if shape.nullable or shape.kind == "any":
            return
        raise _Mismatch(path, shape, value)
    kind = shape.kind
    if kind == "any" or (kind == "object" and shape.items is None):
        if isinstance(value, (dict, list)) and _nesting_exceeds(value, MAX_NESTING):
            detail = f"is nested deeper than {MAX_NESTING} levels"
            raise _Mismatch(path, shape, value, detail)
        if kind == "any":
            return
    if kind == "union":
        for option in shape.options:
            try:
                _check(option, value, path, models)
            except _Mismatch:
                continue
            return
        raise _Mismatch(path, shape, value)
    if not _fits(kind, value):
        raise _Mismatch(path, shape, value)
    if kind == "array" and shape.items is not None:
        for index, item in enumerate(value):
            _check(shape.items, item, f"{path}[{index}]", models)
    elif kind == "object" and shape.items is not None:
        for key, item in value.items():
            _check(shape.items, item, _join(path, str(key)), models)
    elif kind == "model":
        model = models[shape.model]
        known = 0
        for name, field in model.fields.items():  # in the spec's order
            if name in value:
                known += 1
                _check(field, value[name], _join(path, name), models)
            elif name in model.required:
                raise _Mismatch(_join(path, name), shape, value, "is missing")
        if len(value) > known:
            for name in value.keys() - model.fields.keys():  # keys the spec does not know
                _check(_OPEN, value[name], _join(path, name), models)


def _nesting_exceeds(value: dict[str, Any] | list[Any], limit: int) -> bool:
    """Whether lists and objects inside ``value`` go more than ``limit`` levels deep."""
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        current, depth = pending.pop()
        if depth > limit:
            return True
        children = current.values() if isinstance(current, dict) else current
        pending.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def _fits(kind: str, value: Any) -> bool:
    """Whether a non-null value is of the JSON type ``kind`` (bool is never a number)."""
    if kind == "integer":
        return type(value) is int
    if kind == "number":
        return type(value) in (int, float) and math.isfinite(value)
    if kind == "boolean":
        return type(value) is bool
    if kind == "string":
        return isinstance(value, str)
    if kind == "date-time":
        return isinstance(value, str) and _is_timestamp(value)
    if kind == "array":
        return isinstance(value, list)
    if kind in ("object", "model"):
        return isinstance(value, dict)
    raise RuntimeError(f"unknown shape kind {kind!r}: regenerate with `make generate`")


def _is_timestamp(text: str) -> bool:
    """Whether the generated models can read ``text`` as a timestamp (they read it alike)."""
    try:
        read_timestamp(text)
    except (ValueError, OverflowError):
        return False
    return True


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name
