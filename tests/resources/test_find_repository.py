"""client.repositories.find_repository: a repository by ``owner/name``, its list read once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from codegen_client import CodegenInputError, CodegenResourceNotFoundError
from codegen_client._repo_names import REFRESH_AFTER, repo_full_name
from codegen_client.testing import FakeCodegenAPI, ManualClock, RequestRecord
from tests.both import Clients

Sent = Callable[[str], list[RequestRecord]]


def _a_repository(fake: FakeCodegenAPI, org_id: int) -> Any:
    return fake.organizations[org_id].repositories[5]


def test_finds_a_repository_by_owner_and_name_in_any_case(
    codegen_client: Any, codegen_fake_api: FakeCodegenAPI, org_id: int
) -> None:
    """find_repository returns the repository whose full_name matches, whatever its case."""
    wanted = _a_repository(codegen_fake_api, org_id)
    found = codegen_client.repositories.find_repository(org_id, wanted.full_name.upper())
    assert (found.id, found.full_name) == (wanted.id, wanted.full_name)


def test_a_thousand_repositories_cost_ten_requests_then_none(
    codegen_client: Any, codegen_fake_api: FakeCodegenAPI, org_id: int, sent: Sent
) -> None:
    """Measured: 1,000 repositories are read in 10 requests once; later look-ups send nothing."""
    org = codegen_fake_api.organizations[org_id]
    for number in range(1000 - len(org.repositories)):
        codegen_fake_api.state.add_repository(org, f"extra-{number}")
    assert len(org.repositories) == 1000
    first = codegen_client.repositories.find_repository(org_id, org.repositories[-1].full_name)
    assert first.id == org.repositories[-1].id
    assert len(sent("get_repositories")) == 10
    for repo in (org.repositories[0], org.repositories[500], org.repositories[999]):
        assert codegen_client.repositories.find_repository(org_id, repo.full_name).id == repo.id
    with pytest.raises(CodegenResourceNotFoundError):
        codegen_client.repositories.find_repository(org_id, "nobody/nothing")
    assert len(sent("get_repositories")) == 10


def test_each_client_and_each_organization_has_its_own_list(
    clients: Clients, codegen_fake_api: FakeCodegenAPI, org_id: int, sent: Sent
) -> None:
    """The list is kept per client and per organization: another one reads its own."""
    other_org = codegen_fake_api.member_org_ids()[1]
    first, second = clients.of(codegen_fake_api), clients.of(codegen_fake_api)
    name = _a_repository(codegen_fake_api, org_id).full_name
    first.repositories.find_repository(org_id, name)
    first.repositories.find_repository(org_id, name)
    second.repositories.find_repository(org_id, name)
    other = codegen_fake_api.organizations[other_org].repositories[0]
    assert first.repositories.find_repository(other_org, other.full_name).id == other.id
    assert len(sent("get_repositories")) == 3


def test_not_found_names_close_matches(
    codegen_client: Any, codegen_fake_api: FakeCodegenAPI, org_id: int
) -> None:
    """A name on no repository raises CodegenResourceNotFoundError naming the closest ones."""
    wanted = _a_repository(codegen_fake_api, org_id)
    owner, name = wanted.full_name.split("/")
    typo = f"{owner}/{name[:-1]}"
    with pytest.raises(CodegenResourceNotFoundError) as caught:
        codegen_client.repositories.find_repository(org_id, typo)
    assert f"no repository {typo} in organization {org_id}" in str(caught.value)
    assert wanted.full_name in str(caught.value)
    assert wanted.full_name in caught.value.body["close_matches"]
    # The same name under another owner is the first suggestion.
    with pytest.raises(CodegenResourceNotFoundError) as caught:
        codegen_client.repositories.find_repository(org_id, f"someone-else/{name}")
    assert caught.value.body["close_matches"][0] == wanted.full_name


def test_a_stale_list_is_read_again_for_a_missing_name(
    codegen_client: Any, codegen_fake_api: FakeCodegenAPI, org_id: int, sent: Sent
) -> None:
    """A repository added later is found once the kept list is over a minute old."""
    clock = codegen_fake_api.clock
    assert isinstance(clock, ManualClock)
    known = _a_repository(codegen_fake_api, org_id).full_name
    codegen_client.repositories.find_repository(org_id, known)
    added = codegen_fake_api.state.add_repository(codegen_fake_api.organizations[org_id], "new-one")
    with pytest.raises(CodegenResourceNotFoundError):
        codegen_client.repositories.find_repository(org_id, added.full_name)
    assert len(sent("get_repositories")) == 1
    clock.advance(REFRESH_AFTER + 1)
    assert codegen_client.repositories.find_repository(org_id, added.full_name).id == added.id
    assert len(sent("get_repositories")) == 2


@pytest.mark.parametrize(
    "bad",
    ["", "just-a-name", "a/b/c", "/name", "owner/", "https://github.com/a/b/pull/5", 42, None],
)
def test_a_bad_name_is_refused_before_any_request(
    codegen_client: Any, codegen_fake_api: FakeCodegenAPI, org_id: int, bad: object
) -> None:
    """Anything but owner/name (or a remote URL) is a CodegenInputError; nothing is sent."""
    with pytest.raises(CodegenInputError, match="owner/name"):
        codegen_client.repositories.find_repository(org_id, bad)
    assert codegen_fake_api.requests == []


@pytest.mark.parametrize(
    "text",
    [
        "acme/api",
        " acme/api.git ",
        "https://github.com/acme/api",
        "https://github.com/acme/api.git",
        "https://x-access-token:ghp_secret@github.com/acme/api.git",
        "git@github.com:acme/api.git",
        "ssh://git@github.com:22/acme/api.git",
        "git://github.com/acme/api",
    ],
)
def test_names_and_remote_urls_give_owner_and_name(text: str) -> None:
    """owner/name, GitHub URLs and git remotes (scp-like, ssh, with credentials) all read."""
    assert repo_full_name(text) == "acme/api"


def test_an_error_never_shows_a_remote_urls_credentials() -> None:
    """A remote URL that is no repository is refused without its token in the message."""
    with pytest.raises(CodegenInputError) as caught:
        repo_full_name("https://user:ghp_secret123@example.com/")
    assert "ghp_secret123" not in str(caught.value)
