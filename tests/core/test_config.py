"""Configuration: constructor arguments, CODEGEN_* variables, defaults, and their checks."""

from __future__ import annotations

import httpx
import pytest

from codegen_client import AsyncCodegenClient, CodegenClient, CodegenInputError
from codegen_client._settings import resolve_settings
from tests.both import Clients

from .helpers import Script, run_body


def settings(**kwargs: object) -> object:
    base: dict[str, object] = {
        "api_key": None,
        "base_url": None,
        "timeout": None,
        "max_retries": None,
        "user_agent": None,
        "environ": {},
    }
    base.update(kwargs)
    return resolve_settings(**base)  # type: ignore[arg-type]


def test_defaults_apply_when_nothing_is_set() -> None:
    """With only a key, the documented defaults apply."""
    s = settings(api_key="sk-1")
    assert (s.base_url, s.timeout, s.max_retries, s.user_agent) == (  # type: ignore[attr-defined]
        "https://api.codegen.com/v1",
        30.0,
        3,
        "codegen-python-client",
    )


def test_environment_variables_fill_unset_values() -> None:
    """Every CODEGEN_* variable is read when the argument is not given."""
    env = {
        "CODEGEN_API_KEY": "sk-env",
        "CODEGEN_BASE_URL": "http://127.0.0.1:8080/v1/",
        "CODEGEN_TIMEOUT": "12.5",
        "CODEGEN_MAX_RETRIES": "0",
        "CODEGEN_USER_AGENT": "my-tool/1.0",
    }
    s = settings(environ=env)
    assert s.api_key.get_secret_value() == "sk-env"  # type: ignore[attr-defined]
    assert s.base_url == "http://127.0.0.1:8080/v1"  # type: ignore[attr-defined]
    assert s.timeout == 12.5  # type: ignore[attr-defined]
    assert s.max_retries == 0  # type: ignore[attr-defined]
    assert s.user_agent == "my-tool/1.0"  # type: ignore[attr-defined]


def test_arguments_win_over_environment() -> None:
    """A constructor argument overrides the variable."""
    s = settings(api_key="sk-arg", timeout=5, environ={"CODEGEN_API_KEY": "sk-env"})
    assert s.api_key.get_secret_value() == "sk-arg"  # type: ignore[attr-defined]
    assert s.timeout == 5.0  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({}, "CODEGEN_API_KEY"),
        ({"api_key": "  "}, "CODEGEN_API_KEY"),
        ({"api_key": "sk-1\n"}, "api_key"),
        ({"api_key": "sk-1", "base_url": "api.codegen.com"}, "base_url"),
        ({"api_key": "sk-1", "timeout": 0}, "timeout"),
        ({"api_key": "sk-1", "timeout": -3}, "timeout"),
        ({"api_key": "sk-1", "timeout": "soon"}, "timeout"),
        ({"api_key": "sk-1", "max_retries": -1}, "max_retries"),
        ({"api_key": "sk-1", "max_retries": 1.5}, "max_retries"),
        ({"api_key": "sk-1", "environ": {"CODEGEN_TIMEOUT": "abc"}}, "CODEGEN_TIMEOUT"),
        ({"api_key": "sk-1", "environ": {"CODEGEN_MAX_RETRIES": "x"}}, "CODEGEN_MAX_RETRIES"),
        ({"api_key": "sk-1", "environ": {"CODEGEN_BASE_URL": "ftp://h"}}, "CODEGEN_BASE_URL"),
        ({"api_key": 12345}, "api_key must be a string"),
        ({"api_key": "sk-1", "base_url": "https://h/v1?x=1"}, "base_url must not carry a query"),
        ({"api_key": "sk-1", "base_url": "https://h/v1#top"}, "base_url must not carry a query"),
        ({"api_key": "sk-1", "base_url": "https://me:pw@h/v1"}, "base_url must not carry cred"),
        ({"api_key": "sk-1", "user_agent": "caf\u00e9/1"}, "user_agent must be printable ASCII"),
        ({"api_key": "sk-1", "user_agent": "tool\x7f"}, "user_agent must be printable ASCII"),
        ({"api_key": "sk-1", "environ": {"CODEGEN_USER_AGENT": "t\n"}}, "CODEGEN_USER_AGENT"),
        # os.environ keeps bytes that are not UTF-8 as lone surrogates (surrogateescape).
        (
            {"api_key": "sk-1", "environ": {"CODEGEN_BASE_URL": "https://h/v1/\udcff"}},
            r"CODEGEN_BASE_URL is not UTF-8 text \(position 13\)",
        ),
        ({"api_key": "sk-1", "base_url": "https://\udcff.com/v1"}, "base_url is not UTF-8"),
        ({"api_key": "sk-\udcff"}, "api_key contains"),
        ({"api_key": "sk-1", "environ": {"CODEGEN_TIMEOUT": "\udcff"}}, "CODEGEN_TIMEOUT"),
        ({"api_key": "sk-1", "environ": {"CODEGEN_MAX_RETRIES": "9" * 5000}}, "MAX_RETRIES"),
    ],
)
def test_bad_settings_name_the_problem(kwargs: dict[str, object], named: str) -> None:
    """A missing or invalid setting raises CodegenInputError naming it."""
    with pytest.raises(CodegenInputError, match=named):
        settings(**kwargs)


def test_bad_setting_error_is_a_value_error() -> None:
    """Input errors are also ValueErrors, for code that catches those."""
    with pytest.raises(ValueError):
        settings(api_key="sk-1", timeout=0)


def test_requests_carry_auth_user_agent_and_own_base_url(clients: Clients) -> None:
    """The client sends to its base URL with its headers, even on the user's own httpx client."""
    script = Script(httpx.Response(200, json=run_body()))
    seen: list[httpx.Request] = []
    user_http = clients.http_client(
        base_url="https://elsewhere.example",
        transport=httpx.MockTransport(script),
        event_hooks={"request": [seen.append]},
    )
    client = clients.new(
        api_key="sk-abc",
        base_url="https://proxy.test/v1",
        user_agent="tool/2",
        http_client=user_http,
    )
    client.agents.get_agent_run(org_id=1, agent_run_id=7)
    request = script.requests[0]
    assert str(request.url) == "https://proxy.test/v1/organizations/1/agent/run/7"
    assert request.headers["authorization"] == "Bearer sk-abc"
    assert request.headers["user-agent"] == "tool/2"
    assert seen, "the user's event hooks still run"


def test_repr_never_shows_the_key(clients: Clients) -> None:
    """Neither the client nor its settings show any part of the key."""
    client = clients.new(api_key="sk-secret-123456")
    assert "sk-secret" not in repr(client)
    assert "123456" not in repr(client.settings)
    client.close()


def test_wrong_http_client_type_is_rejected() -> None:
    """Passing an AsyncClient to the sync client fails clearly before any request."""
    with pytest.raises(CodegenInputError, match=r"httpx\.Client"):
        CodegenClient(api_key="sk-1", http_client=httpx.AsyncClient())  # type: ignore[arg-type]
    with pytest.raises(CodegenInputError, match=r"httpx\.AsyncClient"):
        AsyncCodegenClient(api_key="sk-1", http_client=httpx.Client())  # type: ignore[arg-type]


def test_context_manager_closes_its_own_http_client_only(clients: Clients) -> None:
    """Leaving the block closes the client's own connections, not a user's httpx client."""
    with clients.new(api_key="sk-1") as own:
        pass
    assert own._core.http.is_closed
    user_http = clients.http_client()
    with clients.new(api_key="sk-1", http_client=user_http):
        pass
    assert not user_http.is_closed


def test_a_clock_that_is_not_a_clock_is_refused() -> None:
    """clock= must have now/sleep/asleep; anything else fails at construction, naming it."""
    with pytest.raises(CodegenInputError, match="clock must have"):
        CodegenClient(api_key="sk-1", clock="fast")  # type: ignore[arg-type]
    with pytest.raises(CodegenInputError, match="clock must have"):
        AsyncCodegenClient(api_key="sk-1", clock=3)  # type: ignore[arg-type]


def test_credentials_in_the_base_url_are_not_repeated_in_the_error() -> None:
    """A base_url with user:password@ is refused without echoing the password."""
    with pytest.raises(CodegenInputError) as info:
        settings(api_key="sk-1", base_url="https://me:hunter2@h/v1")
    assert "hunter2" not in str(info.value)


def test_blank_number_variables_count_as_unset() -> None:
    """CODEGEN_TIMEOUT and CODEGEN_MAX_RETRIES made of spaces fall back to the defaults."""
    s = settings(api_key="sk-1", environ={"CODEGEN_TIMEOUT": "  ", "CODEGEN_MAX_RETRIES": " "})
    assert (s.timeout, s.max_retries) == (30.0, 3)  # type: ignore[attr-defined]


# Plain http:// only to loopback -------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://api.codegen.com/v1",
        "http://10.0.0.5:8080/v1",
        "http://192.168.1.20/v1",
        "http://[fe80::1]/v1",
        "http://128.0.0.1/v1",
        "http://localhost.example.com/v1",
    ],
)
@pytest.mark.parametrize("client_class", [CodegenClient, AsyncCodegenClient])
def test_plain_http_to_another_host_is_refused_with_the_way_to_opt_in(
    url: str, client_class: type[CodegenClient] | type[AsyncCodegenClient]
) -> None:
    """http:// to a host that is not loopback is refused, saying how to allow it."""
    with pytest.raises(CodegenInputError) as info:
        client_class(api_key="sk-1", base_url=url)
    message = str(info.value)
    assert "http://" in message
    assert "allow_insecure_http=True" in message
    assert "CODEGEN_ALLOW_INSECURE_HTTP=1" in message


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/v1",
        "http://127.10.20.30/v1",
        "http://[::1]:8080/v1",
        "http://localhost:8080/v1",
        "http://LOCALHOST/v1",
        "https://api.codegen.com/v1",
    ],
)
def test_loopback_http_and_https_are_accepted(url: str) -> None:
    """Loopback (127.0.0.0/8, ::1, localhost) may use http://; https works anywhere."""
    s = settings(api_key="sk-1", base_url=url)
    assert s.base_url == url.lower()  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"allow_insecure_http": True},
        {"environ": {"CODEGEN_ALLOW_INSECURE_HTTP": "1"}},
        {"environ": {"CODEGEN_ALLOW_INSECURE_HTTP": "true"}},
    ],
)
def test_plain_http_is_allowed_when_opted_in(kwargs: dict[str, object]) -> None:
    """allow_insecure_http=True or CODEGEN_ALLOW_INSECURE_HTTP=1 lets http:// go anywhere."""
    s = settings(api_key="sk-1", base_url="http://proxy.internal:3128/v1", **kwargs)
    assert s.base_url == "http://proxy.internal:3128/v1"  # type: ignore[attr-defined]
    assert s.allow_insecure_http is True  # type: ignore[attr-defined]


def test_the_argument_wins_over_the_insecure_http_variable() -> None:
    """allow_insecure_http=False refuses http:// even with CODEGEN_ALLOW_INSECURE_HTTP=1."""
    with pytest.raises(CodegenInputError, match="allow_insecure_http"):
        settings(
            api_key="sk-1",
            base_url="http://proxy.internal/v1",
            allow_insecure_http=False,
            environ={"CODEGEN_ALLOW_INSECURE_HTTP": "1"},
        )


def test_a_bad_insecure_http_variable_is_named() -> None:
    """CODEGEN_ALLOW_INSECURE_HTTP must be a yes/no value."""
    with pytest.raises(CodegenInputError, match="CODEGEN_ALLOW_INSECURE_HTTP"):
        settings(api_key="sk-1", environ={"CODEGEN_ALLOW_INSECURE_HTTP": "maybe"})


def test_plain_http_to_another_host_sends_nothing(clients: Clients) -> None:
    """The refusal comes at construction: the transport never sees a request."""
    script = Script(httpx.Response(200, json=run_body()))
    with pytest.raises(CodegenInputError):
        clients.scripted(script, base_url="http://api.codegen.com/v1")
    assert script.requests == []


@pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])
def test_the_offline_api_on_loopback_works_unchanged(clients: Clients) -> None:
    """A real client talks to the offline API served over http on 127.0.0.1, sync and async."""
    from codegen_client.testing import FakeCodegenAPI, ManualClock
    from codegen_client.testing.server import FakeServer

    fake = FakeCodegenAPI(seed=3, clock=ManualClock())
    with FakeServer(fake, port=0) as server:
        assert server.base_url.startswith("http://127.0.0.1:")
        with clients.new(api_key=fake.api_key, base_url=server.base_url) as client:
            assert client.users.get_current_user().id == fake.current_user.id


# max_retry_wait and durations ---------------------------------------------------------------


def test_max_retry_wait_defaults_to_120_and_reads_its_variable() -> None:
    """max_retry_wait is 120 s by default, CODEGEN_MAX_RETRY_WAIT otherwise, the argument first."""
    assert settings(api_key="sk-1").max_retry_wait == 120.0  # type: ignore[attr-defined]
    env = {"CODEGEN_MAX_RETRY_WAIT": " 5.5 "}
    assert settings(api_key="sk-1", environ=env).max_retry_wait == 5.5  # type: ignore[attr-defined]
    s = settings(api_key="sk-1", max_retry_wait=0, environ=env)
    assert s.max_retry_wait == 0.0  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"max_retry_wait": -1}, "max_retry_wait"),
        ({"max_retry_wait": float("inf")}, "max_retry_wait"),
        ({"max_retry_wait": float("nan")}, "max_retry_wait"),
        ({"max_retry_wait": True}, "max_retry_wait"),
        ({"max_retry_wait": 10**400}, "max_retry_wait"),
        ({"environ": {"CODEGEN_MAX_RETRY_WAIT": "soon"}}, "CODEGEN_MAX_RETRY_WAIT"),
        ({"environ": {"CODEGEN_MAX_RETRY_WAIT": "-3"}}, "CODEGEN_MAX_RETRY_WAIT"),
        ({"timeout": 10**400}, "timeout"),
        ({"timeout": 1e300}, "timeout"),
        ({"timeout": float("nan")}, "timeout"),
        ({"environ": {"CODEGEN_TIMEOUT": "1e400"}}, "CODEGEN_TIMEOUT"),
    ],
)
def test_bad_durations_are_input_errors(kwargs: dict[str, object], named: str) -> None:
    """A duration that is not a finite number of seconds in range is refused by name."""
    with pytest.raises(CodegenInputError, match=named):
        settings(api_key="sk-1", **kwargs)


@pytest.mark.parametrize("client_class", [CodegenClient, AsyncCodegenClient])
def test_clients_take_the_new_settings(
    client_class: type[CodegenClient] | type[AsyncCodegenClient],
) -> None:
    """Both clients accept allow_insecure_http and max_retry_wait and keep them in .settings."""
    client = client_class(
        api_key="sk-1",
        base_url="http://proxy.internal/v1",
        allow_insecure_http=True,
        max_retry_wait=7,
    )
    assert client.settings.allow_insecure_http is True
    assert client.settings.max_retry_wait == 7.0
    with pytest.raises(CodegenInputError, match="timeout"):
        client_class(api_key="sk-1", timeout=10**400)
