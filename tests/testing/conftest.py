"""Fixtures for the offline API's own tests: a fake on a ManualClock and an httpx client."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from codegen_client.testing import FakeCodegenAPI, ManualClock


@pytest.fixture
def clock() -> ManualClock:
    """A clock that only moves when told to."""
    return ManualClock()


@pytest.fixture
def fake(clock: ManualClock) -> FakeCodegenAPI:
    """A seeded offline API on the manual clock."""
    return FakeCodegenAPI(seed=7, clock=clock)


@pytest.fixture
def http(fake: FakeCodegenAPI) -> Iterator[httpx.Client]:
    """Plain httpx against the fake, authenticated as its current user."""
    with httpx.Client(
        transport=fake.transport(),
        base_url=fake.base_url,
        headers={"Authorization": f"Bearer {fake.api_key}"},
    ) as client:
        yield client
