"""The send loop: pacing, the request, retries. Building and reading are in ``_core``."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import httpx

from codegen_client._clock import Clock
from codegen_client._core import BaseCore, Route, outcome
from codegen_client._errors_map import connection_error, hook_status_error
from codegen_client._exceptions import CodegenApiError
from codegen_client._options import NOT_GIVEN, NotGiven
from codegen_client._pacing import RateLimitBackend, RateLimiter
from codegen_client._settings import Settings

if TYPE_CHECKING:
    from codegen_client_generated.operations import Operation

__all__ = ["AsyncCore"]


class AsyncCore(BaseCore):
    """Sends requests on an ``httpx.AsyncClient``."""

    def __init__(
        self,
        settings: Settings,
        clock: Clock,
        http: httpx.AsyncClient,
        limiter: RateLimiter | None = None,
        backend: RateLimitBackend | None = None,
    ) -> None:
        super().__init__(settings, clock, limiter, backend)
        self.http = http

    async def call(
        self,
        op: Operation,
        path_args: tuple[Any, ...],
        query: Mapping[str, Any] | None,
        body: Mapping[str, Any] | None,
        read: Callable[[Any], Any],
        timeout: float | httpx.Timeout | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        *,
        expect: Sequence[tuple[str, Any]] | None = None,
    ) -> Any:
        """Send one operation (with pacing and retries) and return what its answer reads as.

        Inside a wait or a multi-run (`deadline_at`), no
        pause, retry wait or request timeout runs past its deadline.

        Args:
            op: The operation, from the generated table.
            path_args: The path's values, in the order of ``op.path_params``.
            query: The query arguments by name (None: the operation has none).
            body: The body fields by name (None: the operation sends no body).
            read: The operation's generated reader of its 2xx answer.
            timeout: This call's timeout instead of the client's.
            extra_headers: Headers to add.
            extra_query: Query parameters to add.
            extra_body: Body fields to add.
            expect: ``(field, value)`` pairs the answer must hold.

        Returns:
            The read answer, or a [`RawResponse`][codegen_client.RawResponse] inside
            ``with_raw_response``.

        Raises:
            CodegenApiError: A subclass naming what went wrong.
            DeadlinePassed: The deadline around the call came first (the caller turns it into
                its own timeout error).

        """
        request = self.build(
            op, path_args, query, body, timeout, extra_headers, extra_query, extra_body
        )
        response = await self.send(Route(op.operation_id, op.repeatable), request)
        return self.answer(op.operation_id, response, read, expect, open_answer=op.open_answer)

    async def send(self, route: Route, request: httpx.Request) -> httpx.Response:
        """Send a built request within its route's rate limit, repeating what is safe.

        Returns:
            The 2xx response.

        Raises:
            CodegenApiError: The status's error, or the connection's, once repeats are spent.
            DeadlinePassed: The deadline around the call came first.

        """
        self.check_loop()
        attempt = 0
        error: CodegenApiError | None = None
        while True:
            pause = await self.apace(route.group)
            if pause > 0:
                await self.clock.asleep(pause)
            self.bound_timeout(request, error)
            try:
                response: httpx.Response = await self.http.send(request, **self.send_options)
            except httpx.HTTPStatusError as exc:  # a response hook of the caller's client
                error = hook_status_error(exc)
            except httpx.HTTPError as exc:
                error = connection_error(exc, request)
            else:
                error = outcome(response)
            # A shared budget dates this send by when its answer came (see _pacing_redis).
            await self.limiter.asent()
            if error is None:
                return response
            delay = self.next_delay(route, attempt, error)
            if delay is None:
                raise error
            await self.clock.asleep(delay)
            attempt += 1
