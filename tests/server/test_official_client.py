"""Codegen's official generated client (PyPI codegen-api-client 1.0.0) against the served fake.

It follows the recipe the banner prints: ``Configuration(host="http://127.0.0.1:PORT")`` (the
client adds ``/v1`` itself) and a default ``Authorization: Bearer`` header.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from codegen_client.testing import FakeCodegenAPI
from codegen_client.testing.server import FakeServer

from .conftest import LOOPBACK

pytestmark = LOOPBACK
official: Any = pytest.importorskip(
    "codegen_api_client", reason="needs codegen-api-client==1.0.0 (the dev extra installs it)"
)


@pytest.fixture
def api(server: FakeServer, fake: FakeCodegenAPI) -> Iterator[Any]:
    """An ApiClient configured as the banner says."""
    with official.ApiClient(official.Configuration(host=server.origin)) as client:
        client.set_default_header("Authorization", f"Bearer {fake.api_key}")
        yield client


def test_official_client_lists_creates_and_waits(api: Any, fake: FakeCodegenAPI) -> None:
    """Organizations, users, create, then get until COMPLETE, all through codegen-api-client."""
    orgs = official.OrganizationsApi(api).get_organizations_v1_organizations_get(limit=10)
    assert 123 in [org.id for org in orgs.items]
    users = official.UsersApi(api).get_users_v1_organizations_org_id_users_get(org_id="123")
    assert fake.current_user.id in [user.id for user in users.items]
    agents = official.AgentsApi(api)
    run = agents.create_agent_run_v1_organizations_org_id_agent_run_post(
        org_id=123, create_agent_run_input=official.CreateAgentRunInput(prompt="Add a README")
    )
    assert run.status == "ACTIVE"
    statuses = []
    for _ in range(20):  # each poll moves the fake's clock a minute: no real waiting
        got = agents.get_agent_run_v1_organizations_org_id_agent_run_agent_run_id_get(
            agent_run_id=run.id, org_id=123
        )
        statuses.append(got.status)
        if got.status == "COMPLETE":
            break
        fake.clock.advance(60)  # type: ignore[attr-defined]
    assert statuses[-1] == "COMPLETE", statuses
    assert got.result
    assert fake.requests_for("create_agent_run")[0].json == {"prompt": "Add a README"}


def test_official_client_sees_401_for_a_wrong_key(server: FakeServer) -> None:
    """A wrong key gets the 401 the official client raises as UnauthorizedException."""
    with official.ApiClient(official.Configuration(host=server.origin)) as client:
        client.set_default_header("Authorization", "Bearer sk-wrong")
        with pytest.raises(official.exceptions.UnauthorizedException):
            official.OrganizationsApi(client).get_organizations_v1_organizations_get()
