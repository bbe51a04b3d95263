"""Pytest fixtures for the offline Codegen API (loaded through the ``pytest11`` entry point).

Fixtures (their names are public API):

- ``codegen_fake_api``: a fresh `FakeCodegenAPI` on a `ManualClock`. Time
  moves only when something sleeps on that clock (the client's retries and polling do) or
  when the test calls ``codegen_fake_api.clock.advance(seconds)``, so run lifecycles and
  rate-limit windows take no real time.
- ``codegen_client``: a ``CodegenClient`` wired to it (closed after the test).
- ``async_codegen_client``: an ``AsyncCodegenClient`` wired to it (anyio tests).

Options go in a marker: ``@pytest.mark.codegen_fake(seed=3, run_duration=60,
rate_limits=False)`` (any ``FakeCodegenAPI`` keyword; ``clock`` too).

Examples:
    >>> def test_me(codegen_client, codegen_fake_api):  # doctest: +SKIP
    ...     assert codegen_client.users.get_current_user().id == codegen_fake_api.current_user.id

"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

import pytest

from codegen_client._clock import ManualClock
from codegen_client.testing._app import FakeCodegenAPI

if TYPE_CHECKING:
    from codegen_client import AsyncCodegenClient, CodegenClient


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``codegen_fake`` marker."""
    config.addinivalue_line(
        "markers",
        "codegen_fake(**options): FakeCodegenAPI options for the codegen_fake_api fixture",
    )


@pytest.fixture
def codegen_fake_api(request: pytest.FixtureRequest) -> FakeCodegenAPI:
    """Return a fresh offline Codegen API on a ManualClock (options: ``codegen_fake`` marker)."""
    marker = request.node.get_closest_marker("codegen_fake")
    options: dict[str, Any] = dict(marker.kwargs) if marker is not None else {}
    options.setdefault("clock", ManualClock())
    return FakeCodegenAPI(**options)


@pytest.fixture
def codegen_client(codegen_fake_api: FakeCodegenAPI) -> Iterator[CodegenClient]:
    """Return a CodegenClient talking to ``codegen_fake_api``."""
    client: CodegenClient = codegen_fake_api.client()
    with client:
        yield client


@pytest.fixture
async def async_codegen_client(
    codegen_fake_api: FakeCodegenAPI, anyio_backend: object
) -> AsyncIterator[AsyncCodegenClient]:
    """Return an AsyncCodegenClient talking to ``codegen_fake_api`` (needs an anyio test)."""
    del anyio_backend  # requested so that anyio runs this fixture on the test's event loop
    client: AsyncCodegenClient = codegen_fake_api.async_client()
    async with client:
        yield client
