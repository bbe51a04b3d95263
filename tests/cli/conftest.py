"""Fixtures for the command-line tests: a runner and an offline API injected into the CLI."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from codegen_client.cli._app import app
from codegen_client.testing import FakeCodegenAPI, ManualClock

Invoke = Callable[..., Result]


@pytest.fixture(autouse=True)
def _no_codegen_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every CLI test without the developer's CODEGEN_* settings."""
    for name in (
        "CODEGEN_API_KEY",
        "CODEGEN_BASE_URL",
        "CODEGEN_TIMEOUT",
        "CODEGEN_MAX_RETRIES",
        "CODEGEN_USER_AGENT",
        "CODEGEN_WEBHOOK_SECRET",
        "CODEGEN_LOG",
        "CODEGEN_ALLOW_INSECURE_HTTP",
        "CODEGEN_MAX_RETRY_WAIT",
        "FORCE_COLOR",
        "TTY_COMPATIBLE",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def fake() -> FakeCodegenAPI:
    """An offline API on a ManualClock: waits advance it at once, so nothing takes real time."""
    return FakeCodegenAPI(clock=ManualClock(), run_duration=120.0)


@pytest.fixture
def org_id(fake: FakeCodegenAPI) -> int:
    """The current user's main organization (it has repositories)."""
    return fake.org_id


@pytest.fixture
def cli(fake: FakeCodegenAPI) -> Invoke:
    """Run ``codegen-client --offline ARGS`` against ``fake``; returns the click Result."""
    runner = CliRunner()

    def invoke(
        *args: object,
        env: Mapping[str, str] | None = None,
        offline: bool = True,
        input: str | bytes | None = None,
    ) -> Result:
        argv = (["--offline"] if offline else []) + [str(a) for a in args]
        return runner.invoke(app, argv, obj=fake if offline else None, env=env, input=input)

    return invoke


def json_of(result: Result) -> Any:
    """Parse the whole of stdout as one JSON document (fails if anything else is there)."""
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)
