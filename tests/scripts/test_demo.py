"""`make demo` runs the README's example end to end on the offline API, with no key."""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[2] / "scripts" / "demo.py"


def test_demo_runs_offline_and_prints_the_readme_steps(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without CODEGEN_API_KEY the demo uses the offline API and prints every step."""
    monkeypatch.delenv("CODEGEN_API_KEY", raising=False)
    namespace = runpy.run_path(str(DEMO))
    assert namespace["main"]() == 0
    out = capsys.readouterr().out
    assert "running against the offline Codegen API" in out
    assert "Found 3 organizations" in out
    assert "status: ACTIVE" in out
    assert "finished: COMPLETE" in out
    assert "As expected, no such user" in out
    assert "MultiRunAgent: 3 candidates, 4 agent runs in all" in out


def test_demo_names_the_api_it_talks_to() -> None:
    """With a key, the first line names the real API only for its URL; any other is named."""
    target = runpy.run_path(str(DEMO))["target"]
    assert target("https://api.codegen.com/v1") == (
        "the real Codegen API (https://api.codegen.com/v1)"
    )
    local = target("http://127.0.0.1:8080/v1")
    assert "http://127.0.0.1:8080/v1" in local and "not the real Codegen API" in local


@pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])
def test_demo_against_a_served_offline_api_does_not_claim_the_real_one() -> None:
    """`CODEGEN_API_KEY=... CODEGEN_BASE_URL=<fake-server> make demo` says where it runs."""
    pytest.importorskip("uvicorn", reason="needs the server extra")
    from codegen_client.testing import FakeCodegenAPI
    from codegen_client.testing.server import FakeServer

    fake = FakeCodegenAPI()
    with FakeServer(fake, port=0) as server:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("CODEGEN_")},
            "CODEGEN_API_KEY": fake.api_key,
            "CODEGEN_BASE_URL": server.base_url,
        }
        demo = subprocess.Popen(
            [sys.executable, str(DEMO)], stdout=subprocess.PIPE, text=True, env=env
        )
        try:
            assert demo.stdout is not None
            first = demo.stdout.readline()
        finally:  # the first line is all this test needs; the rest would wait on real time
            demo.kill()
            demo.wait()
    assert first.startswith(f"CODEGEN_API_KEY is set: running against the API at {server.base_url}")
    assert "not the real Codegen API" in first


def test_the_demo_org_is_the_documented_one_with_repository_123() -> None:
    """`make demo`'s offline organization is 123, with user 456 and repository 123 (as the seed's
    example needs), the same world --offline and fake-server serve."""
    with runpy.run_path(str(DEMO))["offline_client"]() as client:
        org_id = client.organizations.get_organizations().items[0].id
        repos = {r.id for r in client.repositories.iter_repositories(org_id=org_id)}
        run = client.agents.create_agent_run(org_id=org_id, prompt="...", repo_id=123)
        assert client.users.get_user(org_id=123, user_id=456).id == 456
    assert org_id == 123 and {7, 123} <= repos
    assert run.id > 0
