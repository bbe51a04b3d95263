"""Fixtures for the namespace tests: the offline API's organization and request log."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from codegen_client.testing import FakeCodegenAPI, ManualClock, RequestRecord


@pytest.fixture
def org_id(codegen_fake_api: FakeCodegenAPI) -> int:
    """The current user's main organization in the offline API (it has repositories)."""
    return codegen_fake_api.org_id


@pytest.fixture
def sent(codegen_fake_api: FakeCodegenAPI) -> Callable[[str], list[RequestRecord]]:
    """Return the requests the offline API received for one operation, oldest first."""
    return codegen_fake_api.requests_for


@pytest.fixture
def clock(codegen_fake_api: FakeCodegenAPI) -> ManualClock:
    """The offline API's clock, which only moves when a test or a wait moves it."""
    assert isinstance(codegen_fake_api.clock, ManualClock)
    return codegen_fake_api.clock
