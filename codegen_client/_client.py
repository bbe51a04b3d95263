"""What both clients share: settings, the httpx client, the clock, the repr."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

import httpx

from codegen_client._capture import capture_response
from codegen_client._clock import Clock, SystemClock
from codegen_client._exceptions import CodegenInputError
from codegen_client._settings import Settings

if TYPE_CHECKING:
    from codegen_client._async.core import AsyncCore
    from codegen_client._sync.core import Core

__all__ = ["_ClientBase"]

_Http = TypeVar("_Http", httpx.Client, httpx.AsyncClient)


class _ClientBase:
    settings: Settings
    _core: Core | AsyncCore
    _owns_http: bool

    def _connect(
        self,
        http_client: _Http | None,
        http_type: type[_Http],
        own_type: type[_Http],
        clock: Clock | None,
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
            http_client = own_type(timeout=self.settings.timeout)
        return http_client, clock or SystemClock()

    @property
    def clock(self) -> Clock:
        """The clock this client waits on."""
        return self._core.clock

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.settings.base_url!r}, api_key=<hidden>)"

    capture_response = staticmethod(capture_response)
