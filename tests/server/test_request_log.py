"""`fake-server -v`: one line per request with method, path, status and fault, never the key."""

from __future__ import annotations

import io
from collections.abc import Iterator

import httpx
import pytest

from codegen_client.testing import FakeCodegenAPI, Fault
from codegen_client.testing.server import FakeServer

from .conftest import LOOPBACK, SERVER_EXTRA, request_bytes, send_raw

pytestmark = LOOPBACK


@pytest.fixture
def logged(fake: FakeCodegenAPI) -> Iterator[tuple[FakeServer, io.StringIO]]:
    """A verbose server writing its request lines to a buffer."""
    pytest.importorskip("uvicorn", reason=SERVER_EXTRA)
    lines = io.StringIO()
    with FakeServer(fake, port=0, verbose=True, log=lines) as running:
        yield running, lines


def test_one_line_per_request_with_status_and_fault(
    fake: FakeCodegenAPI, logged: tuple[FakeServer, io.StringIO]
) -> None:
    """Each request logs `METHOD PATH STATUS [fault=KIND]`, and the key appears nowhere."""
    server, lines = logged
    headers = {"Authorization": f"Bearer {fake.api_key}"}
    with httpx.Client(base_url=server.base_url, headers=headers, timeout=5.0) as http:
        assert http.get("/users/me").status_code == 200
        fake.inject(Fault("status", "get_organizations", status=503))
        assert http.get("/organizations", params={"limit": 1}).status_code == 503
        assert http.get("/nowhere").status_code == 404
        fake.inject(Fault("drop_connection", "get_current_user"))
        with pytest.raises(httpx.RemoteProtocolError):
            http.get("/users/me")
    send_raw(server, request_bytes("GET", "http://elsewhere/v1/users/me", headers))
    assert lines.getvalue().splitlines() == [
        "GET /v1/users/me 200",
        "GET /v1/organizations 503 fault=status",
        "GET /v1/nowhere 404",
        "GET /v1/users/me no answer fault=drop_connection",
        "GET http://elsewhere/v1/users/me 400",
    ]
    assert fake.api_key not in lines.getvalue()


def test_quiet_without_verbose(fake: FakeCodegenAPI) -> None:
    """Without verbose, nothing is logged for a request."""
    pytest.importorskip("uvicorn", reason=SERVER_EXTRA)
    lines = io.StringIO()
    with FakeServer(fake, port=0, log=lines) as server:
        headers = {"Authorization": f"Bearer {fake.api_key}"}
        assert httpx.get(server.base_url + "/users/me", headers=headers).status_code == 200
    assert lines.getvalue() == ""
