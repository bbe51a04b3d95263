"""The seeded world: deterministic, realistic, and reachable for every error path."""

from __future__ import annotations

import dataclasses
from typing import Any

from codegen_client.testing import FakeCodegenAPI, ManualClock


def _snapshot(fake: FakeCodegenAPI) -> Any:
    return (
        [dataclasses.asdict(o) for o in fake.organizations.values()],
        [dataclasses.asdict(u) for u in fake.users.values()],
        dict(fake.state.tokens),
        [dataclasses.asdict(p) for p in fake.state.pull_requests.values()],
    )


def test_same_seed_same_state() -> None:
    """Two fakes with one seed hold identical data and issue identical run ids."""
    a, b = FakeCodegenAPI(seed=5, clock=ManualClock()), FakeCodegenAPI(seed=5, clock=ManualClock())
    assert _snapshot(a) == _snapshot(b)
    assert a.add_agent_run().id == b.add_agent_run().id


def test_other_seed_other_state() -> None:
    """Another seed gives other ids and names."""
    a, b = FakeCodegenAPI(seed=5, clock=ManualClock()), FakeCodegenAPI(seed=6, clock=ManualClock())
    assert _snapshot(a) != _snapshot(b)


def test_membership_shape(fake: FakeCodegenAPI) -> None:
    """The user is in three of four organizations; one of its organizations has no repos."""
    assert len(fake.organizations) == 4
    assert len(fake.member_org_ids()) == 3
    assert fake.foreign_org_id() not in fake.member_org_ids()
    assert fake.organizations[fake.empty_org_id()].repositories == []
    assert len(fake.organizations[fake.org_id].repositories) > 10


def test_repositories_vary(fake: FakeCodegenAPI) -> None:
    """Repositories include archived ones, several languages and setup states."""
    repos = list(fake.repositories.values())
    assert any(r.archived for r in repos)
    assert len({r.language for r in repos}) >= 3
    assert len({r.setup_status for r in repos}) >= 2
    assert all(r.full_name.endswith("/" + r.name) for r in repos)


def test_ids_are_realistic_ints(fake: FakeCodegenAPI) -> None:
    """Ids are multi-digit integers, distinct across kinds."""
    ids = [*fake.organizations, *fake.users, *fake.repositories]
    assert all(isinstance(i, int) and i >= 1000 for i in ids)
    assert len(set(ids)) == len(ids)
    assert fake.add_agent_run().id >= 100_000


def test_add_user_joins_the_main_org(fake: FakeCodegenAPI) -> None:
    """add_user makes a member of the main organization with the given role."""
    user = fake.add_user(role="MANAGER")
    assert fake.organizations[fake.org_id].members[user.id] == "MANAGER"
