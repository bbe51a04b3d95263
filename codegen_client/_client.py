"""What both clients share: settings, the httpx client, the clock, the repr."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

import httpx

from codegen_client._capture import capture_response
from codegen_client._clock import Clock, SystemClock
from codegen_client._exceptions import CodegenInputError
from codegen_client._pacing import RateLimitBackend
from codegen_client._process import check_proxy, new_http
from codegen_client._settings import Settings

if TYPE_CHECKING:
    from codegen_client._async.core import AsyncCore
    from codegen_client._pacing_redis import RedisRateLimitBackend
    from codegen_client._sync.core import Core

__all__ = ["_ClientBase"]

_Http = TypeVar("_Http", httpx.Client, httpx.AsyncClient)


class _ClientBase:
    settings: Settings
    _core: Core | AsyncCore
    _owns_http: bool
    _own_backend: RedisRateLimitBackend | None = None

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
            http_client = new_http(own_type, self.settings)
        else:
            check_proxy(http_client, self.settings)
        return http_client, clock or SystemClock()

    def _rate_backend(self, backend: RateLimitBackend | None) -> RateLimitBackend | None:
        """The pacing back end: ``backend``, else Redis for ``rate_limit_url``, else None (local).

        Raises:
            CodegenInputError: ``backend`` lacks ``reserve()`` and ``areserve()``.

        """
        if backend is not None:
            if not isinstance(backend, RateLimitBackend):
                raise CodegenInputError(
                    "rate_limit_backend must have reserve() and areserve() (e.g. "
                    f"RedisRateLimitBackend), got {type(backend).__name__}"
                )
            return backend
        if self.settings.rate_limit_url is not None:
            from codegen_client._pacing_redis import RedisRateLimitBackend

            # Made here, so closed with the client.
            self._own_backend = RedisRateLimitBackend(self.settings.rate_limit_url)
            return self._own_backend
        return None

    def _wire(self, http_type: type[_Http]) -> None:
        """Let the core remake the client's own httpx client (after a fork, on a new loop)."""
        if self._owns_http:
            settings = self.settings
            self._core.make_http = lambda: new_http(http_type, settings)

    @property
    def clock(self) -> Clock:
        """The clock this client waits on."""
        return self._core.clock

    def __repr__(self) -> str:
        # Also for a client whose constructor raised (error reporters show their locals).
        settings = self.__dict__.get("settings")
        if settings is None:
            return f"{type(self).__name__}(<not set up>)"
        return f"{type(self).__name__}(base_url={settings.base_url!r}, api_key=<hidden>)"

    capture_response = staticmethod(capture_response)
