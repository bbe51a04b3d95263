"""AsyncCodegenClient: the namespaces over one core; ``_sync/client.py`` is its blocking twin."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar, overload

import httpx

from codegen_client._async.core import AsyncCore
from codegen_client._client import _ClientBase, check_request, with_headers
from codegen_client._http import AsyncOwnClient
from codegen_client._options import NOT_GIVEN, Headers, NotGiven, Query, Timeout
from codegen_client._settings import resolve_settings
from codegen_client_generated.resources._async import AsyncNamespaces

if TYPE_CHECKING:
    from types import TracebackType

    from codegen_client._async.multi_run import AsyncMultiRunAgent
    from codegen_client._clock import Clock
    from codegen_client._pacing import RateLimitBackend

__all__ = ["AsyncCodegenClient"]

M = TypeVar("M")


class AsyncCodegenClient(_ClientBase, AsyncNamespaces):
    """The Codegen API, one namespace per area.

    Examples:
        >>> from codegen_client import AsyncCodegenClient
        >>> async with AsyncCodegenClient(api_key="sk-...") as client:  # doctest: +SKIP
        ...     orgs = await client.organizations.get_organizations()
        ...     run = await client.agents.create_agent_run(orgs.items[0].id, "Fix the tests")

    Args:
        api_key: The API token. Defaults to ``CODEGEN_API_KEY``.
        base_url: Defaults to ``CODEGEN_BASE_URL``, then ``https://api.codegen.com/v1``.
        timeout: Seconds per request, or an ``httpx.Timeout``. Defaults to ``CODEGEN_TIMEOUT``,
            then 30.
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
            ``CODEGEN_CREATE_LOOKUP_WINDOW``, then 30 seconds (see "No duplicate runs").
        idempotency_window: How long a request id you pass to ``create_agent_run`` returns
            the run it started instead of starting another. Defaults to
            ``CODEGEN_IDEMPOTENCY_WINDOW``, then 86400 seconds (24 hours).
        default_headers: Headers sent with every request, besides the client's own (never
            Authorization, and never the key).
        rate_limit_url: A ``redis://`` URL: every process and machine using that Redis shares
            the API's rate budgets (the ``redis`` extra). Defaults to
            ``CODEGEN_RATE_LIMIT_URL``, then this process's own budgets (see "Many processes").
        rate_limit_backend: Where send slots are booked, in place of ``rate_limit_url``: any
            object with ``reserve()`` and ``areserve()`` (a ``RateLimitBackend``).

    Raises:
        CodegenInputError: No API key, or an invalid setting.

    """

    _core: AsyncCore

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        user_agent: str | None = None,
        http_client: httpx.AsyncClient | None = None,
        *,
        clock: Clock | None = None,
        rate_limits: bool = True,
        allow_insecure_http: bool | None = None,
        max_retry_wait: float | None = None,
        create_lookup_window: float | None = None,
        idempotency_window: float | None = None,
        default_headers: Headers | None = None,
        rate_limit_url: str | None = None,
        rate_limit_backend: RateLimitBackend | None = None,
    ) -> None:
        settings = resolve_settings(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            user_agent=user_agent,
            rate_limits=rate_limits,
            allow_insecure_http=allow_insecure_http,
            max_retry_wait=max_retry_wait,
            create_lookup_window=create_lookup_window,
            rate_limit_url=rate_limit_url,
            idempotency_window=idempotency_window,
        )
        self.settings = with_headers(settings, default_headers)
        backend = self._rate_backend(rate_limit_backend)
        http, clock = self._connect(http_client, httpx.AsyncClient, AsyncOwnClient, clock)
        self._core = AsyncCore(self.settings, clock, http, backend=backend)
        self._wire(AsyncOwnClient)

    def with_options(
        self,
        *,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        max_retry_wait: float | NotGiven = NOT_GIVEN,
        default_headers: Headers | NotGiven = NOT_GIVEN,
        rate_limits: bool | NotGiven = NOT_GIVEN,
    ) -> AsyncCodegenClient:
        """A client that differs from this one only in the options you name.

        It shares this client's connection pool, rate-limit budget and clock; closing it
        leaves them open (close this client when you are done).

        Examples:
            >>> fast = client.with_options(timeout=5, max_retries=0)
            >>> run = await fast.agents.get_agent_run(1, 2)  # doctest: +SKIP

        Args:
            timeout: Seconds per request, or an ``httpx.Timeout``.
            max_retries: Retries of a failed call that is safe to repeat.
            max_retry_wait: The longest wait a 429 may ask for before it is raised.
            default_headers: Headers sent with every request (these replace the ones this
                client was given).
            rate_limits: Pace requests within the documented limits (True) or not.

        Returns:
            The new client.

        Raises:
            CodegenInputError: An option is invalid.

        """
        settings = self._derived_settings(
            timeout, max_retries, max_retry_wait, default_headers, rate_limits
        )
        clone = object.__new__(type(self))
        clone.settings = settings
        clone._owns_http = False
        core = self._core
        clone._core = AsyncCore(settings, core.clock, core.http, core.limiter)
        clone._core.make_http = core.make_http  # on a new event loop, its own new connections
        return clone

    async def close(self) -> None:
        """Close the connections (a ``http_client`` you passed in stays open)."""
        if self._owns_http:
            self._core.check_loop()  # connections of a closed loop cannot be closed on this one
            await self._core.http.aclose()
        if self._own_backend is not None:
            await self._own_backend.aclose()

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
    def multi_run_agent(self) -> AsyncMultiRunAgent:
        """Run N agents on one prompt, then synthesize their answers."""
        from codegen_client._async.multi_run import AsyncMultiRunAgent

        return AsyncMultiRunAgent(self.agents, self.clock)

    # -- the escape hatch: paths the spec does not have yet ------------------------------------

    @overload
    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Query | None = None,
        body: Any = None,
        cast_to: type[M],
        repeatable: bool | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
    ) -> M: ...

    @overload
    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Query | None = None,
        body: Any = None,
        cast_to: None = None,
        repeatable: bool | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
    ) -> Any: ...

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Query | None = None,
        body: Any = None,
        cast_to: type[M] | None = None,
        repeatable: bool | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        extra_headers: Headers | None = None,
    ) -> Any:
        """Call a path the spec does not have (a beta route, say), as any method calls.

        The call has this client's auth, base URL, pacing, retries, timeouts and errors.

        Examples:
            >>> data = await client.get("/organizations/1/beta/feature")  # doctest: +SKIP
            >>> run = await client.get(  # doctest: +SKIP
            ...     "/organizations/1/agent/run/2", cast_to=AgentRunResponse
            ... )

        Args:
            method: The HTTP method.
            path: The path below the base URL (``/organizations/1/...``); a full URL, ``..``,
                a query or a fragment in it is refused.
            params: The query parameters.
            body: The JSON body.
            cast_to: A model class to read the answer into (its ``from_dict``); None gives
                the decoded JSON.
            repeatable: Whether repeating the request after an unknown outcome is harmless;
                by default true for GET, HEAD, OPTIONS, PUT and DELETE, false for POST and
                PATCH. A path the spec has is paced within its operation's rate limit.
            timeout: This call's timeout instead of the client's.
            extra_headers: Headers to add.

        Returns:
            The answer: the decoded JSON, or a ``cast_to`` model.

        Raises:
            CodegenInputError: The path or an option is invalid (nothing was sent).
            CodegenApiError: The request failed; the same errors as any method.

        """
        verb, read = check_request(method, repeatable, cast_to)
        core = self._core
        route, request = core.build_custom(
            verb, path, params, body, timeout, extra_headers, repeatable
        )
        response = await core.send(route, request)
        return core.answer(f"{verb} {request.url.path}", response, read, open_answer=True)

    async def get(self, path: str, **options: Any) -> Any:
        """``request("GET", path, ...)``: repeated after a lost answer, like every GET."""
        return await self.request("GET", path, **options)

    async def post(self, path: str, **options: Any) -> Any:
        """``request("POST", path, ...)``: not repeated after a lost answer by default."""
        return await self.request("POST", path, **options)

    async def put(self, path: str, **options: Any) -> Any:
        """``request("PUT", path, ...)``."""
        return await self.request("PUT", path, **options)

    async def patch(self, path: str, **options: Any) -> Any:
        """``request("PATCH", path, ...)``: not repeated unless ``repeatable=True``."""
        return await self.request("PATCH", path, **options)

    async def delete(self, path: str, **options: Any) -> Any:
        """``request("DELETE", path, ...)``."""
        return await self.request("DELETE", path, **options)
