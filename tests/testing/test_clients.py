"""fake.client() and fake.async_client(): clients wired to the offline API."""

from __future__ import annotations

import httpx

from codegen_client.testing import FakeCodegenAPI, ManualClock
from tests.both import Clients


def test_client_answers_from_the_fake_with_http_client_none(
    clients: Clients, fake: FakeCodegenAPI
) -> None:
    """http_client=None means the default: the fake's transport, not a real connection."""
    with clients.of(fake, http_client=None, max_retries=0) as client:
        assert client.users.get_current_user().id == fake.current_user.id
    assert fake.requests_for("get_current_user")


def test_client_uses_the_http_client_given(clients: Clients, fake: FakeCodegenAPI) -> None:
    """A caller's http_client is the one requests go through."""
    seen: list[httpx.Request] = []

    async def note(request: httpx.Request) -> None:
        seen.append(request)

    if clients.is_async:
        own = httpx.AsyncClient(transport=fake.async_transport(), event_hooks={"request": [note]})
        client = clients.of(fake, http_client=own)
    else:
        http = httpx.Client(transport=fake.transport(), event_hooks={"request": [seen.append]})
        client = clients.of(fake, http_client=http)
    client.users.get_current_user()
    assert [r.url.path for r in seen] == ["/v1/users/me"]


def test_client_is_wired_to_the_fakes_key_url_and_clock(clients: Clients) -> None:
    """A fake's client uses its key, base URL and clock; an override replaces what it names only."""
    fake = FakeCodegenAPI(clock=ManualClock(), api_key="sk-fake-wired")
    client = clients.of(fake)
    assert client.clock is fake.clock
    assert client.settings.base_url == fake.base_url
    assert client.settings.api_key.get_secret_value() == "sk-fake-wired"
    assert client.users.get_current_user().id == fake.current_user.id
    other = ManualClock()
    tuned = clients.of(fake, clock=other, max_retries=0)
    assert tuned.clock is other and tuned.settings.max_retries == 0
    assert tuned.settings.base_url == fake.base_url
