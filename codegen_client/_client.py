"""What both clients share: their settings, read from arguments and ``CODEGEN_*`` variables."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from codegen_client._clock import Clock, SystemClock
from codegen_client._core import Settings, capture_response
from codegen_client._exceptions import CodegenInputError

if TYPE_CHECKING:
    from codegen_client._async.core import AsyncCore
    from codegen_client._sync.core import Core

__all__ = ["DEFAULT_BASE_URL", "resolve_settings"]

DEFAULT_BASE_URL = "https://api.codegen.com/v1"
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_RETRIES = 3
DEFAULT_USER_AGENT = "codegen-python-client"
DEFAULT_MAX_RETRY_WAIT = 120.0


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


def _base_url(value: Any, source: str) -> str:
    if value is None:
        value = DEFAULT_BASE_URL
    parsed = httpx.URL(value) if isinstance(value, str) else None
    if parsed is None or parsed.scheme not in ("http", "https") or not parsed.host:
        raise CodegenInputError(f"{source} must be an http(s) URL, got {value!r}")
    # Every error shows the URL it failed on: credentials in it would be printed.
    if parsed.userinfo:
        raise CodegenInputError(f"{source} must not carry credentials (user:password@)")
    # Operation paths are appended to the base URL as text.
    if parsed.query or parsed.fragment:
        raise CodegenInputError(f"{source} must not carry a query or a fragment, got {value!r}")
    return str(parsed).rstrip("/")


def _timeout(value: Any, source: str) -> float:
    if value is None:
        value = DEFAULT_TIMEOUT
    try:
        if isinstance(value, bool):
            raise ValueError
        seconds = float(value)
    except (TypeError, ValueError):
        raise CodegenInputError(f"{source} must be a number of seconds, got {value!r}") from None
    if not seconds > 0 or seconds == float("inf"):
        raise CodegenInputError(f"{source} must be > 0 seconds, got {value!r}")
    return seconds


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


def _max_retry_wait(value: Any, source: str) -> float:
    return _timeout(DEFAULT_MAX_RETRY_WAIT if value is None else value, source)


def resolve_settings(
    *,
    api_key: str | None,
    base_url: str | None,
    timeout: float | None,
    max_retries: int | None,
    user_agent: str | None,
    rate_limits: bool = True,
    max_retry_wait: float | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Merge constructor arguments with ``CODEGEN_*`` environment variables and check them.

    Arguments win over the environment; unset values take the documented defaults.

    Raises:
        CodegenInputError: A value is missing or invalid; the message names it and where it
            came from (argument or variable).

    """
    env = os.environ if environ is None else environ
    return Settings(
        api_key=_api_key(*_pick(api_key, env, "api_key", "CODEGEN_API_KEY")),
        base_url=_base_url(*_pick(base_url, env, "base_url", "CODEGEN_BASE_URL")),
        timeout=_timeout(*_pick(timeout, env, "timeout", "CODEGEN_TIMEOUT", strip=True)),
        max_retries=_max_retries(
            *_pick(max_retries, env, "max_retries", "CODEGEN_MAX_RETRIES", strip=True)
        ),
        user_agent=_user_agent(*_pick(user_agent, env, "user_agent", "CODEGEN_USER_AGENT")),
        rate_limits=rate_limits,
        max_retry_wait=_max_retry_wait(
            *_pick(max_retry_wait, env, "max_retry_wait", "CODEGEN_MAX_RETRY_WAIT", strip=True)
        ),
    )


_Http = TypeVar("_Http", httpx.Client, httpx.AsyncClient)


class _ClientBase:
    settings: Settings
    _core: Core | AsyncCore
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
