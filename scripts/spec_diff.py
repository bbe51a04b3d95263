"""Show what changed from one OpenAPI 3.x document to another.

Usage: ``python scripts/spec_diff.py OLD NEW [--strip-prefix /v1] [--no-auto-strip]
[--ignore-operation-ids] [--json]``; OLD and NEW are YAML or JSON files. Exit status: 0 no
differences, 1 differences, 2 usage error or unreadable / invalid document.

Operations match by METHOD + path, parameters by name + location, schemas and fields by name.
Compared: operationIds; parameters and fields (required, type, format, bounds, default, enum);
request body and response schemas; response status codes; schemas added or removed; and
``x-rate-limit``, only when both documents declare it somewhere (an upstream document has none,
and thirty "rate limit removed" lines would bury the real changes). Not compared: descriptions,
titles, tags, security, nested inline objects. Header parameters Authorization, Accept and
Content-Type are skipped: OpenAPI says they are ignored.

Types read ``string | null`` whether written ``anyOf: [X, {type: null}]``, ``type: [X, "null"]``
or ``nullable: true``; a ``$ref`` reads as the schema's name; an array as ``array[X]``.

Path prefixes: ``--strip-prefix /v1`` removes ``/v1`` from the front of every path. Otherwise, if
every path of one document starts with the path of the other's first server URL
(``https://api.codegen.com/v1`` gives ``/v1``), that prefix is stripped and a note says so;
``--no-auto-strip`` turns this off.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Any, NamedTuple
from urllib.parse import urlparse

import yaml

METHODS = ("get", "put", "post", "patch", "delete", "head", "options", "trace")
IGNORED_HEADERS = {"authorization", "accept", "content-type"}
FACETS: tuple[str, ...] = ("type", "format", "default", "enum", "minimum", "maximum")
FACETS += ("exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems")
Pair = tuple[str, str]  # (path, METHOD) of an operation, (subject, name) of an entry


class SpecError(Exception):
    """A document cannot be read or is not a usable OpenAPI 3.x document."""


@dataclass(frozen=True)
class Change:
    """One difference inside an operation or a schema.

    ``kind`` is added / removed / changed; ``facet`` names what changed (type, required,
    maximum, enum, ...). For an enum, ``old`` lists the removed and ``new`` the added values.
    """

    subject: str
    name: str
    kind: str
    facet: str = ""
    old: Any = None
    new: Any = None


class Spec:
    """One loaded document and the file it came from (for error messages)."""

    def __init__(self, path: str) -> None:
        self.path = path
        try:
            with open(path, encoding="utf-8") as handle:
                # YAML is a superset of JSON, so one loader reads both.
                data = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise SpecError(f"{path}: cannot read: {exc}") from exc
        if not isinstance(data, dict) or not str(data.get("openapi", "")).startswith("3."):
            raise SpecError(f"{path}: not an OpenAPI 3.x document (no 'openapi: 3.x' key)")
        data["paths"] = data.get("paths") or {}  # an empty `paths:` key loads as None
        if not isinstance(data["paths"], dict):
            raise SpecError(f"{path}: 'paths' is not a mapping")
        self.data: dict[str, Any] = data

    def resolve(self, node: Any) -> Any:
        """Follow local ``$ref`` pointers until a node that is not a reference."""
        for _ in range(32):  # bounded, because a cycle of bare references never ends
            if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
                return node
            ref, node = node["$ref"], self.data
            if not ref.startswith("#/"):
                raise SpecError(f"{self.path}: only local $refs are supported, got {ref!r}")
            for raw in ref[2:].split("/"):
                part = raw.replace("~1", "/").replace("~0", "~")
                if not isinstance(node, dict) or part not in node:
                    raise SpecError(f"{self.path}: unresolvable $ref {ref!r}")
                node = node[part]
        raise SpecError(f"{self.path}: $ref cycle")

    def server_prefix(self) -> str:
        """Path of the first server URL (``/v1``), or "" when it has none."""
        servers = self.data.get("servers") or [{}]
        return urlparse(str(servers[0].get("url", ""))).path.rstrip("/")

    def all_paths_start_with(self, prefix: str) -> bool:
        paths = list(self.data["paths"])
        return bool(prefix and paths) and all(p.startswith(prefix + "/") for p in paths)

    def operations(self, strip: str = "") -> dict[Pair, dict[str, Any]]:
        """Operations by (path without ``strip``, METHOD), with path-level parameters merged."""
        found: dict[Pair, dict[str, Any]] = {}
        for raw_path, raw_item in self.data["paths"].items():
            item = self.resolve(raw_item) or {}
            path = raw_path
            if strip and (path == strip or path.startswith(strip + "/")):
                path = path[len(strip) :] or "/"
            for method in METHODS:
                if isinstance(item.get(method), dict):
                    op = dict(item[method])
                    op["parameters"] = [*item.get("parameters", []), *op.get("parameters", [])]
                    found[(path, method.upper())] = op
        return found

    def schemas(self) -> dict[str, Any]:
        return dict((self.data.get("components") or {}).get("schemas") or {})


def alternatives(schema: Any) -> set[str]:
    """The types a schema allows, as names: ``{"string", "null"}``, ``{"array[Model]"}``."""
    if not isinstance(schema, dict):
        return {"any"}
    if "$ref" in schema:
        return {str(schema["$ref"]).rsplit("/", 1)[-1]}
    found: set[str] = set()
    for sub in [*schema.get("anyOf", []), *schema.get("oneOf", [])]:
        found |= alternatives(sub)
    if len(schema.get("allOf", [])) == 1:  # `allOf: [$ref]` is how a $ref gets annotated
        found |= alternatives(schema["allOf"][0])
    types = schema.get("type") or []
    for name in types if isinstance(types, list) else [types]:
        found.add(f"array[{describe(schema.get('items'))}]" if name == "array" else name)
    if schema.get("nullable"):
        found.add("null")
    return found or {"enum" if "enum" in schema else "any"}


def describe(schema: Any) -> str:
    """A one-line type for a schema: ``string | null``, ``array[Model]``, ``Model``."""
    parts = alternatives(schema)
    # sorted so that reordering a union is not a change; null last so nullability stands out
    return " | ".join(sorted(parts - {"null"}) + ["null"] * ("null" in parts))


def facets(schema: Any) -> dict[str, Any]:
    """Comparable facets of a schema; bounds and enums may sit in an ``anyOf`` member."""
    found: dict[str, Any] = {"type": describe(schema)}
    if not isinstance(schema, dict):
        return found
    for source in [schema, *schema.get("anyOf", []), *schema.get("oneOf", [])]:
        if isinstance(source, dict) and "$ref" not in source:  # a $ref'd schema reports itself
            found.update({k: source[k] for k in FACETS[1:] if k in source and k not in found})
    return found


def compare_facets(subject: str, name: str, old: Any, new: Any) -> Iterator[Change]:
    before, after = facets(old), facets(new)
    for key in FACETS:
        if key == "enum":
            gone = [v for v in before.get(key) or [] if v not in (after.get(key) or [])]
            came = [v for v in after.get(key) or [] if v not in (before.get(key) or [])]
            if gone or came:
                yield Change(subject, name, "changed", "enum", gone, came)
        elif before.get(key) != after.get(key):
            yield Change(subject, name, "changed", key, before.get(key), after.get(key))


class Member(NamedTuple):
    """A parameter or a field: its schema and whether it is required."""

    schema: Any
    required: bool


# Entries are {(subject, name): value}; this order is the order of a report's lines.
SUBJECTS = ("operationId", "parameter", "request body", "response", "x-rate-limit", "field")


def compare_entries(old: dict[Pair, Any], new: dict[Pair, Any]) -> Iterator[Change]:
    """Entries added, removed or changed, sorted by subject then name."""
    for key in sorted(old.keys() | new.keys(), key=lambda k: (SUBJECTS.index(k[0]), k[1])):
        subject, name = key
        if key not in old or key not in new:
            value = new[key] if key in new else old[key]
            if isinstance(value, Member):
                value = f"{describe(value.schema)}, {'required' if value.required else 'optional'}"
            kind = "added" if key in new else "removed"
            yield Change(subject, name, kind, **{"new" if key in new else "old": value})
        elif isinstance(old[key], Member):
            if old[key].required != new[key].required:
                yield Change(
                    subject, name, "changed", "required", old[key].required, new[key].required
                )
            yield from compare_facets(subject, name, old[key].schema, new[key].schema)
        elif old[key] != new[key]:
            facet = "schema" if subject in ("request body", "response") else ""
            yield Change(subject, name, "changed", facet, old[key], new[key])


def operation_entries(spec: Spec, op: dict[str, Any], ids: bool, limits: bool) -> dict[Pair, Any]:
    """An operation flattened to entries (see SUBJECTS)."""

    def schemas(node: Any) -> dict[str, str]:
        content = (spec.resolve(node) or {}).get("content") or {}
        return {
            media: describe(spec.resolve(body).get("schema")) for media, body in content.items()
        }

    found: dict[Pair, Any] = {("operationId", ""): op.get("operationId")} if ids else {}
    for param in map(spec.resolve, op["parameters"]):  # operation-level ones come last and win
        if param.get("in") != "header" or str(param.get("name")).lower() not in IGNORED_HEADERS:
            name = f"{param.get('name')} ({param.get('in')})"
            found["parameter", name] = Member(param.get("schema"), bool(param.get("required")))
    for media, schema in schemas(op.get("requestBody")).items():
        found["request body", media] = schema
    for code, response in (op.get("responses") or {}).items():
        # str(): YAML reads an unquoted 200 as an int, JSON keys are strings
        found["response", str(code)] = ", ".join(sorted(set(schemas(response).values())))
    if limits:
        found["x-rate-limit", ""] = op.get("x-rate-limit", "(not declared)")
    return found


def field_entries(spec: Spec, schema: Any) -> dict[Pair, Member]:
    """An object schema's fields as entries, ``allOf`` parts included."""
    schema = spec.resolve(schema) or {}
    required = set(schema.get("required") or [])
    found = {
        ("field", k): Member(v, k in required) for k, v in (schema.get("properties") or {}).items()
    }
    for part in schema.get("allOf", []):
        found = {**field_entries(spec, part), **found}
    return found


def operation_changes(
    old: Spec, new: Spec, before: dict[str, Any], after: dict[str, Any], ids: bool, limits: bool
) -> Iterator[Change]:
    """Changes to one operation, which OLD and NEW both have."""
    old_entries = operation_entries(old, before, ids, limits)
    yield from compare_entries(old_entries, operation_entries(new, after, ids, limits))


def schema_changes(old: Spec, new: Spec, before: Any, after: Any) -> Iterator[Change]:
    """Changes to one component schema: its own facets, then its fields."""
    yield from compare_facets("schema", "", before, after)
    yield from compare_entries(field_entries(old, before), field_entries(new, after))


def choose_prefixes(
    old: Spec, new: Spec, options: argparse.Namespace
) -> tuple[str, str, list[str]]:
    """The prefixes to strip from OLD's and NEW's paths, and notes saying why."""
    if options.strip_prefix:
        prefix = "/" + options.strip_prefix.strip("/")
        return prefix, prefix, [f"stripped {prefix} from the paths (--strip-prefix)"]
    if not options.no_auto_strip:
        for this, other, label in ((old, new, "OLD"), (new, old, "NEW")):
            prefix = other.server_prefix()
            if this.all_paths_start_with(prefix) and not other.all_paths_start_with(prefix):
                note = (
                    f"every path in {label} ({this.path}) starts with {prefix}, the path of the"
                    " other document's server URL: stripped it (--no-auto-strip keeps it)"
                )
                return (prefix, "", [note]) if this is old else ("", prefix, [note])
    return "", "", []


def diff(old: Spec, new: Spec, options: argparse.Namespace) -> dict[str, Any]:
    """The whole comparison as JSON-ready data."""
    old_strip, new_strip, notes = choose_prefixes(old, new, options)
    old_ops, new_ops = old.operations(old_strip), new.operations(new_strip)
    limits = all(any("x-rate-limit" in op for op in ops.values()) for ops in (old_ops, new_ops))
    ids = not options.ignore_operation_ids

    def ref(key: Pair, op: dict[str, Any]) -> dict[str, Any]:
        return {"method": key[1], "path": key[0], "operationId": op.get("operationId")}

    def by_path(keys: Iterable[Pair]) -> list[Pair]:
        return sorted(keys, key=lambda k: (k[0], METHODS.index(k[1].lower())))

    changed_ops = [
        {**ref(key, new_ops[key]), "changes": [asdict(c) for c in changes]}
        for key in by_path(old_ops.keys() & new_ops.keys())
        if (changes := list(operation_changes(old, new, old_ops[key], new_ops[key], ids, limits)))
    ]
    old_schemas, new_schemas = old.schemas(), new.schemas()
    changed_schemas = [
        {"name": name, "changes": [asdict(c) for c in changes]}
        for name in sorted(old_schemas.keys() & new_schemas.keys())
        if (changes := list(schema_changes(old, new, old_schemas[name], new_schemas[name])))
    ]
    return {
        "notes": notes,
        "operations": {
            "added": [ref(k, new_ops[k]) for k in by_path(new_ops.keys() - old_ops.keys())],
            "removed": [ref(k, old_ops[k]) for k in by_path(old_ops.keys() - new_ops.keys())],
            "changed": changed_ops,
        },
        "schemas": {
            "added": sorted(new_schemas.keys() - old_schemas.keys()),
            "removed": sorted(old_schemas.keys() - new_schemas.keys()),
            "changed": changed_schemas,
        },
    }


def show(value: Any) -> str:
    if isinstance(value, dict) and {"requests", "period_seconds"} <= value.keys():
        return f"{value['requests']} per {value['period_seconds']}s"
    if isinstance(value, str):
        return value
    return "(none)" if value is None else json.dumps(value)


def render_change(change: dict[str, Any]) -> str:
    label = f"{change['subject']} {change['name']}".strip()
    kind, old, new = change["kind"], change["old"], change["new"]
    if kind != "changed":
        sign, value = ("+", new) if kind == "added" else ("-", old)
        return f"{sign} {label}" + (f": {value}" if value else "")
    if change["facet"] == "enum":
        parts = [
            f"{word} {', '.join(map(show, vals))}"
            for word, vals in (("adds", new), ("drops", old))
            if vals
        ]
        return f"~ {label}: enum {'; '.join(parts)}"
    facet = f"{change['facet']} " if change["facet"] else ""
    return f"~ {label}: {facet}{show(old)} -> {show(new)}"


def render(report: dict[str, Any]) -> list[str]:
    """Text lines for a report: notes, then one heading per non-empty group."""
    ops, schemas = report["operations"], report["schemas"]

    def label(op: dict[str, Any]) -> str:
        return f"{op['method']} {op['path']} ({op['operationId']})"

    def nested(head: str, changes: list[dict[str, Any]]) -> list[str]:
        return [f"  {head}", *(f"    {render_change(c)}" for c in changes)]

    groups = [
        ("Operations added", [f"  + {label(op)}" for op in ops["added"]]),
        ("Operations removed", [f"  - {label(op)}" for op in ops["removed"]]),
        (
            "Operations changed",
            [line for op in ops["changed"] for line in nested(label(op), op["changes"])],
        ),
        ("Schemas added", [f"  + {name}" for name in schemas["added"]]),
        ("Schemas removed", [f"  - {name}" for name in schemas["removed"]]),
        (
            "Schemas changed",
            [line for s in schemas["changed"] for line in nested(s["name"], s["changes"])],
        ),
    ]
    lines = [f"note: {note}" for note in report["notes"]]
    for title, body in groups:
        lines += [f"{title}:", *body] if body else []
    return lines


def main(argv: list[str] | None = None) -> int:
    """Compare two OpenAPI documents and print what changed.

    Args:
        argv: command-line arguments without the program name; ``sys.argv[1:]`` when None.

    Returns:
        0 when the documents do not differ, 1 when they do, 2 on a usage error or when a
        document cannot be read or is not OpenAPI 3.x (the message goes to stderr).
    """
    parser = argparse.ArgumentParser(
        prog="spec_diff.py", description=(__doc__ or "").split("\n")[0]
    )
    parser.add_argument("old", metavar="OLD", help="the earlier document (YAML or JSON)")
    parser.add_argument("new", metavar="NEW", help="the later document (YAML or JSON)")
    parser.add_argument("--strip-prefix", metavar="PREFIX", help="remove PREFIX from all paths")
    parser.add_argument(
        "--no-auto-strip", action="store_true", help="never strip a prefix on its own"
    )
    parser.add_argument(
        "--ignore-operation-ids", action="store_true", help="skip operationId changes"
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    try:
        options = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on a usage error and 0 after --help
        return int(exc.code or 0)
    try:
        report = diff(Spec(options.old), Spec(options.new), options)
    except SpecError as exc:
        print(f"spec_diff.py: error: {exc}", file=sys.stderr)
        return 2
    differs = any(
        report[group][kind]
        for group in ("operations", "schemas")
        for kind in ("added", "removed", "changed")
    )
    if options.json:
        print(json.dumps({**report, "differences": differs}, indent=2))
    else:
        print("\n".join([*render(report), *([] if differs else ["no differences"])]))
    return 1 if differs else 0


if __name__ == "__main__":
    sys.exit(main())
