"""The pytest fixtures (loaded through the pytest11 entry point) give wired clients."""

from __future__ import annotations

import pytest

from codegen_client import AsyncCodegenClient
from codegen_client.testing import FakeCodegenAPI, ManualClock


def test_fake_fixture_uses_a_manual_clock(codegen_fake_api: FakeCodegenAPI) -> None:
    """codegen_fake_api is a fresh fake on a ManualClock with default options."""
    assert isinstance(codegen_fake_api.clock, ManualClock)
    assert codegen_fake_api.seed == 0
    assert codegen_fake_api.agent_runs == {}


@pytest.mark.codegen_fake(seed=9, run_duration=30.0, rate_limits=False)
def test_marker_sets_options(codegen_fake_api: FakeCodegenAPI) -> None:
    """The codegen_fake marker passes its options to the fake."""
    assert (codegen_fake_api.seed, codegen_fake_api.run_duration) == (9, 30.0)
    assert codegen_fake_api.rate_limits is False


pytest_plugins = ["pytester"]


def test_sync_client_fixture_talks_to_the_fake(pytester: pytest.Pytester) -> None:
    """The plugin's codegen_client is a CodegenClient that reaches the fake (a user's own suite).

    This suite overrides the fixture to run on both clients, so the plugin's own is tried in a
    separate pytest run.
    """
    pytester.makepyfile(
        """
        from codegen_client import CodegenClient

        def test_it(codegen_client, codegen_fake_api):
            assert isinstance(codegen_client, CodegenClient)
            run = codegen_client.agents.create_agent_run(codegen_fake_api.org_id, "hi")
            assert codegen_fake_api.agent_runs[run.id].prompt == "hi"
        """
    )
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


@pytest.mark.anyio
async def test_async_client_fixture_talks_to_the_fake(
    async_codegen_client: AsyncCodegenClient, codegen_fake_api: FakeCodegenAPI
) -> None:
    """async_codegen_client reaches the same fake.

    Single-sided: async_codegen_client is the plugin's async-only fixture; the sync one is
    tested above.
    """
    assert isinstance(async_codegen_client, AsyncCodegenClient)
    me = await async_codegen_client.users.get_current_user()
    assert me.id == codegen_fake_api.current_user.id
