"""What both clients share: settings, the httpx client, the clock, the repr."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from codegen_client._capture import capture_response
from codegen_client._clock import Clock, SystemClock
from codegen_client._options import Headers, NotGiven, Timeout
from codegen_client._pacing import RateLimitBackend
from codegen_client._process import check_proxy, new_http
from codegen_client._settings import Settings, check_timeout
from codegen_client._validation import (
    check_flag,
    check_headers,
    check_seconds,
    check_whole_number,
    invalid,
)

if TYPE_CHECKING:
    from codegen_client._async.core import AsyncCore
    from codegen_client._pacing_redis import RedisRateLimitBackend
    from codegen_client._sync.core import Core

__all__ = ["_ClientBase", "check_request", "with_headers"]

_METHODS = ("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE")

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
            raise invalid(
                f"http_client must be an httpx.{http_type.__name__}, "
                f"got {type(http_client).__name__}"
            )
        if clock is not None and not isinstance(clock, Clock):
            raise invalid(
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
                raise invalid(
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

    def _derived_settings(
        self,
        timeout: Timeout | NotGiven,
        max_retries: int | NotGiven,
        max_retry_wait: float | NotGiven,
        default_headers: Headers | NotGiven,
        rate_limits: bool | NotGiven,
    ) -> Settings:
        """The settings of a ``with_options`` client: this client's, changed as named, checked.

        Raises:
            CodegenInputError: An option is invalid.

        """
        changes: dict[str, Any] = {}
        if not isinstance(timeout, NotGiven):
            changes["timeout"] = check_timeout("timeout", timeout)
        if not isinstance(max_retries, NotGiven):
            changes["max_retries"] = check_whole_number("max_retries", max_retries)
        if not isinstance(max_retry_wait, NotGiven):
            changes["max_retry_wait"] = check_seconds(
                "max_retry_wait", max_retry_wait, allow_zero=True
            )
        if not isinstance(rate_limits, NotGiven):
            changes["rate_limits"] = check_flag("rate_limits", rate_limits)
        settings = dataclasses.replace(self.settings, **changes)
        if not isinstance(default_headers, NotGiven):
            settings = with_headers(
                dataclasses.replace(settings, default_headers=()), default_headers
            )
        return settings

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


def with_headers(settings: Settings, headers: Headers | None) -> Settings:
    """The settings with ``headers`` as their default headers, checked.

    Raises:
        CodegenInputError: A header HTTP cannot carry, one the client sets itself, or the key.

    """
    if headers is None:
        return settings
    checked = check_headers(headers, settings.api_key.found_in)
    return dataclasses.replace(settings, default_headers=tuple(checked.items()))


def check_request(method: Any, repeatable: Any, cast_to: Any) -> tuple[str, Any]:
    """Check the escape hatch's method, ``repeatable`` and ``cast_to`` (nothing is sent).

    Returns:
        The method in capitals, and how to read the answer: a model's ``from_dict``, or the
        JSON as it came.

    Raises:
        CodegenInputError: Not an HTTP method, not a flag, or not a model class.

    """
    verb = method.upper() if isinstance(method, str) else method
    if verb not in _METHODS:
        raise invalid(f"method must be an HTTP method, got {method!r}")
    if repeatable is not None:
        check_flag("repeatable", repeatable)
    if cast_to is None:
        from codegen_client_generated.reading import check_open

        return verb, check_open
    read = getattr(cast_to, "from_dict", None)
    if not callable(read):
        shown = getattr(cast_to, "__name__", cast_to)
        raise invalid(f"cast_to must be a model class with from_dict, got {shown!r}")
    return verb, read
