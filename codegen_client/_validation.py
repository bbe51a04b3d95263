"""Checks on arguments, made before any request is sent, and the one home of their messages.

What the spec states of an argument (its type, bounds, lengths, enum, pattern) is read from the
generated operation table (``codegen_client_generated.operations``), which the offline API
reads too. Only what the spec cannot state is written here by hand: images as data URIs,
metadata's depth and JSON-ness, webhooks, and the checks every value sent must pass (valid
Unicode, bounded depth, integers JSON can carry).
"""

from __future__ import annotations

import functools
import json
import math
import re
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple, TypeGuard
from urllib.parse import urlsplit

from codegen_client._exceptions import CodegenInputError
from codegen_client._secrets import MASK, SECRET_FIELDS

if TYPE_CHECKING:
    from codegen_client_generated.operations import Operation, Schema

__all__ = [
    "MAX_DEPTH",
    "MAX_SECONDS",
    "check_argument",
    "check_arguments",
    "check_call",
    "check_flag",
    "check_headers",
    "check_int",
    "check_param",
    "check_seconds",
    "check_whole_number",
    "compile_schema",
    "enum_of",
    "invalid",
    "is_int",
    "require_any_field",
]

# How deep a value sent as JSON (``metadata``) may nest: far more than any real use, and far
# less than the JSON encoder's recursion limit, so a bad value is refused with a clear message.
MAX_DEPTH = 32
# The longest duration any setting or wait may ask for (about 31 years): beyond it the
# platform's timers overflow (time.sleep, socket timeouts) at the first use.
MAX_SECONDS = 1_000_000_000.0


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
        return invalid(f"{name} must be {expected}, got {kind}")
    if is_int(value) and value.bit_length() > 128:
        shown = f"an integer of about {int(value.bit_length() * 0.30103) + 1} digits"
        return invalid(f"{name} must be {expected}, got {shown}")
    try:
        shown = repr(_masked(value))
    except RecursionError:
        shown = f"a {type(value).__name__} nested too deep to show"
    except ValueError:  # an int past Python's digit limit cannot even be shown
        shown = f"a {type(value).__name__} too long to show"
    if len(shown) > 80:
        shown = shown[:77] + "..."
    return invalid(f"{name} must be {expected}, got {shown}")


def invalid(message: str) -> CodegenInputError:
    """The error for an argument or a setting that is not acceptable (nothing was sent).

    Every such error of the library is made here, so that its wording has one home.
    """
    return CodegenInputError(message)


def is_int(value: object) -> TypeGuard[int]:
    """Whether ``value`` is an integer, and not a bool (which Python counts as one)."""
    return isinstance(value, int) and not isinstance(value, bool)


def check_int(name: str, value: object, low: int | None = None, high: int | None = None) -> int:
    """Return ``value`` when it is an integer (not a bool) within ``low``..``high``.

    Raises:
        CodegenInputError: It is not; the message names ``name`` and the range.

    """
    if not is_int(value):
        raise invalid(f"{name} must be an integer, got {value!r}")
    number: int = value
    if (low is not None and number < low) or (high is not None and number > high):
        bound = f"from {low} to {high}" if high is not None else f">= {low}"
        raise invalid(f"{name} must be an integer {bound}, got {value!r}")
    return number


def check_flag(name: str, value: object) -> bool:
    """Return ``value`` when it is True or False.

    Raises:
        CodegenInputError: It is anything else.

    """
    if not isinstance(value, bool):
        raise invalid(f"{name} must be True or False, got {value!r}")
    return value


def _int_range(low: float | None, high: float | None, expected: str) -> Callable[[str, Any], Any]:
    def check(name: str, value: Any) -> Any:
        if (
            not is_int(value)
            or (low is not None and value < low)
            or (high is not None and value > high)
        ):
            raise _fail(name, expected, value)
        return value

    return check


def _boolean(name: str, value: Any) -> Any:
    if not isinstance(value, bool):
        raise _fail(name, "True or False", value)
    return value


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
        raise invalid(f"{name} must be JSON-serializable: {exc}") from None
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
        raise invalid(
            f"{path} contains a lone surrogate ({text[exc.start]!r} at position {exc.start}); "
            "only valid Unicode text can be sent as UTF-8"
        ) from None


def _check_sendable(name: str, value: Any) -> None:
    """Refuse what JSON or UTF-8 cannot carry, before it fails half-way through a request.

    Walks the value without recursion: lone surrogates in strings (keys too), nesting deeper
    than `MAX_DEPTH`, integers past Python's digit limit for text.
    """
    stack: list[tuple[str, Any, int]] = [(name, value, 0)]
    while stack:
        path, item, depth = stack.pop()
        if isinstance(item, str):
            _check_string(path, item)
        elif is_int(item):
            _check_digits(path, item)
        elif isinstance(item, (Mapping, list, tuple)):
            if depth >= MAX_DEPTH:
                raise invalid(
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


# Python lets any digit limit be no lower than this many digits (or none), so an integer of
# at most so many bits is never refused and the limit need not be looked up for it.
_NEVER_LIMITED_BITS = int(getattr(sys.int_info, "str_digits_check_threshold", 640) * 3.32)


def _check_digits(path: str, number: int) -> None:
    """Refuse an integer with more digits than Python turns into text (its int digit limit)."""
    if number.bit_length() <= _NEVER_LIMITED_BITS:
        return
    limit = _digit_limit()
    if limit and number.bit_length() > limit * 3.32 and len(_digits(number)) > limit:
        raise invalid(
            f"{path} is an integer of more than {limit} digits, which cannot be "
            "sent as JSON (Python's int digit limit)"
        )


def _digits(number: int) -> str:
    """The decimal digits of ``number``, or a string longer than the limit if it has more."""
    try:
        return str(abs(number))
    except ValueError:  # past the limit: Python refuses to convert it
        return "9" * (_digit_limit() + 1)


def check_whole_number(name: str, value: object, *, from_text: bool = False) -> int:
    """Check a count (``max_retries``): a whole number >= 0, not a bool.

    Raises:
        CodegenInputError: It is not; the message names it.

    """
    try:
        if isinstance(value, (bool, float)) or (isinstance(value, str) and not from_text):
            raise ValueError
        number: int = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise invalid(f"{name} must be a whole number >= 0, got {value!r}") from None
    if number < 0:
        raise invalid(f"{name} must be >= 0, got {value!r}")
    return number


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
    kind = type(value)
    try:
        if kind is not float and kind is not int:  # the common cases, without isinstance
            kinds = (int, float, str) if from_text else (int, float)
            if isinstance(value, bool) or not isinstance(value, kinds):
                raise TypeError
        seconds = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        seconds = math.nan
    if not (0 < seconds <= MAX_SECONDS or (seconds == 0 and allow_zero)):  # NaN fails both
        bound = ">= 0" if allow_zero else "> 0"
        expected = f"a number of seconds {bound} and at most {MAX_SECONDS:,.0f}"
        raise _fail(name, expected, value) from None
    return seconds


def _int_message(schema: Schema) -> str:
    low, high = schema.minimum, schema.maximum
    if low is not None and high is not None:
        return f"an integer from {low:g} to {high:g}"
    if low == 1:
        return "a positive integer"
    if low is not None:
        return f"an integer >= {low:g}"
    return "an integer"


def _string_check(schema: Schema) -> Callable[[str, Any], Any]:
    pattern = re.compile(schema.pattern) if schema.pattern else None
    longest = schema.max_length
    if schema.enum:
        allowed = schema.enum
        upper = schema.normalize == "upper"

        def choice(name: str, value: Any) -> Any:
            normal = (value.upper() if upper else value) if isinstance(value, str) else None
            if normal in allowed:
                return normal
            raise _fail(name, f"one of {', '.join(allowed)}", value)

        return choice
    if schema.format == "uri":
        expected = f"an http(s) URL of at most {longest} characters"
    elif schema.pattern == r"\S":
        expected = "a non-empty string"
        if longest is not None:
            expected += f" of at most {longest} characters"
    else:
        expected = "a string"

    def text(name: str, value: Any) -> Any:
        if (
            not isinstance(value, str)
            or (pattern is not None and not pattern.search(value))
            or (longest is not None and len(value) > longest)
            or (schema.min_length is not None and len(value) < schema.min_length)
        ):
            raise _fail(name, expected, value)
        return value

    return text


def compile_schema(schema: Schema) -> Callable[[str, Any], Any]:
    """A check of a value against what the spec states of it (``operations.Schema``).

    The check takes the argument's name (for the message) and the value, and returns the
    value to send: normalised where the spec says so (``x-normalize``), a list for a tuple.
    A rule the spec cannot state (``x-rule``) is one of this module's hand-written checks.

    Raises:
        CodegenInputError: From the check, naming the argument and what it must be.

    """
    if schema.rule is not None:
        return _HAND_RULES[schema.rule]
    kind = schema.type
    if kind == "integer":
        return _int_range(schema.minimum, schema.maximum, _int_message(schema))
    if kind == "string":
        return _string_check(schema)
    if kind == "boolean":
        return _boolean
    if kind == "array" and schema.items is not None and schema.items.type == "string":
        return _string_list
    if kind == "object" and schema.items is not None and schema.items.type in ("integer", "string"):
        return _mapping_of(int if schema.items.type == "integer" else str)
    if kind == "object":
        return _json_object
    return lambda name, value: value


class _Compiled(NamedTuple):
    checks: dict[str, Callable[[str, Any], Any]]
    required: frozenset[str]
    body_fields: tuple[str, ...]


@functools.cache
def _compiled(operation: Operation) -> _Compiled:
    checks = {param.name: compile_schema(param.schema) for param in operation.params}
    required = frozenset(param.name for param in operation.params if param.required)
    body = tuple(param.name for param in operation.params if param.location == "body")
    return _Compiled(checks, required, body)


def check_param(operation: Operation, name: str, value: Any) -> Any:
    """Check one argument of ``operation`` by what the spec states of it; return it to send.

    Raises:
        CodegenInputError: The value is not acceptable; the message names the argument.

    """
    return _sendable(name, _compiled(operation).checks[name](name, value))


def check_call(
    operation: Operation,
    path_args: tuple[Any, ...],
    query: Mapping[str, Any] | None,
    body: Mapping[str, Any] | None,
) -> tuple[tuple[Any, ...], dict[str, Any] | None, dict[str, Any] | None]:
    """Check every argument of one call before anything is sent (None means "leave out").

    Args:
        operation: The operation, from the generated table.
        path_args: The path's values, in the order of ``operation.path_params``.
        query: The query arguments by name.
        body: The body fields by name.

    Returns:
        The path values, the query and the body to send (Nones dropped, values normalised).

    Raises:
        CodegenInputError: An argument is invalid, or an update would change nothing.

    """
    compiled = _compiled(operation)
    checks, required = compiled.checks, compiled.required
    path = tuple(
        _sendable(name, checks[name](name, value))
        for name, value in zip(operation.path_params, path_args, strict=True)
    )
    checked_query = None
    if query is not None:
        checked_query = {
            name: _sendable(name, checks[name](name, value))
            for name, value in query.items()
            if value is not None or name in required
        }
    checked_body = None
    if body is not None:
        checked_body = {
            name: _sendable(name, checks[name](name, value))
            for name, value in body.items()
            if value is not None or name in required
        }
        if len(checked_body) < operation.body_min_fields:
            names = ", ".join(compiled.body_fields)
            raise invalid(f"nothing to update: pass at least one of {names}")
    return path, checked_query, checked_body


def _sendable(name: str, value: Any) -> Any:
    _check_sendable(name, value)
    return value


def check_argument(name: str, value: Any, operation_id: str = "create_agent_run") -> Any:
    """Check one argument of an operation (by default the create) by its name in the spec.

    Raises:
        CodegenInputError: The value is not acceptable; the message names the argument.

    """
    from codegen_client_generated.operations import OPERATIONS

    return check_param(OPERATIONS[operation_id], name, value)


def check_arguments(
    arguments: Mapping[str, Any], operation_id: str = "create_agent_run"
) -> dict[str, Any]:
    """Check every argument that is not None; return them with the Nones dropped."""
    return {
        name: check_argument(name, value, operation_id)
        for name, value in arguments.items()
        if value is not None
    }


def enum_of(operation_id: str, name: str) -> tuple[str, ...]:
    """The values the spec allows for an argument of an operation (empty when it lists none)."""
    from codegen_client_generated.operations import OPERATIONS

    for param in OPERATIONS[operation_id].params:
        if param.name == name:
            return param.schema.enum
    raise KeyError(f"{operation_id} has no argument {name!r}")


# Headers the client sets from its own state: an extra header never replaces them.
_GUARDED_HEADERS = frozenset({"authorization", "proxy-authorization", "host", "content-length"})


def check_headers(
    headers: Any,
    holds_key: Callable[[str], bool],
    *,
    into: dict[str, str] | None = None,
    names: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Check extra or default headers: names and values that HTTP can carry, never the key.

    Header names are case-insensitive: of two names that differ only in case, the later one is
    sent (a caller's ``accept`` replaces the client's ``Accept``; it is not sent next to it).

    Args:
        headers: What the caller passed (``extra_headers``, ``default_headers``).
        holds_key: Tells whether a text holds the client's API key.
        into: A dict to add the checked headers to (a copy of the client's own), instead of a
            new one.
        names: ``into``'s names by their lower case, so that a header replaces one of
            ``into`` whatever its case.

    Returns:
        The headers as a dict (``into``, when given).

    Raises:
        CodegenInputError: Not a dict of strings, a name or value HTTP cannot carry, a header
            the client sets itself (Authorization, Host, Content-Length), or a value holding
            the API key.

    """
    if type(headers) is not dict and not isinstance(headers, Mapping):
        raise invalid(f"headers must be a dict of str to str, got {type(headers).__name__}")
    checked = {} if into is None else into
    given: dict[str, str] = {}  # the names of ``headers`` by their lower case
    for name, value in headers.items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise _fail("headers", "a dict of str to str", {name: "..."})
        # Visible ASCII without a colon; a value may also hold spaces and tabs.
        if not (name.isascii() and name.isprintable()) or " " in name or ":" in name or not name:
            raise invalid(f"header name {name[:40]!r} cannot be sent in HTTP")
        lower = name.lower()
        if lower in _GUARDED_HEADERS:
            raise invalid(f"header {name!r} is set by the client itself and cannot be replaced")
        if holds_key(value):
            raise invalid(
                f"header {name!r} would carry the API key: it is sent only as Authorization"
            )
        if not (
            value.isascii() and (value.isprintable() or value.replace("\t", " ").isprintable())
        ):
            raise invalid(f"header {name!r} must be printable ASCII (it is sent as an HTTP header)")
        earlier = given.get(lower)
        if earlier is None and names is not None:
            earlier = names.get(lower)
        if earlier is not None and earlier != name:
            del checked[earlier]
        given[lower] = name
        checked[name] = value
    return checked


_HAND_RULES: dict[str, Callable[[str, Any], Any]] = {
    "images": _images,
    "metadata": _json_object,
    "webhooks": _webhooks,
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
        raise invalid(f"nothing to update: pass at least one of {', '.join(fields)}")
    return fields
