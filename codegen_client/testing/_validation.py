"""Request parameter and body checks that answer like FastAPI (pydantic v2) does.

Each reader collects every problem instead of stopping at the first, then
`RequestReader.check` raises one 422 listing them all, with the ``type``/``loc``/``msg``
entries FastAPI would produce. The bounds and the allowed values of query and body fields
(``limit`` 1..100, ``check_retry_count`` 0..10, ``state``, ``agent_type``, ``source_type``)
come from the generated operation table, the spec's one home for them, which the client reads
too. Written by hand because pydantic is not a dependency of the package and the fake only
needs a dozen field kinds.
"""

from __future__ import annotations

import email.message
import json
import math
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

import httpx

from codegen_client.testing._errors import ValidationFailed, detail_error
from codegen_client.testing._records import query_of
from codegen_client_generated.operations import Operation, Schema

__all__ = ["BodyReader", "RequestReader"]

_TRUE = {"1", "on", "t", "true", "y", "yes"}
_FALSE = {"0", "off", "f", "false", "n", "no"}
_MISSING: Any = object()
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _lone_surrogate(data: Any) -> bool:
    """Tell whether parsed JSON ``data`` holds a lone surrogate (json.loads joins real pairs).

    FastAPI's ``json.loads`` accepts one; the fake refuses it (the offline-API guide lists this
    difference), since no answer holding it could be written as UTF-8. Iterative, so a deep
    document cannot exhaust the stack.
    """
    stack: list[Any] = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                return True
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False


def _json_invalid(loc: list[str | int], error: str) -> dict[str, Any]:
    """FastAPI's one error for a body whose JSON does not decode."""
    return {"type": "json_invalid", "loc": loc, "msg": "JSON decode error", "input": {},
            "ctx": {"error": error}}  # fmt: skip


def _is_json(content_type: str | None) -> bool:
    """Tell whether FastAPI reads a body of this Content-Type as JSON (``application/*json``)."""
    if not content_type:
        return False
    message = email.message.Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


def _choices_text(choices: Sequence[str]) -> str:
    quoted = [f"'{c}'" for c in choices]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


class _Errors:
    """Shared list of pydantic-style error entries."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []

    def add(
        self, kind: str, loc: list[str | int], msg: str, value: Any, ctx: dict[str, Any] | None
    ) -> None:
        entry: dict[str, Any] = {"type": kind, "loc": loc, "msg": msg, "input": value}
        if ctx is not None:
            entry["ctx"] = ctx
        self.items.append(entry)

    def int_value(self, loc: list[str | int], value: Any) -> int | None:
        """Coerce like pydantic's lax int: ints, whole floats, numeric strings, bools."""
        if isinstance(value, bool | int):
            return int(value)
        if isinstance(value, float):
            if math.isfinite(value) and value.is_integer():
                return int(value)
            msg = "Input should be a valid integer, got a number with a fractional part"
            self.add("int_from_float", loc, msg, value, None)
            return None
        if isinstance(value, str):
            try:
                return int(value.strip())
            except ValueError:
                msg = "Input should be a valid integer, unable to parse string as an integer"
                self.add("int_parsing", loc, msg, value, None)
                return None
        self.add("int_type", loc, "Input should be a valid integer", value, None)
        return None

    def bounds(
        self, loc: list[str | int], value: int, raw: Any, ge: int | None, le: int | None
    ) -> bool:
        """Check ``ge``/``le``; errors show the input as sent (``raw``), like pydantic."""
        if ge is not None and value < ge:
            msg = f"Input should be greater than or equal to {ge}"
            self.add("greater_than_equal", loc, msg, raw, {"ge": ge})
            return False
        if le is not None and value > le:
            msg = f"Input should be less than or equal to {le}"
            self.add("less_than_equal", loc, msg, raw, {"le": le})
            return False
        return True


class RequestReader:
    """Reads the path, query and JSON body of one request.

    Examples:
        >>> reader = RequestReader(httpx.Request("GET", "https://x/v1/o?skip=-1"), {})
        >>> reader.paging()
        (0, 100)
        >>> reader.errors[0]["type"]
        'greater_than_equal'

    """

    def __init__(
        self, request: httpx.Request, path_params: dict[str, str], operation: Operation
    ) -> None:
        self._request = request
        self._path = path_params
        self._query = query_of(request)
        self._errors = _Errors()
        self._schemas = {param.name: param.schema for param in operation.params}

    def _bounds(self, name: str) -> tuple[int | None, int | None]:
        schema = self._schemas[name]
        low = None if schema.minimum is None else int(schema.minimum)
        high = None if schema.maximum is None else int(schema.maximum)
        return low, high

    @property
    def errors(self) -> list[dict[str, Any]]:
        """Return the problems found so far."""
        return self._errors.items

    def check(self) -> None:
        """Raise the 422 when any problem was found.

        Raises:
            ValidationFailed: listing every problem.

        """
        if self._errors.items:
            raise ValidationFailed(self._errors.items)

    def path_int(self, name: str) -> int:
        """Read an integer path parameter within the spec's bounds (0 after a recorded error)."""
        loc: list[str | int] = ["path", name]
        raw = self._path[name]
        value = self._errors.int_value(loc, raw)
        if value is None:
            return 0
        ge, le = self._bounds(name) if name in self._schemas else (None, None)
        return value if self._errors.bounds(loc, value, raw, ge, le) else 0

    def query_int(self, name: str, *, default: int | None = _MISSING) -> int | None:
        """Read an integer query parameter within the spec's bounds (required if no default)."""
        ge, le = self._bounds(name)
        loc: list[str | int] = ["query", name]
        raw = self._query.get(name)
        if raw is None:
            if default is _MISSING:
                self._errors.add("missing", loc, "Field required", None, None)
                return None
            return default
        value = self._errors.int_value(loc, raw)
        if value is None or not self._errors.bounds(loc, value, raw, ge, le):
            return default if default is not _MISSING else None
        return value

    def required_query_int(self, name: str) -> int:
        """Read a required integer query parameter (0 after a recorded error)."""
        value = self.query_int(name)
        return 0 if value is None else value

    def query_str(self, name: str) -> str:
        """Read a required string query parameter."""
        raw = self._query.get(name)
        if raw is None:
            self._errors.add("missing", ["query", name], "Field required", None, None)
            return ""
        return raw

    def query_bool(self, name: str, *, default: bool) -> bool:
        """Read a boolean query parameter the way pydantic parses ``true``/``0``/``yes``."""
        raw = self._query.get(name)
        if raw is None:
            return default
        if raw.lower() in _TRUE:
            return True
        if raw.lower() in _FALSE:
            return False
        msg = "Input should be a valid boolean, unable to interpret input"
        self._errors.add("bool_parsing", ["query", name], msg, raw, None)
        return default

    def query_enum(self, name: str) -> str | None:
        """Read an optional enum query parameter (the spec's values)."""
        choices = self._schemas[name].enum
        raw = self._query.get(name)
        if raw is None or raw in choices:
            return raw
        expected = _choices_text(choices)
        msg = f"Input should be {expected}"
        self._errors.add("enum", ["query", name], msg, raw, {"expected": expected})
        return None

    def paging(self) -> tuple[int, int]:
        """Read ``skip`` and ``limit`` within their bounds in the spec, or their defaults."""
        skip_low, _ = self._bounds("skip")
        _, limit_high = self._bounds("limit")
        skip = self.query_int("skip", default=skip_low or 0)
        limit = self.query_int("limit", default=limit_high)
        return (skip or 0, limit or limit_high or 1)

    def body(self) -> BodyReader:
        """Read the JSON body as an object, in FastAPI's order and with its answers.

        A body that is not JSON (no ``application/json`` or ``+json`` Content-Type) is
        validated as text, so it fails as not an object. JSON that does not decode is a 422
        ``json_invalid`` and one that cannot be read at all (too deep, not Unicode) a 400, each
        raised at once, before any other problem; other problems are recorded.

        Raises:
            ApiError: 400 when the body cannot be parsed at all.
            ValidationFailed: the JSON does not decode, or holds a lone surrogate.

        """
        content = self._request.content
        loc: list[str | int] = ["body"]
        if not content:
            self._errors.add("missing", loc, "Field required", None, None)
            return BodyReader({}, self._errors, usable=False, schemas=self._schemas)
        if not _is_json(self._request.headers.get("content-type")):
            text = content.decode("utf-8", "replace")
            msg = "Input should be a valid dictionary or object to extract fields from"
            self._errors.add("model_attributes_type", loc, msg, text, None)
            return BodyReader({}, self._errors, usable=False, schemas=self._schemas)
        try:
            data = json.loads(content)
        except json.JSONDecodeError as exc:
            raise ValidationFailed([_json_invalid([*loc, exc.pos], exc.msg)]) from None
        except (RecursionError, ValueError):  # too deep, or bytes that are not UTF-8/16/32
            raise detail_error(400, "There was an error parsing the body") from None
        if _lone_surrogate(data):
            found = _SURROGATE_ESCAPE.search(content)
            where = [*loc, found.start() if found else 0]
            raise ValidationFailed([_json_invalid(where, "lone surrogate in hex escape")])
        if not isinstance(data, dict):
            msg = "Input should be a valid dictionary or object to extract fields from"
            self._errors.add("model_attributes_type", loc, msg, data, None)
            return BodyReader({}, self._errors, usable=False, schemas=self._schemas)
        return BodyReader(data, self._errors, schemas=self._schemas)


class BodyReader:
    """Reads fields of one JSON object (the body, or a nested object in it).

    An unusable body (missing, not JSON, not an object) has already produced its one
    error; reading its fields then reports nothing more, as FastAPI stops there too.
    """

    def __init__(
        self,
        data: dict[str, Any],
        errors: _Errors,
        loc: tuple[str | int, ...] = ("body",),
        *,
        usable: bool = True,
        schemas: dict[str, Schema] | None = None,
    ) -> None:
        self.data = data
        self._errors = errors
        self._loc = loc
        self._usable = usable
        self._schemas = schemas or {}

    def _get(self, name: str, required: bool) -> Any:
        if not self._usable:
            return _MISSING
        if name not in self.data:
            if required:
                self._errors.add("missing", [*self._loc, name], "Field required", self.data, None)
            return _MISSING
        return self.data[name]

    def int_(self, name: str, *, required: bool = False) -> int | None:
        """Read an integer field within the spec's bounds (optional ones: null or absent)."""
        schema = self._schemas.get(name)
        ge = None if schema is None or schema.minimum is None else int(schema.minimum)
        le = None if schema is None or schema.maximum is None else int(schema.maximum)
        value = self._get(name, required)
        if value is _MISSING or (value is None and not required):
            return None
        loc = [*self._loc, name]
        number = self._errors.int_value(loc, value)
        if number is None or not self._errors.bounds(loc, number, value, ge, le):
            return None
        return number

    def str_(self, name: str, *, required: bool = False) -> str | None:
        """Read a string field; optional fields may be null or absent."""
        value = self._get(name, required)
        if value is _MISSING or (value is None and not required):
            return None
        if not isinstance(value, str):
            self._errors.add(
                "string_type", [*self._loc, name], "Input should be a valid string", value, None
            )
            return None
        return value

    def bool_(self, name: str, *, default: bool) -> bool:
        """Read a boolean field with a default."""
        value = self._get(name, False)
        if value is _MISSING:
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.lower() in _TRUE | _FALSE:
            return value.lower() in _TRUE
        loc = [*self._loc, name]
        if isinstance(value, int | float | str):
            msg = "Input should be a valid boolean, unable to interpret input"
            self._errors.add("bool_parsing", loc, msg, value, None)
        else:
            self._errors.add("bool_type", loc, "Input should be a valid boolean", value, None)
        return default

    def literal(self, name: str, *, required: bool = False) -> str | None:
        """Read a string field that must be one of the spec's values."""
        schema = self._schemas.get(name)
        choices = schema.enum if schema is not None else ()
        value = self._get(name, required)
        if value is _MISSING or (value is None and not required):
            return None
        if value not in choices:
            expected = _choices_text(choices)
            self._errors.add(
                "literal_error",
                [*self._loc, name],
                f"Input should be {expected}",
                value,
                {"expected": expected},
            )
            return None
        return str(value)

    def _list(self, name: str) -> list[Any] | None:
        """Read an optional list of anything (its items are the caller's to check)."""
        value = self._get(name, False)
        if value is _MISSING or value is None:
            return None
        if not isinstance(value, list):
            self._errors.add(
                "list_type", [*self._loc, name], "Input should be a valid list", value, None
            )
            return None
        return value

    def str_list(self, name: str) -> list[str] | None:
        """Read an optional list of strings."""
        value = self._list(name)
        if value is None:
            return None
        ok = True
        for index, item in enumerate(value):
            if not isinstance(item, str):
                loc = [*self._loc, name, index]
                self._errors.add("string_type", loc, "Input should be a valid string", item, None)
                ok = False
        return list(value) if ok else None

    def object_(self, name: str) -> dict[str, Any] | None:
        """Read an optional JSON object of any content."""
        value = self._get(name, False)
        if value is _MISSING or value is None:
            return None
        if not isinstance(value, dict):
            self._errors.add(
                "dict_type", [*self._loc, name], "Input should be a valid dictionary", value, None
            )
            return None
        return value

    def int_map(self, name: str) -> dict[str, int] | None:
        """Read an optional object whose values are integers."""
        value = self.object_(name)
        if value is None:
            return None
        result: dict[str, int] = {}
        for key, item in value.items():
            number = self._errors.int_value([*self._loc, name, key], item)
            if number is not None:
                result[key] = number
        return result if len(result) == len(value) else None

    def str_map(self, name: str) -> dict[str, str] | None:
        """Read an optional object whose values are strings."""
        value = self.object_(name)
        if value is None:
            return None
        for key, item in value.items():
            if not isinstance(item, str):
                loc = [*self._loc, name, key]
                self._errors.add("string_type", loc, "Input should be a valid string", item, None)
                return None
        return dict(value)

    def url(self, name: str, *, required: bool = False) -> str | None:
        """Read an absolute URL of 1..2083 characters (pydantic ``AnyUrl``)."""
        value = self.str_(name, required=required)
        if value is None:
            return None
        loc = [*self._loc, name]
        if not value:
            msg = "Input should be a valid URL, input is empty"
            self._errors.add("url_parsing", loc, msg, value, {"error": "input is empty"})
            return None
        if len(value) > 2083:
            msg = f"Value should have at most 2083 items after validation, not {len(value)}"
            ctx = {"field_type": "Value", "max_length": 2083, "actual_length": len(value)}
            self._errors.add("too_long", loc, msg, value, ctx)
            return None
        parts = urlsplit(value)
        if not parts.scheme or not (parts.netloc or parts.path):
            error = "relative URL without a base"
            msg = f"Input should be a valid URL, {error}"
            self._errors.add("url_parsing", loc, msg, value, {"error": error})
            return None
        return value

    def webhooks(self, name: str) -> list[dict[str, Any]] | None:
        """Read an optional list of ``{url, secret?}`` webhook overrides."""
        value = self._list(name)
        if value is None:
            return None
        hooks: list[dict[str, Any]] = []
        for index, item in enumerate(value):
            loc = (*self._loc, name, index)
            if not isinstance(item, dict):
                msg = "Input should be a valid dictionary or instance of WebhookOverride"
                ctx = {"class_name": "WebhookOverride"}
                self._errors.add("model_type", list(loc), msg, item, ctx)
                continue
            nested = BodyReader(item, self._errors, loc)
            hooks.append(
                {"url": nested.str_("url", required=True), "secret": nested.str_("secret")}
            )
        return hooks
