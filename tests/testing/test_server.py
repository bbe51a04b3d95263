"""The loopback server: real HTTP round trips to the fake, bounded and self-stopping."""

from __future__ import annotations

import io
from collections.abc import Iterator

import httpx
import pytest

from codegen_client.testing import FakeCodegenAPI, Fault, ManualClock, ScaledClock
from codegen_client.testing.__main__ import main
from codegen_client.testing.server import FakeServer, run_fake_server

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])


@pytest.fixture
def server() -> Iterator[FakeServer]:
    """A fake served on an ephemeral loopback port, stopped after the test."""
    with FakeServer(FakeCodegenAPI(seed=3, clock=ManualClock()), port=0) as running:
        yield running


@pytest.fixture
def http(server: FakeServer) -> Iterator[httpx.Client]:
    """httpx over real sockets to the server, with a short timeout."""
    headers = {"Authorization": f"Bearer {server.fake.api_key}"}
    with httpx.Client(base_url=server.base_url, headers=headers, timeout=5.0) as client:
        yield client


def test_round_trip(server: FakeServer, http: httpx.Client) -> None:
    """A run created over HTTP is readable over HTTP and stored in the fake."""
    assert server.base_url.startswith("http://127.0.0.1:")
    assert server.base_url.endswith("/v1")
    org = server.fake.org_id
    created = http.post(f"/organizations/{org}/agent/run", json={"prompt": "over the wire"})
    assert created.status_code == 200
    assert created.headers["content-type"] == "application/json"
    run_id = created.json()["id"]
    assert http.get(f"/organizations/{org}/agent/run/{run_id}").json()["id"] == run_id
    assert server.fake.agent_runs[run_id].prompt == "over the wire"


def test_errors_pass_through(http: httpx.Client) -> None:
    """401 and 422 bodies arrive unchanged."""
    assert http.get("/users/me", headers={"Authorization": "Bearer x"}).status_code == 401
    response = http.get("/organizations", params={"limit": 0})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "limit"]


def test_connection_faults_close_the_socket(server: FakeServer, http: httpx.Client) -> None:
    """drop_connection and lost_response end the connection without an answer."""
    org = server.fake.org_id
    server.fake.inject(Fault("drop_connection"))
    with pytest.raises(httpx.RemoteProtocolError):
        http.get("/users/me")
    server.fake.inject(Fault("lost_response", "create_agent_run"))
    with pytest.raises(httpx.RemoteProtocolError):
        http.post(f"/organizations/{org}/agent/run", json={"prompt": "lost"})
    assert len(server.fake.agent_runs) == 1
    assert http.get("/users/me").status_code == 200


def test_run_fake_server_prints_url_and_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """run_fake_server prints the base URL and key, then serves until interrupted."""

    def interrupted(self: FakeServer) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(FakeServer, "serve_forever", interrupted)
    out = io.StringIO()
    run_fake_server(port=0, api_key="sk-test", seed=2, speed=50.0, out=out)
    text = out.getvalue()
    assert "http://127.0.0.1:" in text
    assert "CODEGEN_API_KEY=sk-test" in text


def test_module_entry_point_parses_options(monkeypatch: pytest.MonkeyPatch) -> None:
    """python -m codegen_client.testing passes its options to run_fake_server."""
    seen: dict[str, object] = {}
    monkeypatch.setattr(
        "codegen_client.testing.server.run_fake_server", lambda **kw: seen.update(kw)
    )
    with pytest.raises(SystemExit) as ended:
        main(["--port", "9001", "--seed", "4", "--no-rate-limits", "--run-duration", "30"])
    assert ended.value.code == 0
    assert (seen["port"], seen["seed"], seen["rate_limits"], seen["run_duration"]) == (
        9001,
        4,
        False,
        30.0,
    )
    assert seen["host"] == "127.0.0.1"


@pytest.mark.parametrize(
    "argv", [["--org-id", "0"], ["--port", "70000"], ["--speed", "0"], ["--run-duration", "-1"]]
)
def test_module_entry_point_refuses_bad_options(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """python -m codegen_client.testing exits 2 on an out-of-range option, before serving."""
    seen: list[dict[str, object]] = []
    monkeypatch.setattr(
        "codegen_client.testing.server.run_fake_server", lambda **kw: seen.append(kw)
    )
    with pytest.raises(SystemExit) as ended:
        main(argv)
    assert ended.value.code == 2
    assert seen == []
    assert argv[0] in capsys.readouterr().err


def test_slow_answer_times_out_over_http() -> None:
    """A slow fault on a scaled clock makes a short real client timeout fire."""
    fake = FakeCodegenAPI(clock=ScaledClock(speed=100.0))
    with FakeServer(fake, port=0) as running:
        fake.inject(Fault("slow", delay=30.0))  # 0.3 s of real time at speed 100
        headers = {"Authorization": f"Bearer {fake.api_key}"}
        client = httpx.Client(base_url=running.base_url, headers=headers, timeout=0.05)
        with client, pytest.raises(httpx.ReadTimeout):
            client.get("/users/me")
