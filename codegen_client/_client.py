"""CodegenClient and AsyncCodegenClient: configuration, the httpx client and the namespaces."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from codegen_client._clock import Clock, SystemClock
from codegen_client._core import AsyncCore, Settings, SyncCore, capture_response
from codegen_client._exceptions import CodegenInputError
from codegen_client._logging import configure_env_logging
from codegen_client._validation import check_seconds

if TYPE_CHECKING:
    from types import TracebackType

    from codegen_client.multi_run import AsyncMultiRunAgent, MultiRunAgent
    from codegen_client.resources.agents import Agents, AsyncAgents
    from codegen_client.resources.agents_alpha import AgentsAlpha, AsyncAgentsAlpha
    from codegen_client.resources.check_suite_settings import (
        AsyncCheckSuiteSettings,
        CheckSuiteSettings,
    )
    from codegen_client.resources.cli_rules import AsyncCliRules, CliRules
    from codegen_client.resources.integrations import AsyncIntegrations, Integrations
    from codegen_client.resources.mcp_providers import AsyncMcpProviders, McpProviders
    from codegen_client.resources.models import AsyncModels, Models
    from codegen_client.resources.oauth import AsyncOAuth, OAuth
    from codegen_client.resources.organizations import AsyncOrganizations, Organizations
    from codegen_client.resources.pull_requests import AsyncPullRequests, PullRequests
    from codegen_client.resources.repositories import AsyncRepositories, Repositories
    from codegen_client.resources.sandbox import AsyncSandbox, Sandbox
    from codegen_client.resources.setup_commands import AsyncSetupCommands, SetupCommands
    from codegen_client.resources.slack_connect import AsyncSlackConnect, SlackConnect
    from codegen_client.resources.users import AsyncUsers, Users
    from codegen_client.resources.webhooks import AsyncWebhooks, Webhooks

__all__ = ["DEFAULT_BASE_URL", "AsyncCodegenClient", "CodegenClient", "resolve_settings"]

DEFAULT_BASE_URL = "https://api.codegen.com/v1"
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_RETRIES = 3
DEFAULT_MAX_RETRY_WAIT = 120.0
DEFAULT_USER_AGENT = "codegen-python-client"


def _pick(
    value: Any, env: Mapping[str, str], name: str, variable: str, *, strip: bool = False
) -> tuple[Any, str]:
    """The argument when given, else the variable (None when unset or empty); and which it was.

    ``strip`` trims the variable first, so a blank one counts as unset (numbers only: a key
    or URL with stray spaces is an error to report, not to mend).
    """
    if value is not None:
        return value, name
    found = env.get(variable)
    if strip and found is not None:
        found = found.strip()
    return found or None, variable


def _header_safe(text: str, *, space: bool) -> bool:
    """True when ``text`` is printable ASCII, with spaces only if ``space``.

    httpx sends header values as ASCII and would fail on anything else only at the first
    request, far from the setting that caused it.
    """
    low = 32 if space else 33
    return all(low <= ord(c) <= 126 for c in text)


def _api_key(value: Any, source: str) -> str:
    if not value or (isinstance(value, str) and not value.strip()):
        raise CodegenInputError(
            "no API key: pass api_key=... or set the CODEGEN_API_KEY environment variable"
        )
    if not isinstance(value, str):
        raise CodegenInputError(f"{source} must be a string, got {type(value).__name__}")
    if not _header_safe(value, space=False):
        raise CodegenInputError(
            f"{source} contains spaces or characters that cannot go in an HTTP header"
        )
    return value


def _shown_url(text: str) -> str:
    """The URL for an error message: user info and query replaced, control characters escaped."""
    scheme, sep, rest = text.partition("://")
    if not sep:
        scheme, rest = "", text
    authority, slash, path = rest.partition("/")
    if "@" in authority:
        authority = "***@" + authority.rpartition("@")[2]
    shown = f"{scheme}{sep}{authority}{slash}{path}"
    for mark in ("?", "#"):
        head, found, _ = shown.partition(mark)
        shown = f"{head}{mark}***" if found else shown
    return repr(shown)[1:-1][:200]


def _is_loopback(host: str) -> bool:
    """True for localhost, 127.0.0.0/8 and ::1: traffic that never leaves the machine."""
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _base_url(value: Any, source: str, allow_insecure_http: bool) -> str:
    if value is None:
        value = DEFAULT_BASE_URL
    if not isinstance(value, str):
        raise CodegenInputError(f"{source} must be an http(s) URL, got {type(value).__name__}")
    # Error messages show the URL only through _shown_url: it may carry a password or token.
    shown = _shown_url(value)
    bad = next((i for i, c in enumerate(value) if ord(c) < 32 or ord(c) == 127), None)
    if bad is not None:
        raise CodegenInputError(
            f"{source} contains a control character at position {bad}, got '{shown}'"
        )
    try:
        parsed = httpx.URL(value)
    except httpx.InvalidURL:
        raise CodegenInputError(f"{source} is not a valid URL, got '{shown}'") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise CodegenInputError(f"{source} must be an http(s) URL, got '{shown}'")
    if parsed.port is not None and not 0 < parsed.port < 65536:
        raise CodegenInputError(f"{source} has a port outside 1-65535, got '{shown}'")
    # Every error shows the URL it failed on: credentials in it would be printed.
    if parsed.userinfo:
        raise CodegenInputError(f"{source} must not carry credentials (user:password@)")
    # Operation paths are appended to the base URL as text.
    if parsed.query or parsed.fragment:
        raise CodegenInputError(f"{source} must not carry a query or a fragment, got '{shown}'")
    if parsed.scheme == "http" and not allow_insecure_http and not _is_loopback(parsed.host):
        raise CodegenInputError(
            f"{source} uses plain http:// to {parsed.host}, which would send the API key "
            "unencrypted: use https://, or opt in with allow_insecure_http=True or "
            "CODEGEN_ALLOW_INSECURE_HTTP=1 (e.g. for a proxy on a private network)"
        )
    return str(parsed).rstrip("/")


_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


def _flag(value: Any, source: str) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise CodegenInputError(f"{source} must be True or False (1 or 0), got {value!r}")


def _timeout(value: Any, source: str) -> float:
    if value is None:
        value = DEFAULT_TIMEOUT
    return check_seconds(source, value, from_text=True)


def _max_retry_wait(value: Any, source: str) -> float:
    if value is None:
        value = DEFAULT_MAX_RETRY_WAIT
    return check_seconds(source, value, allow_zero=True, from_text=True)


def _max_retries(value: Any, source: str) -> int:
    if value is None:
        value = DEFAULT_MAX_RETRIES
    try:
        if isinstance(value, (bool, float)):
            raise ValueError
        retries = int(value)
    except (TypeError, ValueError):
        raise CodegenInputError(f"{source} must be a whole number >= 0, got {value!r}") from None
    if retries < 0:
        raise CodegenInputError(f"{source} must be >= 0, got {value!r}")
    return retries


def _user_agent(value: Any, source: str) -> str:
    agent = value or DEFAULT_USER_AGENT
    if not isinstance(agent, str) or not _header_safe(agent, space=True):
        raise CodegenInputError(
            f"{source} must be printable ASCII (it is sent as a header), got {agent!r}"
        )
    return agent


def resolve_settings(
    *,
    api_key: str | None,
    base_url: str | None,
    timeout: float | None,
    max_retries: int | None,
    user_agent: str | None,
    rate_limits: bool = True,
    allow_insecure_http: bool | None = None,
    max_retry_wait: float | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Merge constructor arguments with ``CODEGEN_*`` environment variables and check them.

    Arguments win over the environment; unset values take the documented defaults. With
    ``CODEGEN_LOG`` set (debug or info), the ``codegen_client`` logger is turned on on stderr.

    Args:
        api_key: ``CODEGEN_API_KEY``; required.
        base_url: ``CODEGEN_BASE_URL``; plain ``http://`` only to loopback unless allowed.
        timeout: ``CODEGEN_TIMEOUT``, seconds per request.
        max_retries: ``CODEGEN_MAX_RETRIES``.
        user_agent: ``CODEGEN_USER_AGENT``.
        rate_limits: Pace requests within the documented limits.
        allow_insecure_http: ``CODEGEN_ALLOW_INSECURE_HTTP``: allow ``http://`` to any host.
        max_retry_wait: ``CODEGEN_MAX_RETRY_WAIT``: the longest wait a 429 may ask for
            before it is raised instead of slept (seconds, >= 0; default 120).
        environ: The environment to read (default ``os.environ``).

    Returns:
        The checked settings.

    Raises:
        CodegenInputError: A value is missing or invalid; the message names it and where it
            came from (argument or variable).

    """
    env = os.environ if environ is None else environ
    configure_env_logging(env)
    insecure = _flag(
        *_pick(
            allow_insecure_http,
            env,
            "allow_insecure_http",
            "CODEGEN_ALLOW_INSECURE_HTTP",
            strip=True,
        )
    )
    return Settings(
        api_key=_api_key(*_pick(api_key, env, "api_key", "CODEGEN_API_KEY")),
        base_url=_base_url(*_pick(base_url, env, "base_url", "CODEGEN_BASE_URL"), insecure),
        timeout=_timeout(*_pick(timeout, env, "timeout", "CODEGEN_TIMEOUT", strip=True)),
        max_retries=_max_retries(
            *_pick(max_retries, env, "max_retries", "CODEGEN_MAX_RETRIES", strip=True)
        ),
        user_agent=_user_agent(*_pick(user_agent, env, "user_agent", "CODEGEN_USER_AGENT")),
        rate_limits=rate_limits,
        allow_insecure_http=insecure,
        max_retry_wait=_max_retry_wait(
            *_pick(max_retry_wait, env, "max_retry_wait", "CODEGEN_MAX_RETRY_WAIT", strip=True)
        ),
    )


_Http = TypeVar("_Http", httpx.Client, httpx.AsyncClient)


class _ClientBase:
    settings: Settings
    _core: SyncCore | AsyncCore
    _owns_http: bool

    def _connect(
        self, http_client: _Http | None, http_type: type[_Http], clock: Clock | None
    ) -> tuple[_Http, Clock]:
        """Check ``http_client`` and ``clock``; make the httpx client when none was given."""
        if http_client is not None and not isinstance(http_client, http_type):
            raise CodegenInputError(
                f"http_client must be an httpx.{http_type.__name__}, "
                f"got {type(http_client).__name__}"
            )
        if clock is not None and not isinstance(clock, Clock):
            raise CodegenInputError(
                "clock must have now(), sleep() and asleep() (e.g. ScaledClock or ManualClock), "
                f"got {type(clock).__name__}"
            )
        self._owns_http = http_client is None
        if http_client is None:
            http_client = http_type(timeout=self.settings.timeout)
        return http_client, clock or SystemClock()

    @property
    def clock(self) -> Clock:
        """The clock this client waits on."""
        return self._core.clock

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.settings.base_url!r}, api_key=<hidden>)"

    capture_response = staticmethod(capture_response)


class CodegenClient(_ClientBase):
    """The Codegen API, one namespace per area.

    Example:
        >>> from codegen_client import CodegenClient
        >>> client = CodegenClient(api_key="sk-...")  # doctest: +SKIP
        >>> orgs = client.organizations.get_organizations()  # doctest: +SKIP
        >>> run = client.agents.create_agent_run(org_id=orgs.items[0].id, prompt="Fix the build")

    Args:
        api_key: The API token. Defaults to ``CODEGEN_API_KEY``.
        base_url: Defaults to ``CODEGEN_BASE_URL``, then ``https://api.codegen.com/v1``.
        timeout: Seconds per request. Defaults to ``CODEGEN_TIMEOUT``, then 30.
        max_retries: Retries of a failed call that is safe to repeat. Defaults to
            ``CODEGEN_MAX_RETRIES``, then 3.
        user_agent: Defaults to ``CODEGEN_USER_AGENT``, then ``codegen-python-client``.
        http_client: Your own ``httpx.Client`` (proxies, transports, event hooks). The client
            still sends to its own base URL with its own headers, and does not close it.
        clock: Where waits and time come from; tests pass a ``ScaledClock`` or ``ManualClock``.
        rate_limits: Pace requests within each operation's documented rate limit (default on).
        allow_insecure_http: Allow a plain ``http://`` base URL to a host that is not loopback
            (the key then travels unencrypted). Defaults to ``CODEGEN_ALLOW_INSECURE_HTTP``.
        max_retry_wait: The longest wait a 429 may ask for before it is raised instead of
            slept. Defaults to ``CODEGEN_MAX_RETRY_WAIT``, then 120 seconds.

    Raises:
        CodegenInputError: No API key, or an invalid setting.

    """

    _core: SyncCore

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        user_agent: str | None = None,
        http_client: httpx.Client | None = None,
        *,
        clock: Clock | None = None,
        rate_limits: bool = True,
        allow_insecure_http: bool | None = None,
        max_retry_wait: float | None = None,
    ) -> None:
        self.settings = resolve_settings(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            user_agent=user_agent,
            rate_limits=rate_limits,
            allow_insecure_http=allow_insecure_http,
            max_retry_wait=max_retry_wait,
        )
        http, clock = self._connect(http_client, httpx.Client, clock)
        self._core = SyncCore(self.settings, clock, http)

    def close(self) -> None:
        """Close the connections (a ``http_client`` you passed in stays open)."""
        if self._owns_http:
            self._core.http.close()

    def __enter__(self) -> CodegenClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @cached_property
    def users(self) -> Users:
        """Users of an organization and the caller."""
        from codegen_client.resources.users import Users

        return Users(self._core)

    @cached_property
    def agents(self) -> Agents:
        """Agent runs: create, get, list, wait, resume, ban/unban, remove from a PR."""
        from codegen_client.resources.agents import Agents

        return Agents(self._core)

    @cached_property
    def agents_alpha(self) -> AgentsAlpha:
        """Preview endpoints: agent run logs."""
        from codegen_client.resources.agents_alpha import AgentsAlpha

        return AgentsAlpha(self._core)

    @cached_property
    def organizations(self) -> Organizations:
        """Organizations of the caller."""
        from codegen_client.resources.organizations import Organizations

        return Organizations(self._core)

    @cached_property
    def repositories(self) -> Repositories:
        """Repositories of an organization."""
        from codegen_client.resources.repositories import Repositories

        return Repositories(self._core)

    @cached_property
    def check_suite_settings(self) -> CheckSuiteSettings:
        """How agents react to a repository's CI checks."""
        from codegen_client.resources.check_suite_settings import CheckSuiteSettings

        return CheckSuiteSettings(self._core)

    @cached_property
    def pull_requests(self) -> PullRequests:
        """Change the state of pull requests."""
        from codegen_client.resources.pull_requests import PullRequests

        return PullRequests(self._core)

    @cached_property
    def integrations(self) -> Integrations:
        """Integrations of an organization."""
        from codegen_client.resources.integrations import Integrations

        return Integrations(self._core)

    @cached_property
    def models(self) -> Models:
        """Models agent runs may use."""
        from codegen_client.resources.models import Models

        return Models(self._core)

    @cached_property
    def setup_commands(self) -> SetupCommands:
        """Let an agent work out a repository's setup commands."""
        from codegen_client.resources.setup_commands import SetupCommands

        return SetupCommands(self._core)

    @cached_property
    def sandbox(self) -> Sandbox:
        """Sandbox log analysis."""
        from codegen_client.resources.sandbox import Sandbox

        return Sandbox(self._core)

    @cached_property
    def cli_rules(self) -> CliRules:
        """Rules for the Codegen CLI."""
        from codegen_client.resources.cli_rules import CliRules

        return CliRules(self._core)

    @cached_property
    def webhooks(self) -> Webhooks:
        """The organization's agent-run webhook."""
        from codegen_client.resources.webhooks import Webhooks

        return Webhooks(self._core)

    @cached_property
    def mcp_providers(self) -> McpProviders:
        """OAuth providers behind MCP servers."""
        from codegen_client.resources.mcp_providers import McpProviders

        return McpProviders(self._core)

    @cached_property
    def oauth(self) -> OAuth:
        """The organization's OAuth tokens."""
        from codegen_client.resources.oauth import OAuth

        return OAuth(self._core)

    @cached_property
    def slack_connect(self) -> SlackConnect:
        """Linking a Slack account."""
        from codegen_client.resources.slack_connect import SlackConnect

        return SlackConnect(self._core)

    @cached_property
    def multi_run_agent(self) -> MultiRunAgent:
        """Run N agents on one prompt, then synthesize their answers."""
        from codegen_client.multi_run import MultiRunAgent

        return MultiRunAgent(self)


class AsyncCodegenClient(_ClientBase):
    """The Codegen API for asyncio: the same namespaces as :class:`CodegenClient`, awaited.

    Example:
        >>> async with AsyncCodegenClient(api_key="sk-...") as client:  # doctest: +SKIP
        ...     run = await client.agents.get_agent_run(org_id=1, agent_run_id=2)

    Args are those of :class:`CodegenClient`; ``http_client`` is an ``httpx.AsyncClient``.

    Raises:
        CodegenInputError: No API key, or an invalid setting.

    """

    _core: AsyncCore

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        user_agent: str | None = None,
        http_client: httpx.AsyncClient | None = None,
        *,
        clock: Clock | None = None,
        rate_limits: bool = True,
        allow_insecure_http: bool | None = None,
        max_retry_wait: float | None = None,
    ) -> None:
        self.settings = resolve_settings(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            user_agent=user_agent,
            rate_limits=rate_limits,
            allow_insecure_http=allow_insecure_http,
            max_retry_wait=max_retry_wait,
        )
        http, clock = self._connect(http_client, httpx.AsyncClient, clock)
        self._core = AsyncCore(self.settings, clock, http)

    async def close(self) -> None:
        """Close the connections (a ``http_client`` you passed in stays open)."""
        if self._owns_http:
            await self._core.http.aclose()

    async def __aenter__(self) -> AsyncCodegenClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    @cached_property
    def users(self) -> AsyncUsers:
        """Users of an organization and the caller."""
        from codegen_client.resources.users import AsyncUsers

        return AsyncUsers(self._core)

    @cached_property
    def agents(self) -> AsyncAgents:
        """Agent runs: create, get, list, wait, resume, ban/unban, remove from a PR."""
        from codegen_client.resources.agents import AsyncAgents

        return AsyncAgents(self._core)

    @cached_property
    def agents_alpha(self) -> AsyncAgentsAlpha:
        """Preview endpoints: agent run logs."""
        from codegen_client.resources.agents_alpha import AsyncAgentsAlpha

        return AsyncAgentsAlpha(self._core)

    @cached_property
    def organizations(self) -> AsyncOrganizations:
        """Organizations of the caller."""
        from codegen_client.resources.organizations import AsyncOrganizations

        return AsyncOrganizations(self._core)

    @cached_property
    def repositories(self) -> AsyncRepositories:
        """Repositories of an organization."""
        from codegen_client.resources.repositories import AsyncRepositories

        return AsyncRepositories(self._core)

    @cached_property
    def check_suite_settings(self) -> AsyncCheckSuiteSettings:
        """How agents react to a repository's CI checks."""
        from codegen_client.resources.check_suite_settings import AsyncCheckSuiteSettings

        return AsyncCheckSuiteSettings(self._core)

    @cached_property
    def pull_requests(self) -> AsyncPullRequests:
        """Change the state of pull requests."""
        from codegen_client.resources.pull_requests import AsyncPullRequests

        return AsyncPullRequests(self._core)

    @cached_property
    def integrations(self) -> AsyncIntegrations:
        """Integrations of an organization."""
        from codegen_client.resources.integrations import AsyncIntegrations

        return AsyncIntegrations(self._core)

    @cached_property
    def models(self) -> AsyncModels:
        """Models agent runs may use."""
        from codegen_client.resources.models import AsyncModels

        return AsyncModels(self._core)

    @cached_property
    def setup_commands(self) -> AsyncSetupCommands:
        """Let an agent work out a repository's setup commands."""
        from codegen_client.resources.setup_commands import AsyncSetupCommands

        return AsyncSetupCommands(self._core)

    @cached_property
    def sandbox(self) -> AsyncSandbox:
        """Sandbox log analysis."""
        from codegen_client.resources.sandbox import AsyncSandbox

        return AsyncSandbox(self._core)

    @cached_property
    def cli_rules(self) -> AsyncCliRules:
        """Rules for the Codegen CLI."""
        from codegen_client.resources.cli_rules import AsyncCliRules

        return AsyncCliRules(self._core)

    @cached_property
    def webhooks(self) -> AsyncWebhooks:
        """The organization's agent-run webhook."""
        from codegen_client.resources.webhooks import AsyncWebhooks

        return AsyncWebhooks(self._core)

    @cached_property
    def mcp_providers(self) -> AsyncMcpProviders:
        """OAuth providers behind MCP servers."""
        from codegen_client.resources.mcp_providers import AsyncMcpProviders

        return AsyncMcpProviders(self._core)

    @cached_property
    def oauth(self) -> AsyncOAuth:
        """The organization's OAuth tokens."""
        from codegen_client.resources.oauth import AsyncOAuth

        return AsyncOAuth(self._core)

    @cached_property
    def slack_connect(self) -> AsyncSlackConnect:
        """Linking a Slack account."""
        from codegen_client.resources.slack_connect import AsyncSlackConnect

        return AsyncSlackConnect(self._core)

    @cached_property
    def multi_run_agent(self) -> AsyncMultiRunAgent:
        """Run N agents on one prompt, then synthesize their answers."""
        from codegen_client.multi_run import AsyncMultiRunAgent

        return AsyncMultiRunAgent(self)
