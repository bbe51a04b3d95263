"""The send loop: pacing, the request, retries. Everything else of a call is in ``_core``."""

from __future__ import annotations

from typing import Any

import httpx

from codegen_client._clock import Clock
from codegen_client._core import Settings, _BaseCore, _outcome
from codegen_client._errors_map import connection_error
from codegen_client._exceptions import CodegenApiError

__all__ = ["AsyncCore"]


class AsyncCore(_BaseCore):
    """Sends requests on an ``httpx.AsyncClient``."""

    def __init__(self, settings: Settings, clock: Clock, http: httpx.AsyncClient) -> None:
        super().__init__(settings, clock)
        self.http = http

    async def call(self, operation_id: str, **arguments: Any) -> Any:
        """Send one operation (with pacing and retries) and return the parsed body.

        Args:
            operation_id: The operation's ``operationId`` in the spec.
            **arguments: Its path, query and body arguments by name.

        Returns:
            The parsed success body (a generated model, or plain JSON where the spec has none).

        Raises:
            CodegenApiError: A subclass naming what went wrong.

        """
        request, module = self.build_request(self.http, operation_id, arguments)
        attempt = 0
        while True:
            pause = self.limiter.reserve(operation_id)
            if pause > 0:
                self.log_pacing(operation_id, pause)
                await self.clock.asleep(pause)
            try:
                response = await self.http.send(request, auth=self.auth)
            except httpx.HTTPError as exc:
                error: CodegenApiError = connection_error(exc, request)
            else:
                failure = _outcome(response)
                if failure is None:
                    return self.parse(module, response)
                error = failure
            delay = self.next_delay(operation_id, attempt, error)
            if delay is None:
                raise error
            await self.clock.asleep(delay)
            attempt += 1
