"""The offline API answers exactly as the project's spec says, checked by openapi-core.

Each check runs twice: in-process (``fake.handle``) and over HTTP against the fake served by
uvicorn (``codegen_client.testing.server``), where the answers must be the same.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from codegen_client.testing import FakeCodegenAPI, ManualClock
from codegen_client.testing.examples import ExampleIds, ExampleRequest, example_requests
from codegen_client_generated.operations import OPERATIONS

from ..spec_check import SpecRequest, SpecResponse, check, spec

# The HTTP half talks to a server on 127.0.0.1; nothing else is reachable.
pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])
Exchange = Callable[[FakeCodegenAPI, httpx.Request], httpx.Response]


def in_process(fake: FakeCodegenAPI, request: httpx.Request) -> httpx.Response:
    response = fake.handle(request)
    response.read()
    return response


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[Any, httpx.Client]]:
    """One uvicorn server for the module; each exchange points it at that test's fake."""
    pytest.importorskip("uvicorn", reason="needs the server extra")
    from codegen_client.testing.server import FakeServer

    with (
        FakeServer(FakeCodegenAPI(), port=0) as server,
        httpx.Client(base_url=server.origin, timeout=5.0) as http,
    ):
        yield server, http


@pytest.fixture(params=["in-process", "http"])
def exchange(request: pytest.FixtureRequest) -> Exchange:
    """Send a request to a fake and return its answer, in-process or over loopback HTTP."""
    if request.param == "in-process":
        return in_process
    server, http = request.getfixturevalue("served")

    def over_http(fake: FakeCodegenAPI, sent: httpx.Request) -> httpx.Response:
        server.fake = server.app.fake = fake
        wire = http.send(
            http.build_request(
                sent.method,
                sent.url.raw_path.decode("ascii"),
                headers=[(k, v) for k, v in sent.headers.raw if k.lower() != b"host"],
                content=sent.content,
            )
        )
        # Judged as the answer to the request the test made (its public URL).
        return httpx.Response(
            wire.status_code, headers=wire.headers, content=wire.content, request=sent
        )

    return over_http


def examples() -> tuple[FakeCodegenAPI, list[ExampleRequest]]:
    fake = FakeCodegenAPI(seed=3, clock=ManualClock())
    return fake, example_requests(ExampleIds.from_fake(fake))


def test_examples_cover_every_operation_of_the_spec() -> None:
    """There is one conformance example for each operation of the spec."""
    _, requests = examples()
    assert {r.operation_id for r in requests} == set(OPERATIONS)


def test_every_success_response_validates_against_the_spec(exchange: Exchange) -> None:
    """All operations answer 2xx with bodies that validate (and their requests do too)."""
    fake, requests = examples()
    for example in requests:
        request = example.build(fake.base_url, fake.api_key)
        response = exchange(fake, request)
        assert response.is_success, (example.operation_id, response.text)
        check(request, response)


def test_completed_run_with_logs_validates(exchange: Exchange) -> None:
    """A run that finished (result, summary, logs accumulated) still matches the schemas."""
    fake, requests = examples()
    fake.clock.advance(fake.run_duration + 5)  # type: ignore[attr-defined]
    for example in requests:
        if example.operation_id in {"get_agent_run", "list_agent_runs", "get_agent_run_logs"}:
            request = example.build(fake.base_url, fake.api_key)
            check(request, exchange(fake, request))


ERROR_CASES = [
    ("get_current_user", "GET", "/users/me", {}, None, "bad-token", 401),
    ("get_users", "GET", "/organizations/{foreign}/users", {}, None, None, 403),
    ("get_agent_run", "GET", "/organizations/{org}/agent/run/999999999", {}, None, None, 404),
    ("get_user", "GET", "/organizations/{org}/users/999999999", {}, None, None, 404),
    ("list_agent_runs", "GET", "/organizations/{org}/agent/runs", {"limit": "0"}, None, None, 422),
    ("create_agent_run", "POST", "/organizations/{org}/agent/run", {}, {"repo_id": 1}, None, 422),
    (
        "create_agent_run",
        "POST",
        "/organizations/{empty}/agent/run",
        {},
        {"prompt": "x"},
        None,
        404,
    ),
]


@pytest.mark.parametrize(
    ("operation_id", "method", "path", "params", "body", "token", "status"),
    ERROR_CASES,
    ids=[f"{c[0]}-{c[6]}" for c in ERROR_CASES],
)
def test_documented_error_responses_validate(
    operation_id: str,
    method: str,
    path: str,
    params: dict[str, str],
    body: Any,
    token: str | None,
    status: int,
    exchange: Exchange,
) -> None:
    """401, 403, 404 and 422 answers have the status and body shape the spec documents."""
    fake = FakeCodegenAPI(seed=3, clock=ManualClock())
    url = fake.base_url + path.format(
        org=fake.org_id, foreign=fake.foreign_org_id(), empty=fake.empty_org_id()
    )
    request = httpx.Request(
        method,
        url,
        params=params or None,
        json=body,
        headers={"Authorization": f"Bearer {token or fake.api_key}"},
    )
    response = exchange(fake, request)
    assert response.status_code == status, response.text
    spec().validate_response(SpecRequest(request), SpecResponse(response))


def _post_run(fake: FakeCodegenAPI, body: bytes) -> httpx.Request:
    return httpx.Request(
        "POST",
        f"{fake.base_url}/organizations/{fake.org_id}/agent/run",
        content=body,
        headers={"Authorization": f"Bearer {fake.api_key}", "Content-Type": "application/json"},
    )


def test_json_too_deep_to_parse_answers_fastapis_400(exchange: Exchange) -> None:
    """JSON nested past the parser's recursion limit gets FastAPI's 400, never a crash.

    The spec documents no 400 (FastAPI adds it), so the answer is not validated against it.
    """
    fake = FakeCodegenAPI(seed=3, clock=ManualClock())
    response = exchange(fake, _post_run(fake, b"[" * 100_000 + b"]" * 100_000))
    assert response.status_code == 400, response.text
    assert response.json() == {"detail": "There was an error parsing the body"}
    assert fake.agent_runs == {}


def test_json_nested_201_deep_is_read_as_fastapi_reads_it(exchange: Exchange) -> None:
    """Metadata nested 201 levels parses (json.loads has no lower limit) and starts the run."""
    fake = FakeCodegenAPI(seed=3, clock=ManualClock())
    nested = b"[" * 201 + b"]" * 201
    request = _post_run(fake, b'{"prompt": "x", "metadata": {"deep": ' + nested + b"}}")
    response = exchange(fake, request)
    assert response.status_code == 200, response.text
    spec().validate_response(SpecRequest(request), SpecResponse(response))
    assert len(fake.agent_runs) == 1


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (b'{"prompt": "\\ud800 fix"}', "lone surrogate in hex escape"),
        (b'{"prompt": "x", "metadata": {"\\udfff": 1}}', "lone surrogate in hex escape"),
    ],
    ids=["lone-high-surrogate", "lone-low-in-a-key"],
)
def test_unparseable_json_answers_the_documented_422(
    body: bytes, error: str, exchange: Exchange
) -> None:
    """JSON holding a lone surrogate gets 422 json_invalid, never a crash."""
    fake = FakeCodegenAPI(seed=3, clock=ManualClock())
    request = httpx.Request(
        "POST",
        f"{fake.base_url}/organizations/{fake.org_id}/agent/run",
        content=body,
        headers={"Authorization": f"Bearer {fake.api_key}", "Content-Type": "application/json"},
    )
    response = exchange(fake, request)
    assert response.status_code == 422, response.text
    (detail,) = response.json()["detail"]
    assert (detail["type"], detail["msg"], detail["ctx"]) == (
        "json_invalid",
        "JSON decode error",
        {"error": error},
    )
    spec().validate_response(SpecRequest(request), SpecResponse(response))
    assert fake.agent_runs == {}


def test_rate_limited_answer_validates(exchange: Exchange) -> None:
    """The 61st read in 30 s gets the documented 429 body."""
    fake = FakeCodegenAPI(seed=3, clock=ManualClock())
    url = f"{fake.base_url}/organizations/{fake.org_id}/repos"
    headers = {"Authorization": f"Bearer {fake.api_key}"}
    responses = [exchange(fake, httpx.Request("GET", url, headers=headers)) for _ in range(61)]
    assert [r.status_code for r in responses[:60]] == [200] * 60
    limited = responses[60]
    assert limited.status_code == 429
    assert limited.json() == {
        "message": "Rate limit exceeded. Please try again later.",
        "status_code": 429,
    }
    spec().validate_response(
        SpecRequest(httpx.Request("GET", url, headers=headers)), SpecResponse(limited)
    )


def test_injected_plan_limit_uses_the_documented_body(exchange: Exchange) -> None:
    """A used-up allowance answers 402 with the documented body shape."""
    fake = FakeCodegenAPI(seed=3, clock=ManualClock())
    fake.set_run_allowance(fake.org_id, 0)
    request = httpx.Request(
        "POST",
        f"{fake.base_url}/organizations/{fake.org_id}/agent/run",
        json={"prompt": "x"},
        headers={"Authorization": f"Bearer {fake.api_key}"},
    )
    response = exchange(fake, request)
    assert response.status_code == 402
    check(request, response)


def test_runs_in_every_phase_validate(exchange: Exchange) -> None:
    """Run and log bodies validate whether ACTIVE, COMPLETE, failed or PAUSED."""
    fake = FakeCodegenAPI(clock=ManualClock())
    headers = {"Authorization": f"Bearer {fake.api_key}"}
    runs = [
        fake.add_agent_run(status=s, metadata={"k": 1}) for s in ("COMPLETE", "ERROR", "PAUSED")
    ]
    runs.append(fake.add_agent_run())
    fake.clock.sleep(100)
    org = f"{fake.base_url}/organizations/{fake.org_id}"
    for run in runs:
        for url in (
            f"{org}/agent/run/{run.id}",
            f"{fake.base_url}/alpha/organizations/{fake.org_id}/agent/run/{run.id}/logs",
        ):
            request = httpx.Request("GET", url, headers=headers)
            check(request, exchange(fake, request))


@pytest.mark.parametrize("seed", [0, 11])
def test_other_seeds_validate_too(seed: int, exchange: Exchange) -> None:
    """The 2xx answers validate for other seeded worlds as well."""
    fake = FakeCodegenAPI(seed=seed, clock=ManualClock())
    for example in example_requests(ExampleIds.from_fake(fake)):
        request = example.build(fake.base_url, fake.api_key)
        check(request, exchange(fake, request))


@pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])
def test_loopback_server_serves_every_operation_to_plain_http() -> None:
    """Over real sockets, all operations answer 2xx with bodies that validate."""
    from codegen_client.testing.server import FakeServer

    fake = FakeCodegenAPI(seed=3, clock=ManualClock())
    requests = example_requests(ExampleIds.from_fake(fake))
    with FakeServer(fake, port=0) as server, httpx.Client(timeout=5.0) as http:
        for example in requests:
            request = example.build(server.base_url, fake.api_key)
            response = http.send(request)
            assert response.is_success, (example.operation_id, response.text)
            public = example.build(fake.base_url, fake.api_key)
            check(
                public,
                httpx.Response(
                    response.status_code,
                    headers=response.headers,
                    content=response.content,
                    request=public,
                ),
            )
    assert {r.operation_id for r in fake.requests} == set(OPERATIONS)
