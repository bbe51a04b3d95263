"""The cassettes themselves: complete, free of secrets, and true to the spec."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from codegen_client_generated.operations import OPERATIONS

from ..spec_check import check

CASSETTES = sorted((Path(__file__).resolve().parent / "cassettes").rglob("*.yaml"))
PATTERNS = {
    op_id: (op.method, re.compile("^/v1" + re.sub(r"\{[^}]+\}", "[^/]+", op.path) + "$"))
    for op_id, op in OPERATIONS.items()
}


def interactions() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path in CASSETTES:
        for item in yaml.safe_load(path.read_text())["interactions"]:
            found.append((path.stem, item))
    return found


def operation_of(method: str, url: str) -> str:
    path = httpx.URL(url).path
    matches = [
        op_id for op_id, (m, pattern) in PATTERNS.items() if m == method and pattern.match(path)
    ]
    # Literal segments beat parameters: /agent/run/resume is resume, not get_agent_run.
    matches.sort(key=lambda op_id: OPERATIONS[op_id].path.count("{"))
    assert matches, f"{method} {url} is no operation of the spec"
    return matches[0]


def as_httpx(item: dict[str, Any]) -> tuple[httpx.Request, httpx.Response]:
    req, res = item["request"], item["response"]
    headers = {k: v[0] for k, v in req["headers"].items()}
    headers["authorization"] = "Bearer filtered-from-the-cassette"
    body = req["body"] or b""
    request = httpx.Request(
        req["method"],
        req["uri"],
        headers=headers,
        content=body.encode() if isinstance(body, str) else body,
    )
    content = res["body"]["string"]
    response = httpx.Response(
        res["status"]["code"],
        headers={k: v[0] for k, v in res["headers"].items()},
        content=content.encode() if isinstance(content, str) else content,
        request=request,
    )
    return request, response


def test_there_are_cassettes() -> None:
    """The replay suite has its recordings."""
    assert len(CASSETTES) >= 30


def test_every_operation_has_a_recording() -> None:
    """Each operation of the spec appears in at least one cassette."""
    recorded = {
        operation_of(i["request"]["method"], i["request"]["uri"]) for _, i in interactions()
    }
    assert recorded == set(OPERATIONS)


@pytest.mark.parametrize("path", CASSETTES, ids=[p.stem for p in CASSETTES])
def test_cassette_holds_no_secret(path: Path) -> None:
    """No Authorization header, cookie or API key is stored in a cassette."""
    text = path.read_text()
    assert "authorization:" not in text.lower()
    assert "bearer" not in text.lower()
    assert not re.search(r"\bsk-[A-Za-z0-9-]{6,}", text)
    assert "cookie" not in text.lower()


def test_every_recorded_exchange_conforms_to_the_spec() -> None:
    """Every request and response in every cassette validates against openapi/."""
    for name, item in interactions():
        request, response = as_httpx(item)
        try:
            check(request, response)
        except Exception as exc:  # name the cassette in the failure
            raise AssertionError(f"{name}: {request.method} {request.url}: {exc}") from exc
