"""Checks on arguments, by parameter name, made before any request is sent.

One table serves every operation: a parameter called ``org_id`` is checked the same way
wherever it appears, in a path, a query or a body.
"""

from __future__ import annotations

import functools
import json
import math
import sys
from collections.abc import Callable, Mapping
from typing import Any, get_args
from urllib.parse import urlsplit

from codegen_client._exceptions import CodegenInputError
from codegen_client._secrets import MASK, SECRET_FIELDS

__all__ = [
    "MAX_DEPTH",
    "MAX_SECONDS",
    "agent_types",
    "check_argument",
    "check_arguments",
    "check_seconds",
    "pr_states",
    "require_any_field",
    "source_types",
]

# How deep a value sent as JSON (``metadata``) may nest: far more than any real use, and far
# less than the JSON encoder's recursion limit, so a bad value is refused with a clear message.
MAX_DEPTH = 32
# The longest duration any setting or wait may ask for (about 31 years): beyond it the
# platform's timers overflow (time.sleep, socket timeouts) at the first use.
MAX_SECONDS = 1_000_000_000.0


# The allowed values come from the spec's enums, through the generated Literal types. They are
# read on first use: importing a generated model loads every model, which start-up should not pay.
@functools.cache
def source_types() -> tuple[str, ...]:
    """The values of ``source_type`` the spec lists."""
    from codegen_client_generated.models.agent_run_source_type import AgentRunSourceType

    return get_args(AgentRunSourceType)


@functools.cache
def agent_types() -> tuple[str, ...]:
    """The values of ``agent_type`` the spec lists."""
    from codegen_client_generated.models.create_agent_run_input_agent_type_type_0 import (
        CreateAgentRunInputAgentTypeType0,
    )

    return get_args(CreateAgentRunInputAgentTypeType0)


@functools.cache
def pr_states() -> tuple[str, ...]:
    """The pull request states the spec lists."""
    from codegen_client_generated.models.edit_pr_input_state import EditPRInputState

    return get_args(EditPRInputState)


def _masked(value: object) -> object:
    """The value with every secret field (``secret``, ``token``, ...) shown as ``***``."""
    if isinstance(value, Mapping):
        return {
            k: MASK
            if isinstance(k, str) and k.lower() in SECRET_FIELDS and v is not None
            else _masked(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_masked(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_masked(v) for v in value)
    return value


def _fail(name: str, expected: str, value: object) -> CodegenInputError:
    if name.rsplit(".", 1)[-1].lower() in SECRET_FIELDS:
        # A secret's value is never echoed, only what kind of value it was.
        kind = "a blank string" if isinstance(value, str) else f"a {type(value).__name__}"
        return CodegenInputError(f"{name} must be {expected}, got {kind}")
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        shown = f"an integer of about {int(value.bit_length() * 0.30103) + 1} digits"
        return CodegenInputError(f"{name} must be {expected}, got {shown}")
    try:
        shown = repr(_masked(value))
    except RecursionError:
        shown = f"a {type(value).__name__} nested too deep to show"
    except ValueError:  # an int past Python's digit limit cannot even be shown
        shown = f"a {type(value).__name__} too long to show"
    if len(shown) > 80:
        shown = shown[:77] + "..."
    return CodegenInputError(f"{name} must be {expected}, got {shown}")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _positive_id(name: str, value: Any) -> Any:
    if not _is_int(value) or value <= 0:
        raise _fail(name, "a positive integer", value)
    return value


def _int_range(low: int, high: int | None) -> Callable[[str, Any], Any]:
    def check(name: str, value: Any) -> Any:
        if not _is_int(value) or value < low or (high is not None and value > high):
            bound = f"from {low} to {high}" if high is not None else f">= {low}"
            raise _fail(name, f"an integer {bound}", value)
        return value

    return check


def _text(name: str, value: Any) -> Any:
    if not isinstance(value, str) or not value.strip():
        raise _fail(name, "a non-empty string", value)
    return value


def _boolean(name: str, value: Any) -> Any:
    if not isinstance(value, bool):
        raise _fail(name, "True or False", value)
    return value


def _choice(
    choices: Callable[[], tuple[str, ...]], normalise: Callable[[str], str] = str
) -> Callable[[str, Any], Any]:
    def check(name: str, value: Any) -> Any:
        allowed = choices()
        normal = normalise(value) if isinstance(value, str) else None
        if normal in allowed:
            return normal
        raise _fail(name, f"one of {', '.join(allowed)}", value)

    return check


def _string_list(name: str, value: Any) -> Any:
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise _fail(name, "a list of strings", value)
    return list(value)


def _images(name: str, value: Any) -> Any:
    images = _string_list(name, value)
    for index, image in enumerate(images):
        if not (image.startswith("data:") and ";base64," in image):
            raise _fail(f"{name}[{index}]", "a base64 data URI (data:image/png;base64,...)", image)
    return images


def _json_object(name: str, value: Any) -> Any:
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise _fail(name, "a dict with string keys", value)
    # Depth, text and integers first: json.dumps would fail on them with a RecursionError,
    # or pass a lone surrogate that httpx then cannot encode.
    _check_sendable(name, value)
    try:
        # As strict as httpx, which refuses NaN and infinities only when it sends the body.
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise CodegenInputError(f"{name} must be JSON-serializable: {exc}") from None
    return dict(value)


def _mapping_of(kind: type) -> Callable[[str, Any], Any]:
    def check(name: str, value: Any) -> Any:
        if not isinstance(value, Mapping) or not all(
            isinstance(k, str) and isinstance(v, kind) and not isinstance(v, bool)
            for k, v in value.items()
        ):
            raise _fail(name, f"a dict of str to {kind.__name__}", value)
        return dict(value)

    return check


def _url(name: str, value: Any) -> Any:
    if (
        not isinstance(value, str)
        or not value.startswith(("http://", "https://"))
        or len(value) > 2083
        or any(c.isspace() for c in value)
        or not urlsplit(value).netloc
    ):
        raise _fail(name, "an http(s) URL of at most 2083 characters", value)
    return value


def _webhooks(name: str, value: Any) -> Any:
    if not isinstance(value, (list, tuple)):
        raise _fail(name, "a list of {'url': ..., 'secret': ...} dicts", value)
    hooks = []
    for index, hook in enumerate(value):
        if not isinstance(hook, Mapping) or set(hook) - {"url", "secret"}:
            raise _fail(f"{name}[{index}]", "a dict with 'url' and optional 'secret'", hook)
        _url(f"{name}[{index}].url", hook.get("url"))
        if hook.get("secret") is not None and not isinstance(hook["secret"], str):
            raise _fail(f"{name}[{index}].secret", "a string", hook["secret"])
        hooks.append(dict(hook))
    return hooks


def _digit_limit() -> int:
    """Python's limit on the digits of an int turned into text (0: no limit)."""
    get = getattr(sys, "get_int_max_str_digits", None)
    return int(get()) if get is not None else 0


def _check_string(path: str, text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise CodegenInputError(
            f"{path} contains a lone surrogate ({text[exc.start]!r} at position {exc.start}); "
            "only valid Unicode text can be sent as UTF-8"
        ) from None


def _check_sendable(name: str, value: Any) -> None:
    """Refuse what JSON or UTF-8 cannot carry, before it fails half-way through a request.

    Walks the value without recursion: lone surrogates in strings (keys too), nesting deeper
    than :data:`MAX_DEPTH`, integers past Python's digit limit for text.
    """
    limit = _digit_limit()
    stack: list[tuple[str, Any, int]] = [(name, value, 0)]
    while stack:
        path, item, depth = stack.pop()
        if isinstance(item, str):
            _check_string(path, item)
        elif _is_int(item):
            if limit and item.bit_length() > limit * 3.32 and len(_digits(item)) > limit:
                raise CodegenInputError(
                    f"{path} is an integer of more than {limit} digits, which cannot be "
                    "sent as JSON (Python's int digit limit)"
                )
        elif isinstance(item, (Mapping, list, tuple)):
            if depth >= MAX_DEPTH:
                raise CodegenInputError(
                    f"{name} is nested more than {MAX_DEPTH} levels deep (the limit for "
                    "values sent as JSON)"
                )
            if isinstance(item, Mapping):
                for key, child in item.items():
                    if isinstance(key, str):
                        _check_string(f"{path} key {key!r:.40}", key)
                    stack.append((f"{path}[{key!r:.40}]", child, depth + 1))
            else:
                stack.extend((f"{path}[{i}]", child, depth + 1) for i, child in enumerate(item))


def _digits(number: int) -> str:
    """The decimal digits of ``number``, or a string longer than the limit if it has more."""
    try:
        return str(abs(number))
    except ValueError:  # past the limit: Python refuses to convert it
        return "9" * (_digit_limit() + 1)


def check_seconds(
    name: str, value: object, *, allow_zero: bool = False, from_text: bool = False
) -> float:
    """Check a duration: a finite real number of seconds, > 0 (or >= 0), at most MAX_SECONDS.

    Args:
        name: The argument or variable, for the message.
        value: What was given (an int, a float, or a string from the environment).
        allow_zero: Accept 0 (a cap that turns something off), not only > 0.
        from_text: Accept a string holding a number (an environment variable).

    Returns:
        The duration as a float.

    Raises:
        CodegenInputError: The value is not such a number; the message names it.

    """
    bound = ">= 0" if allow_zero else "> 0"
    expected = f"a number of seconds {bound} and at most {MAX_SECONDS:,.0f}"
    try:
        kinds = (int, float, str) if from_text else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds):
            raise TypeError
        seconds = float(value)
    except (TypeError, ValueError, OverflowError):
        raise _fail(name, expected, value) from None
    if (
        not math.isfinite(seconds)
        or seconds < 0
        or (seconds == 0 and not allow_zero)
        or seconds > MAX_SECONDS
    ):
        raise _fail(name, expected, value)
    return seconds


_RULES: dict[str, Callable[[str, Any], Any]] = {
    "org_id": _positive_id,
    "user_id": _positive_id,
    "agent_run_id": _positive_id,
    "repo_id": _positive_id,
    "pr_id": _positive_id,
    "sandbox_id": _positive_id,
    "skip": _int_range(0, None),
    "limit": _int_range(1, 100),
    "reverse": _boolean,
    "enabled": _boolean,
    "prompt": _text,
    "model": _text,
    "provider": _text,
    "trigger_source": _text,
    "secret": _text,
    "before_card_order_id": _text,
    "after_card_order_id": _text,
    "images": _images,
    "metadata": _json_object,
    "webhooks": _webhooks,
    "url": _url,
    "agent_type": _choice(agent_types),
    "source_type": _choice(source_types, str.upper),
    "state": _choice(pr_states),
    "check_retry_count": _int_range(0, 10),
    "ignored_checks": _string_list,
    "high_priority_apps": _string_list,
    "check_retry_counts": _mapping_of(int),
    "custom_prompts": _mapping_of(str),
}


def check_argument(name: str, value: Any) -> Any:
    """Check one argument by its name and return it (normalised where that is safe).

    Raises:
        CodegenInputError: The value is not acceptable; the message names the argument.

    """
    rule = _RULES.get(name)
    checked = value if rule is None else rule(name, value)
    _check_sendable(name, checked)
    return checked


def check_arguments(arguments: Mapping[str, Any]) -> dict[str, Any]:
    """Check every argument that is not None; return them with the Nones dropped."""
    return {
        name: check_argument(name, value) for name, value in arguments.items() if value is not None
    }


def require_any_field(**fields: Any) -> dict[str, Any]:
    """Refuse a change that sets nothing, and pass the fields through otherwise.

    An update whose every field is None would send an empty body: the server would accept it
    and change nothing, which hides a caller's mistake.

    Args:
        fields: The optional fields of an update, by name.

    Returns:
        The same fields.

    Raises:
        CodegenInputError: Every field is None; the message lists them.

    """
    if all(value is None for value in fields.values()):
        raise CodegenInputError(f"nothing to update: pass at least one of {', '.join(fields)}")
    return fields
