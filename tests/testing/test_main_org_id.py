"""Naming the main organization: documentation examples can use organization 123."""

from __future__ import annotations

import pytest

from codegen_client.testing import FakeCodegenAPI, ManualClock
from tests.both import Clients


def test_main_organization_takes_the_given_id(clients: Clients) -> None:
    """With org_id=123 the user's main organization is 123 and answers like the seeded one."""
    fake = FakeCodegenAPI(seed=5, clock=ManualClock(), org_id=123)
    assert fake.org_id == 123
    client = clients.of(fake)
    repos = client.repositories.get_repositories(org_id=123)
    assert repos.total > 0
    assert all(repo.organization_id == 123 for repo in repos.items)


def test_the_rest_of_the_world_is_unchanged() -> None:
    """Only the main organization's id changes; names, users and other orgs stay the same."""
    seeded = FakeCodegenAPI(seed=5, clock=ManualClock())
    named = FakeCodegenAPI(seed=5, clock=ManualClock(), org_id=123)
    assert [o.name for o in seeded.organizations.values()] == [
        o.name for o in named.organizations.values()
    ]
    assert set(seeded.organizations) - {seeded.org_id} == set(named.organizations) - {123}
    assert seeded.current_user.id == named.current_user.id


@pytest.mark.parametrize("bad", [0, -3, True])
def test_org_id_that_is_not_positive_is_refused(bad: int) -> None:
    """Zero, negative ids and booleans are refused."""
    with pytest.raises(ValueError, match="org_id"):
        FakeCodegenAPI(org_id=bad)


def test_any_positive_org_id_is_taken_even_a_seeded_one() -> None:
    """A large id, even one another organization would have drawn, names the main one."""
    seeded = FakeCodegenAPI(seed=5, clock=ManualClock())
    taken = next(i for i in seeded.organizations if i != seeded.org_id)
    for wanted in (1000, 987_654_321, taken):
        fake = FakeCodegenAPI(seed=5, clock=ManualClock(), org_id=wanted)
        assert fake.org_id == wanted
        assert len(fake.organizations) == 4
        assert fake.organizations[wanted].repositories
