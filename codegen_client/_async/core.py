"""The send loop: pacing, the request, retries. Everything else of a call is in ``_core``."""

from __future__ import annotations

from typing import Any

import httpx

from codegen_client._clock import Clock
from codegen_client._core import _BaseCore, _outcome
from codegen_client._errors_map import connection_error, hook_status_error
from codegen_client._exceptions import CodegenApiError
from codegen_client._pacing import RateLimitBackend
from codegen_client._settings import Settings

__all__ = ["AsyncCore"]


class AsyncCore(_BaseCore):
    """Sends requests on an ``httpx.AsyncClient``."""

    def __init__(
        self,
        settings: Settings,
        clock: Clock,
        http: httpx.AsyncClient,
        backend: RateLimitBackend | None = None,
    ) -> None:
        super().__init__(settings, clock, backend)
        self.http = http

    async def call(self, operation_id: str, **arguments: Any) -> Any:
        """Send one operation (with pacing and retries) and return the parsed body.

        Inside a wait or a multi-run (:func:`~codegen_client._deadline.deadline_at`), no pause,
        retry wait or request timeout runs past its deadline.

        Args:
            operation_id: The operation's ``operationId`` in the spec.
            **arguments: Its path, query and body arguments by name.

        Returns:
            The parsed success body (a generated model, or plain JSON where the spec has none).

        Raises:
            CodegenApiError: A subclass naming what went wrong.
            DeadlinePassed: The deadline around the call came first (the caller turns it into
                its own timeout error).

        """
        self.check_loop()
        request, module = self.build_request(self.http, operation_id, arguments)
        self.drop_foreign_headers(self.http, request)
        attempt = 0
        error: CodegenApiError | None = None
        while True:
            pause = await self.apace(operation_id)
            if pause > 0:
                await self.clock.asleep(pause)
            self.bound_timeout(request, error)
            try:
                response = await self.http.send(request, **self.send_options)
            except httpx.HTTPStatusError as exc:  # a response hook of the caller's client
                error = hook_status_error(exc)
            except httpx.HTTPError as exc:
                error = connection_error(exc, request)
            else:
                error = _outcome(response)
            # A shared budget dates this send by when its answer came (see _pacing_redis).
            await self.limiter.asent()
            if error is None:
                return self.parse(module, response)
            delay = self.next_delay(operation_id, attempt, error)
            if delay is None:
                raise error
            await self.clock.asleep(delay)
            attempt += 1
