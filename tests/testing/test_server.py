"""The loopback server: real HTTP round trips to the fake, bounded and self-stopping."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from codegen_client.testing import FakeCodegenAPI, Fault, ManualClock, ScaledClock
from codegen_client.testing.__main__ import main
from codegen_client.testing.server import FakeServer, run_fake_server

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])
ROOT = Path(__file__).resolve().parents[2]


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


def banner_of(monkeypatch: pytest.MonkeyPatch, **options: Any) -> tuple[str, int]:
    """What run_fake_server prints (serving is skipped), and the port it bound."""
    bound: list[int] = []

    def interrupted(self: FakeServer) -> None:
        bound.append(self.port)
        raise KeyboardInterrupt

    monkeypatch.setattr(FakeServer, "serve_forever", interrupted)
    out = io.StringIO()
    run_fake_server(port=0, speed=50.0, out=out, **options)
    return out.getvalue(), bound[0]


def test_banner_prints_recipes_for_codegens_own_clients(monkeypatch: pytest.MonkeyPatch) -> None:
    """codegen-api-client gets the origin and a Bearer header; the codegen SDK its variables."""
    text, port = banner_of(monkeypatch, api_key="sk-test")
    origin = f"http://127.0.0.1:{port}"
    assert f"  CODEGEN_BASE_URL={origin}/v1\n" in text
    assert f'Configuration(host="{origin}")' in text
    assert 'set_default_header("Authorization", "Bearer sk-test")' in text
    assert f"CODEGEN_API_BASE_URL={origin} CODEGEN_ORG_ID=123" in text
    assert f"CODEGEN_API_BASE_URL={origin}/v1" not in text


def test_banner_lists_ids_to_try(monkeypatch: pytest.MonkeyPatch) -> None:
    """The banner names documented ids that the served fake really holds."""
    text, _ = banner_of(monkeypatch)
    for shown in ("user 456", "repository 7", "agent run 98765", "pull request 5551234"):
        assert shown in text
    assert "sandbox 20001" in text
    assert "codegen-client get-agent-run 123 98765" in text


def test_banner_with_any_positive_org_id(monkeypatch: pytest.MonkeyPatch) -> None:
    """--org-id past 999 names the main organization in every recipe."""
    text, _ = banner_of(monkeypatch, org_id=424_242)
    assert "  CODEGEN_ORG_ID=424242\n" in text
    assert "Agent(token=" in text and "org_id=424242)" in text


def test_wildcard_host_prints_a_url_a_client_can_use(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bound to 0.0.0.0, the banner shows 127.0.0.1 (and says where it listens)."""
    text, port = banner_of(monkeypatch, host="0.0.0.0")
    assert text.splitlines()[0] == (
        f"Offline Codegen API at http://127.0.0.1:{port}/v1 (listening on 0.0.0.0:{port})"
    )
    assert "0.0.0.0" not in text.split("\n", 1)[1]


def test_wildcard_host_base_url_answers() -> None:
    """A server bound to 0.0.0.0 answers at its printed base URL."""
    fake = FakeCodegenAPI(clock=ManualClock())
    with FakeServer(fake, host="0.0.0.0", port=0) as running:
        assert running.base_url.startswith("http://127.0.0.1:")
        headers = {"Authorization": f"Bearer {fake.api_key}"}
        assert httpx.get(running.base_url + "/users/me", headers=headers).status_code == 200


def test_server_without_uvicorn_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without uvicorn, FakeServer and fake-server say to install codegen-client[server]."""
    from typer.testing import CliRunner

    from codegen_client.cli._app import app

    monkeypatch.setitem(sys.modules, "uvicorn", None)
    with pytest.raises(ModuleNotFoundError, match=r"codegen-client\[server\]"):
        FakeServer(FakeCodegenAPI(), port=0)
    result = CliRunner().invoke(app, ["fake-server", "--port", "0"])
    assert result.exit_code == 2
    assert "pip install 'codegen-client[server]'" in result.stderr


IN_PROCESS_USES = """
import importlib.abc, runpy, sys

class NoUvicorn(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "uvicorn":
            raise ImportError("in-process use imported uvicorn")

sys.meta_path.insert(0, NoUvicorn())
from typer.testing import CliRunner
import codegen_client.testing.pytest_plugin
from codegen_client.cli._app import app
from codegen_client.testing import FakeCodegenAPI, ManualClock

fake = FakeCodegenAPI(clock=ManualClock())
assert fake.client().users.get_current_user().id == fake.current_user.id
assert CliRunner().invoke(app, ["--offline", "me"]).exit_code == 0
demo = runpy.run_path("scripts/demo.py")  # its offline client, without the slow example
assert demo["offline_client"]().organizations.get_organizations().total > 0
assert "uvicorn" not in sys.modules
print("no uvicorn")
"""


def test_in_process_use_never_imports_uvicorn() -> None:
    """fake.client(), --offline, the pytest plugin and the demo's client work without uvicorn."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CODEGEN_")}
    done = subprocess.run(
        [sys.executable, "-c", IN_PROCESS_USES],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("no uvicorn\n")


def test_ctrl_c_while_the_loop_starts_ends_quietly(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Ctrl-C before uvicorn takes SIGINT over (asyncio cancels the task) still exits quietly."""
    import asyncio

    from codegen_client.testing import server as server_module

    fake = FakeCodegenAPI(clock=ManualClock())
    served = server_module.FakeServer(fake, port=0)

    def cancelled() -> None:
        raise asyncio.CancelledError

    monkeypatch.setattr(served, "serve_forever", cancelled)
    out = io.StringIO()
    server_module._serve_until_interrupted(served, "banner", out)  # no exception
    assert out.getvalue() == "banner\n"
    assert served._socket.fileno() == -1  # the listening socket was closed


def _connections(server: FakeServer, key: str, count: int) -> list[httpx.Client]:
    """``count`` clients, each on a socket of its own, all sending ``key``."""
    return [
        httpx.Client(
            base_url=server.base_url,
            headers={"Authorization": f"Bearer {key}"},
            timeout=5.0,
            limits=httpx.Limits(max_connections=1),
        )
        for _ in range(count)
    ]


def test_budgets_count_per_key_across_connections(server: FakeServer) -> None:
    """60 reads per 30 s per key, whichever connection (or process) sends them; other keys apart."""
    fake = server.fake
    run = fake.add_agent_run(status="ACTIVE")
    path = f"/organizations/{fake.org_id}/agent/run/{run.id}"
    same_key = _connections(server, fake.api_key, 3)
    other_key = _connections(server, fake.add_token(fake.current_user.id), 1)
    try:
        statuses = [same_key[i % 3].get(path).status_code for i in range(61)]
        assert statuses[:60] == [200] * 60 and statuses[60] == 429
        assert other_key[0].get(path).status_code == 200
        fake.clock.advance(30.0)  # type: ignore[attr-defined]
        assert same_key[2].get(path).status_code == 200
    finally:
        for http in same_key + other_key:
            http.close()
