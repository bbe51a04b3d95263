"""Shared test settings, and the fixtures that run each behaviour test on both clients."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from codegen_client.testing import FakeCodegenAPI
from tests.both import Clients


@pytest.fixture
def anyio_backend() -> str:
    """Run async tests on asyncio only."""
    return "asyncio"


@pytest.fixture(params=["sync", "async"])
def clients(request: pytest.FixtureRequest) -> Iterator[Clients]:
    """Make clients of one flavor: every test that takes this fixture runs on both."""
    made = Clients(request.param)
    try:
        yield made
    finally:
        made.close()


@pytest.fixture
def codegen_client(codegen_fake_api: FakeCodegenAPI, clients: Clients) -> Iterator[Any]:
    """A client wired to ``codegen_fake_api``: a CodegenClient, then an AsyncCodegenClient.

    This overrides the plugin's sync-only fixture of the same name inside this suite.
    """
    client = clients.of(codegen_fake_api)
    yield client
    if not clients.is_async:
        client.close()
