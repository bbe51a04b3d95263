"""Tests for scripts/spec_diff.py, run through its ``main(argv)`` and once as a subprocess."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "spec_diff.py"
FIXTURES = Path(__file__).parent / "fixtures"
OLD, NEW = str(FIXTURES / "old.yaml"), str(FIXTURES / "new.yaml")


def load_script() -> ModuleType:
    # scripts/ is not a package, so the module is loaded from its file
    spec = importlib.util.spec_from_file_location("spec_diff", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while the class is built
    spec.loader.exec_module(module)
    return module


spec_diff = load_script()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = spec_diff.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def upstream_copy(tmp_path: Path) -> Path:
    """old.yaml dressed as a raw upstream download: /v1 paths, bare server, JSON, no limits."""
    document: dict[str, Any] = yaml.safe_load(Path(OLD).read_text())
    document["servers"] = [{"url": "https://api.codegen.com"}]
    document["paths"] = {f"/v1{path}": item for path, item in document["paths"].items()}
    for item in document["paths"].values():
        for method in ("get", "post"):
            if method in item:
                item[method].pop("x-rate-limit", None)
                item[method].setdefault("parameters", []).append(
                    {"name": "authorization", "in": "header", "schema": {}}
                )
    target = tmp_path / "upstream.json"
    target.write_text(json.dumps(document))
    return target


def test_document_against_itself_has_no_differences(capsys: pytest.CaptureFixture[str]) -> None:
    """Comparing a document with itself exits 0 and prints "no differences"."""
    status, out, _ = run(capsys, NEW, NEW)
    assert status == 0
    assert out.strip() == "no differences"


EXPECTED_LINES = [
    "Operations added:",
    "  + GET /organizations/{org_id}/models (get_models)",
    "Operations removed:",
    "  - POST /organizations/{org_id}/agent/run/resume (resume_agent_run)",
    "  POST /organizations/{org_id}/agent/run (create_agent_run)",
    "    + response 402: RateLimitError",
    "    ~ x-rate-limit: 10 per 60s -> 20 per 60s",
    "  GET /organizations/{org_id}/agent/runs (list_agent_runs)",
    "    ~ parameter limit (query): maximum 100 -> 200",
    "    + parameter source_type (query): string, optional",
    "    ~ parameter user_id (query): required false -> true",
    "  + ModelsResponse",
    "  - Obsolete",
    "    - field legacy_flag: boolean, optional",
    "    ~ field status: required true -> false",
    "    ~ field summary: type string -> string | null",
    "    ~ schema: enum adds PAUSED",
    "    ~ field agent_type: enum adds other",
    "    + field model: string | null, optional",
]


@pytest.mark.parametrize("line", EXPECTED_LINES)
def test_known_differences_are_listed(capsys: pytest.CaptureFixture[str], line: str) -> None:
    """Each change made in new.yaml shows up as its own line, and the exit status is 1."""
    status, out, _ = run(capsys, OLD, NEW)
    assert status == 1
    assert line in out.splitlines()


def test_report_has_nothing_beyond_the_known_changes(capsys: pytest.CaptureFixture[str]) -> None:
    """Unchanged parts (shared $ref responses, path parameters, untouched schemas) stay quiet."""
    _, out, _ = run(capsys, OLD, NEW)
    headings = {"Operations changed:", "Schemas changed:", "  AgentRun", "  AgentRunStatus"}
    extra = set(out.splitlines()) - set(EXPECTED_LINES) - headings - {"  CreateAgentRunInput"}
    assert extra == {"Schemas added:", "Schemas removed:"}


def test_groups_are_printed_in_a_fixed_order(capsys: pytest.CaptureFixture[str]) -> None:
    """Headings come as operations added, removed, changed, then schemas added, removed, changed."""
    _, out, _ = run(capsys, OLD, NEW)
    headings = [line for line in out.splitlines() if line.endswith(":") and line[0] != " "]
    assert headings == [
        "Operations added:",
        "Operations removed:",
        "Operations changed:",
        "Schemas added:",
        "Schemas removed:",
        "Schemas changed:",
    ]


def test_json_output_carries_the_same_changes(capsys: pytest.CaptureFixture[str]) -> None:
    """--json prints one object whose entries name method, path, subject, facet, old and new."""
    status, out, _ = run(capsys, OLD, NEW, "--json")
    report = json.loads(out)
    assert status == 1
    assert report["differences"] is True
    assert report["operations"]["added"] == [
        {"method": "GET", "path": "/organizations/{org_id}/models", "operationId": "get_models"}
    ]
    listing = {op["operationId"]: op["changes"] for op in report["operations"]["changed"]}
    assert {
        "subject": "parameter",
        "name": "limit (query)",
        "kind": "changed",
        "facet": "maximum",
        "old": 100,
        "new": 200,
    } in listing["list_agent_runs"]
    enum_change = report["schemas"]["changed"][1]
    assert enum_change["name"] == "AgentRunStatus"
    assert enum_change["changes"][0]["new"] == ["PAUSED"]


def test_json_output_for_equal_documents(capsys: pytest.CaptureFixture[str]) -> None:
    """--json on equal documents exits 0 with differences false and empty groups."""
    status, out, _ = run(capsys, OLD, OLD, "--json")
    report = json.loads(out)
    assert status == 0
    assert report["differences"] is False
    assert report["operations"] == {"added": [], "removed": [], "changed": []}


def test_server_path_prefix_is_detected_and_stripped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """/v1 paths against a /v1 server URL line up; the note says so; auth headers are skipped."""
    status, out, _ = run(capsys, OLD, str(upstream_copy(tmp_path)))
    lines = out.splitlines()
    assert status == 0
    assert lines[0].startswith("note: every path in NEW")
    assert "starts with /v1" in lines[0]
    assert lines[1] == "no differences"


def test_prefix_detection_works_in_either_direction(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The upstream copy may be OLD as well as NEW."""
    status, out, _ = run(capsys, str(upstream_copy(tmp_path)), OLD)
    assert status == 0
    assert out.startswith("note: every path in OLD")


def test_no_auto_strip_keeps_the_prefix(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """With --no-auto-strip every /v1 operation counts as added and every other one as removed."""
    status, out, _ = run(capsys, OLD, str(upstream_copy(tmp_path)), "--no-auto-strip")
    assert status == 1
    assert "  + GET /v1/organizations/{org_id}/agent/runs (list_agent_runs)" in out
    assert "  - GET /organizations/{org_id}/agent/runs (list_agent_runs)" in out
    assert "note:" not in out


def test_strip_prefix_option(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--strip-prefix /v1 removes the prefix explicitly, whatever the server URLs say."""
    upstream = upstream_copy(tmp_path)
    status, out, _ = run(capsys, OLD, str(upstream), "--strip-prefix", "v1/", "--no-auto-strip")
    assert status == 0
    assert out.splitlines() == [
        "note: stripped /v1 from the paths (--strip-prefix)",
        "no differences",
    ]


def test_operation_id_changes_can_be_ignored(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A renamed operationId is reported, and --ignore-operation-ids silences it."""
    document = yaml.safe_load(Path(OLD).read_text())
    document["paths"]["/organizations/{org_id}/agent/runs"]["get"]["operationId"] = "long_name"
    renamed = tmp_path / "renamed.yaml"
    renamed.write_text(yaml.safe_dump(document))
    status, out, _ = run(capsys, OLD, str(renamed))
    assert status == 1
    assert "    ~ operationId: list_agent_runs -> long_name" in out.splitlines()
    assert run(capsys, OLD, str(renamed), "--ignore-operation-ids")[0] == 0


def test_rate_limits_are_compared_only_when_both_documents_declare_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A document without any x-rate-limit does not make every operation report a change."""
    document = yaml.safe_load(Path(NEW).read_text())
    for item in document["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict):
                operation.pop("x-rate-limit", None)
    bare = tmp_path / "bare.yaml"
    bare.write_text(yaml.safe_dump(document))
    _, out, _ = run(capsys, OLD, str(bare))
    assert "x-rate-limit" not in out


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({"anyOf": [{"type": "string"}, {"type": "null"}]}, "string | null"),
        ({"anyOf": [{"type": "null"}, {"$ref": "#/components/schemas/Run"}]}, "Run | null"),
        ({"type": ["integer", "null"]}, "integer | null"),
        ({"type": "string", "nullable": True}, "string | null"),
        ({"type": "array", "items": {"$ref": "#/components/schemas/Run"}}, "array[Run]"),
        ({"allOf": [{"$ref": "#/components/schemas/Run"}], "description": "x"}, "Run"),
        ({"type": "array", "items": {"type": ["string", "null"]}}, "array[string | null]"),
        (
            {"oneOf": [{"type": "null"}, {"type": "string"}, {"type": "integer"}]},
            "integer | string | null",
        ),
        ({"title": "Authorization"}, "any"),
    ],
)
def test_types_are_normalised(schema: dict[str, Any], expected: str) -> None:
    """Nullable spellings of OpenAPI 3.0 and 3.1 all read as "X | null"."""
    assert spec_diff.describe(schema) == expected


def test_missing_file_exits_2_naming_it(capsys: pytest.CaptureFixture[str]) -> None:
    """An unreadable file exits 2 with a message on stderr that names the file."""
    status, out, err = run(capsys, OLD, "does/not/exist.yaml")
    assert status == 2
    assert out == ""
    assert "does/not/exist.yaml" in err
    assert "cannot read" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("openapi: [unclosed\n", "cannot read"),
        ("swagger: '2.0'\npaths: {}\n", "not an OpenAPI 3.x document"),
        ("- just\n- a list\n", "not an OpenAPI 3.x document"),
        ("openapi: 3.1.0\npaths: [a]\n", "'paths' is not a mapping"),
    ],
)
def test_invalid_document_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, message: str
) -> None:
    """Broken YAML, Swagger 2 and malformed documents exit 2 with a message naming the file."""
    broken = tmp_path / "broken.yaml"
    broken.write_text(content)
    status, _, err = run(capsys, str(broken), NEW)
    assert status == 2
    assert str(broken) in err
    assert message in err


def test_unresolvable_ref_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A $ref to a missing component exits 2 and names the document and the reference."""
    document = yaml.safe_load(Path(OLD).read_text())
    del document["components"]["parameters"]["Limit"]
    dangling = tmp_path / "dangling.yaml"
    dangling.write_text(yaml.safe_dump(document))
    status, _, err = run(capsys, OLD, str(dangling))
    assert status == 2
    assert str(dangling) in err
    assert "#/components/parameters/Limit" in err


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """A missing argument is a usage error: exit 2 and argparse's usage on stderr."""
    status, _, err = run(capsys, OLD)
    assert status == 2
    assert "usage:" in err


def test_runs_as_a_script() -> None:
    """`python scripts/spec_diff.py OLD NEW` exits with the status main() returns."""
    result = subprocess.run(
        [sys.executable, str(SCRIPT), OLD, NEW], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert result.stdout.startswith("Operations added:")
