"""The Python examples of the README and of every docs page run as written, offline."""

from __future__ import annotations

import inspect
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import codegen_client
from codegen_client.testing import FakeCodegenAPI, ManualClock, ScaledClock
from codegen_client.testing.server import FakeServer

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").rglob("*.md"))


def _blocks(path: Path) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", path.read_text(), flags=re.DOTALL | re.M)


@pytest.fixture
def offline_clients(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeCodegenAPI]:
    """`CodegenClient()` and `AsyncCodegenClient()` answer from one offline API."""
    fake = FakeCodegenAPI(seed=7, clock=ScaledClock(speed=5000.0))
    served: list[FakeServer] = []
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
        if "http_client" in kwargs and "base_url" not in kwargs:
            # An example of the real service on its own HTTP client (DefaultAioHttpClient):
            # that client sends over real sockets, so the same offline API is served on loopback.
            if not served:
                served.append(FakeServer(fake, port=0).start())
            kwargs.update(api_key=fake.api_key, base_url=served[0].base_url, clock=fake.clock)
            return real_async_client(*args, **kwargs)
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
    logger = logging.getLogger("codegen_client")
    level = logger.level
    yield fake
    logger.setLevel(level)  # an example may turn the library's logging up
    for server in served:
        server.stop()


def _run_test_functions(namespace: dict[str, Any], seen: set[str]) -> None:
    """Call each `test_*` function a block defined, with the pytest plugin's fixtures."""
    for name, value in list(namespace.items()):
        if not name.startswith("test_") or not callable(value) or name in seen:
            continue
        seen.add(name)
        marks = [m for m in getattr(value, "pytestmark", []) if m.name == "codegen_fake"]
        options: dict[str, Any] = {"clock": ManualClock()}
        for mark in marks:  # as the plugin's codegen_fake_api fixture reads the marker
            options.update(mark.kwargs)
        fake = FakeCodegenAPI(**options)
        fixtures = {"codegen_fake_api": fake, "codegen_client": fake.client()}
        value(**{p: fixtures[p] for p in inspect.signature(value).parameters})


def _run_blocks(label: str, blocks: list[str]) -> None:
    namespace: dict[str, Any] = {"__name__": "docs_example"}
    tests: set[str] = set()
    for index, block in enumerate(blocks):
        try:
            exec(compile(block, f"{label} block {index + 1}", "exec"), namespace)
            _run_test_functions(namespace, tests)
        except Exception as exc:
            raise AssertionError(f"{label} block {index + 1} failed: {exc!r}\n{block}") from exc


def test_readme_has_examples() -> None:
    """The README shows the usage and async examples."""
    assert len(_blocks(README)) >= 2


def test_readme_examples_run_in_order(
    offline_clients: FakeCodegenAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README's blocks run in one shared namespace, the client classes wired offline."""
    _run_blocks("README", _blocks(README))
    out = capsys.readouterr().out
    assert "Found 3 organizations" in out
    assert "No such user: User not found. (HTTP 404)" in out


def test_docs_have_examples() -> None:
    """The guides carry runnable Python examples."""
    assert sum(len(_blocks(page)) for page in DOCS) >= 15


@pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])  # the served-fake example
@pytest.mark.parametrize(
    "page", [p for p in DOCS if _blocks(p)], ids=lambda p: str(p.relative_to(ROOT / "docs"))
)
def test_docs_examples_run_in_order(
    page: Path, offline_clients: FakeCodegenAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each docs page's blocks run in order in a namespace of their own, against the offline API."""
    _run_blocks(str(page.relative_to(ROOT)), _blocks(page))
    assert capsys.readouterr().out.strip()  # every page with examples prints what it shows


def test_readme_links_point_at_files_that_exist() -> None:
    """Every relative link of the README (into docs/, the changelog, the license) resolves."""
    links = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", README.read_text())
    local = [link for link in links if "://" not in link]
    assert any(link.startswith("docs/") for link in local)
    missing = [link for link in local if not (ROOT / link).exists()]
    assert not missing, missing


def test_readme_stays_a_front_page() -> None:
    """The README is at most about 250 lines; the rest lives in docs/."""
    assert len(README.read_text().splitlines()) <= 250
