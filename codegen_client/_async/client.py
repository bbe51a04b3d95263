"""AsyncCodegenClient: the namespaces over one core; ``_sync/client.py`` is its blocking twin."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

import httpx

from codegen_client._async.core import AsyncCore
from codegen_client._client import _ClientBase
from codegen_client._settings import resolve_settings

if TYPE_CHECKING:
    from types import TracebackType

    from codegen_client._async.multi_run import AsyncMultiRunAgent
    from codegen_client._async.resources.agents import AsyncAgents
    from codegen_client._async.resources.agents_alpha import AsyncAgentsAlpha
    from codegen_client._async.resources.check_suite_settings import AsyncCheckSuiteSettings
    from codegen_client._async.resources.cli_rules import AsyncCliRules
    from codegen_client._async.resources.integrations import AsyncIntegrations
    from codegen_client._async.resources.mcp_providers import AsyncMcpProviders
    from codegen_client._async.resources.models import AsyncModels
    from codegen_client._async.resources.oauth import AsyncOAuth
    from codegen_client._async.resources.organizations import AsyncOrganizations
    from codegen_client._async.resources.pull_requests import AsyncPullRequests
    from codegen_client._async.resources.repositories import AsyncRepositories
    from codegen_client._async.resources.sandbox import AsyncSandbox
    from codegen_client._async.resources.setup_commands import AsyncSetupCommands
    from codegen_client._async.resources.slack_connect import AsyncSlackConnect
    from codegen_client._async.resources.users import AsyncUsers
    from codegen_client._async.resources.webhooks import AsyncWebhooks
    from codegen_client._clock import Clock

__all__ = ["AsyncCodegenClient"]


class AsyncCodegenClient(_ClientBase):
    """The Codegen API, one namespace per area.

    Examples:
        >>> from codegen_client import AsyncCodegenClient
        >>> async with AsyncCodegenClient(api_key="sk-...") as client:  # doctest: +SKIP
        ...     orgs = await client.organizations.get_organizations()
        ...     run = await client.agents.create_agent_run(org_id=orgs.items[0].id, prompt="Fix it")

    Args:
        api_key: The API token. Defaults to ``CODEGEN_API_KEY``.
        base_url: Defaults to ``CODEGEN_BASE_URL``, then ``https://api.codegen.com/v1``.
        timeout: Seconds per request. Defaults to ``CODEGEN_TIMEOUT``, then 30.
        max_retries: Retries of a failed call that is safe to repeat. Defaults to
            ``CODEGEN_MAX_RETRIES``, then 3.
        user_agent: Defaults to ``CODEGEN_USER_AGENT``, then ``codegen-python-client``.
        http_client: Your own ``httpx.AsyncClient`` (proxies, transports, event hooks). The client
            still sends to its own base URL with its own headers, and does not close it.
        clock: Where waits and time come from; tests pass a ``ScaledClock`` or ``ManualClock``.
        rate_limits: Pace requests within each operation's documented rate limit (default on).
        allow_insecure_http: Allow a plain ``http://`` base URL to a host that is not loopback
            (the key then travels unencrypted). Defaults to ``CODEGEN_ALLOW_INSECURE_HTTP``.
        max_retry_wait: The longest wait a 429 may ask for before it is raised instead of
            slept. Defaults to ``CODEGEN_MAX_RETRY_WAIT``, then 120 seconds.
        create_lookup_window: How long ``create_agent_run`` looks for its run after an
            ambiguous failure, since the run list may lag behind the create. Defaults to
            ``CODEGEN_CREATE_LOOKUP_WINDOW``, then 15 seconds (see "No duplicate runs").

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
        create_lookup_window: float | None = None,
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
            create_lookup_window=create_lookup_window,
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
        from codegen_client._async.resources.users import AsyncUsers

        return AsyncUsers(self._core)

    @cached_property
    def agents(self) -> AsyncAgents:
        """Agent runs: create, get, list, wait, resume, ban/unban, remove from a PR."""
        from codegen_client._async.resources.agents import AsyncAgents

        return AsyncAgents(self._core)

    @cached_property
    def agents_alpha(self) -> AsyncAgentsAlpha:
        """Preview endpoints: agent run logs."""
        from codegen_client._async.resources.agents_alpha import AsyncAgentsAlpha

        return AsyncAgentsAlpha(self._core)

    @cached_property
    def organizations(self) -> AsyncOrganizations:
        """Organizations of the caller."""
        from codegen_client._async.resources.organizations import AsyncOrganizations

        return AsyncOrganizations(self._core)

    @cached_property
    def repositories(self) -> AsyncRepositories:
        """Repositories of an organization."""
        from codegen_client._async.resources.repositories import AsyncRepositories

        return AsyncRepositories(self._core)

    @cached_property
    def check_suite_settings(self) -> AsyncCheckSuiteSettings:
        """How agents react to a repository's CI checks."""
        from codegen_client._async.resources.check_suite_settings import AsyncCheckSuiteSettings

        return AsyncCheckSuiteSettings(self._core)

    @cached_property
    def pull_requests(self) -> AsyncPullRequests:
        """Change the state of pull requests."""
        from codegen_client._async.resources.pull_requests import AsyncPullRequests

        return AsyncPullRequests(self._core)

    @cached_property
    def integrations(self) -> AsyncIntegrations:
        """Integrations of an organization."""
        from codegen_client._async.resources.integrations import AsyncIntegrations

        return AsyncIntegrations(self._core)

    @cached_property
    def models(self) -> AsyncModels:
        """Models agent runs may use."""
        from codegen_client._async.resources.models import AsyncModels

        return AsyncModels(self._core)

    @cached_property
    def setup_commands(self) -> AsyncSetupCommands:
        """Let an agent work out a repository's setup commands."""
        from codegen_client._async.resources.setup_commands import AsyncSetupCommands

        return AsyncSetupCommands(self._core)

    @cached_property
    def sandbox(self) -> AsyncSandbox:
        """Sandbox log analysis."""
        from codegen_client._async.resources.sandbox import AsyncSandbox

        return AsyncSandbox(self._core)

    @cached_property
    def cli_rules(self) -> AsyncCliRules:
        """Rules for the Codegen CLI."""
        from codegen_client._async.resources.cli_rules import AsyncCliRules

        return AsyncCliRules(self._core)

    @cached_property
    def webhooks(self) -> AsyncWebhooks:
        """The organization's agent-run webhook."""
        from codegen_client._async.resources.webhooks import AsyncWebhooks

        return AsyncWebhooks(self._core)

    @cached_property
    def mcp_providers(self) -> AsyncMcpProviders:
        """OAuth providers behind MCP servers."""
        from codegen_client._async.resources.mcp_providers import AsyncMcpProviders

        return AsyncMcpProviders(self._core)

    @cached_property
    def oauth(self) -> AsyncOAuth:
        """The organization's OAuth tokens."""
        from codegen_client._async.resources.oauth import AsyncOAuth

        return AsyncOAuth(self._core)

    @cached_property
    def slack_connect(self) -> AsyncSlackConnect:
        """Linking a Slack account."""
        from codegen_client._async.resources.slack_connect import AsyncSlackConnect

        return AsyncSlackConnect(self._core)

    @cached_property
    def multi_run_agent(self) -> AsyncMultiRunAgent:
        """Run N agents on one prompt, then synthesize their answers."""
        from codegen_client._async.multi_run import AsyncMultiRunAgent

        return AsyncMultiRunAgent(self.agents, self.clock)
