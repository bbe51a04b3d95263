"""The README's Python examples run as written, against the offline API."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest

import codegen_client
from codegen_client.testing import FakeCodegenAPI, ScaledClock

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.DOTALL)


def test_readme_has_examples() -> None:
    """The README shows Python examples."""
    assert len(BLOCKS) >= 4


def test_readme_examples_run_in_order(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each block runs in one shared namespace, the client classes wired to the offline API."""
    fake = FakeCodegenAPI(seed=7, clock=ScaledClock(speed=5000.0))

    real_client, real_async_client = codegen_client.CodegenClient, codegen_client.AsyncCodegenClient

    def client(*args: Any, **kwargs: Any) -> Any:
        if "http_client" in kwargs:  # an example wiring its own offline API
            return real_client(*args, **kwargs)
        return real_client(
            api_key=fake.api_key,
            base_url=fake.base_url,
            http_client=httpx.Client(transport=fake.transport()),
            clock=fake.clock,
        )

    def async_client(*args: Any, **kwargs: Any) -> Any:
        if "http_client" in kwargs:
            return real_async_client(*args, **kwargs)
        return real_async_client(
            api_key=fake.api_key,
            base_url=fake.base_url,
            http_client=httpx.AsyncClient(transport=fake.async_transport()),
            clock=fake.clock,
        )

    monkeypatch.setattr(codegen_client, "CodegenClient", client)
    monkeypatch.setattr(codegen_client, "AsyncCodegenClient", async_client)
    namespace: dict[str, Any] = {"__name__": "readme"}
    for index, block in enumerate(BLOCKS):
        try:
            exec(compile(block, f"README block {index + 1}", "exec"), namespace)
        except Exception as exc:
            raise AssertionError(f"README block {index + 1} failed: {exc!r}\n{block}") from exc
    out = capsys.readouterr().out
    assert "Found 3 organizations" in out
    assert "No such user: User not found. (HTTP 404)" in out
