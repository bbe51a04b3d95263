"""A client's settings: constructor arguments and ``CODEGEN_*`` variables, merged and checked."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from codegen_client._logging import configure_env_logging
from codegen_client._secrets import HiddenKey, HiddenURL, shown_url
from codegen_client._validation import check_seconds, check_whole_number, invalid

__all__ = [
    "DEFAULT_BASE_URL",
    "REDIS_EXTRA_HINT",
    "Settings",
    "check_rate_limit_url",
    "check_timeout",
    "is_loopback",
    "resolve_settings",
]

DEFAULT_BASE_URL = "https://api.codegen.com/v1"
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_RETRIES = 3
DEFAULT_MAX_RETRY_WAIT = 120.0
DEFAULT_USER_AGENT = "codegen-python-client"
DEFAULT_CREATE_LOOKUP_WINDOW = 30.0
"""Seconds after an ambiguous failure during which a create searches for its run."""
DEFAULT_IDEMPOTENCY_WINDOW = 86_400.0
"""Seconds during which a caller's request id returns the run it started (24 hours)."""


@dataclass(frozen=True)
class Settings:
    """A client's resolved configuration (see ``CodegenClient`` for the meaning of each).

    The key is held in a `HiddenKey`: ``repr``, ``vars``,
    ``dataclasses.asdict``, ``rich.inspect`` and pickle never show it
    (``settings.api_key.get_secret_value()`` does). So is ``rate_limit_url``, which may carry
    a Redis password.
    """

    api_key: HiddenKey
    base_url: str
    timeout: float | httpx.Timeout
    max_retries: int
    user_agent: str
    rate_limits: bool
    allow_insecure_http: bool = False
    max_retry_wait: float = DEFAULT_MAX_RETRY_WAIT
    # Seconds a create looks for its run after an ambiguous failure.
    create_lookup_window: float = DEFAULT_CREATE_LOOKUP_WINDOW
    # Seconds during which a caller's request id is an idempotency key.
    idempotency_window: float = DEFAULT_IDEMPOTENCY_WINDOW
    # Headers sent with every request, besides the client's own (with_options may set them).
    default_headers: tuple[tuple[str, str], ...] = ()
    # Where the rate budgets are shared (None: this process's own).
    rate_limit_url: HiddenURL | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.api_key, HiddenKey):  # a plain string, from a caller's code
            object.__setattr__(self, "api_key", HiddenKey(self.api_key))

    def __repr__(self) -> str:
        # The key is never shown, not even in part.
        shared = self.rate_limit_url.shown if self.rate_limit_url is not None else None
        return (
            f"Settings(base_url={self.base_url!r}, timeout={self.timeout!r}, "
            f"max_retries={self.max_retries!r}, user_agent={self.user_agent!r}, "
            f"rate_limits={self.rate_limits!r}, "
            f"allow_insecure_http={self.allow_insecure_http!r}, "
            f"max_retry_wait={self.max_retry_wait!r}, "
            f"create_lookup_window={self.create_lookup_window!r}, "
            f"idempotency_window={self.idempotency_window!r}, "
            f"default_headers={dict(self.default_headers)!r}, "
            f"rate_limit_url={shared!r}, api_key=<hidden>)"
        )


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


def _api_key(value: Any, source: str) -> HiddenKey:
    if not value or (isinstance(value, str) and not value.strip()):
        raise invalid(
            "no API key: pass api_key=... or set the CODEGEN_API_KEY environment variable"
        )
    if not isinstance(value, str):
        raise invalid(f"{source} must be a string, got {type(value).__name__}")
    if not _header_safe(value, space=False):
        raise invalid(f"{source} contains spaces or characters that cannot go in an HTTP header")
    return HiddenKey(value)


def is_loopback(host: str) -> bool:
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
        raise invalid(f"{source} must be an http(s) URL, got {type(value).__name__}")
    # Error messages show the URL only through shown_url: it may carry a password or token.
    shown = shown_url(value)
    bad = next((i for i, c in enumerate(value) if ord(c) < 32 or ord(c) == 127), None)
    if bad is not None:
        raise invalid(f"{source} contains a control character at position {bad}, got '{shown}'")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:  # a byte that was not UTF-8, as os.environ keeps it
        raise invalid(f"{source} is not UTF-8 text (position {exc.start}), got '{shown}'") from None
    try:
        parsed = httpx.URL(value)
    except httpx.InvalidURL:
        raise invalid(f"{source} is not a valid URL, got '{shown}'") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise invalid(f"{source} must be an http(s) URL, got '{shown}'")
    if parsed.port is not None and not 0 < parsed.port < 65536:
        raise invalid(f"{source} has a port outside 1-65535, got '{shown}'")
    # Every error shows the URL it failed on: credentials in it would be printed.
    if parsed.userinfo:
        raise invalid(f"{source} must not carry credentials (user:password@)")
    # Operation paths are appended to the base URL as text.
    if parsed.query or parsed.fragment:
        raise invalid(f"{source} must not carry a query or a fragment, got '{shown}'")
    if parsed.scheme == "http" and not allow_insecure_http and not is_loopback(parsed.host):
        raise invalid(
            f"{source} uses plain http:// to {parsed.host}, which would send the API key "
            "unencrypted: use https://, or opt in with allow_insecure_http=True or "
            "CODEGEN_ALLOW_INSECURE_HTTP=1 (e.g. for a proxy on a private network)"
        )
    return str(parsed).rstrip("/")


REDIS_EXTRA_HINT = "rate_limit_url needs redis-py: pip install 'codegen-client[redis]'"
_REDIS_SCHEMES = ("redis", "rediss", "unix")


def check_rate_limit_url(value: Any, source: str) -> HiddenURL | None:
    """Check a ``rate_limit_url`` setting: a ``redis://``, ``rediss://`` or ``unix://`` URL.

    Args:
        value: The setting (None: no shared budget).
        source: Its name, for messages (argument or variable).

    Returns:
        The URL, held so that no repr shows its password; None when unset.

    Raises:
        CodegenInputError: Not such a URL, or redis-py is not installed.

    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise invalid(f"{source} must be a redis:// URL, got {type(value).__name__}")
    url = HiddenURL(value)
    scheme = value.partition("://")[0].lower() if "://" in value else ""
    if scheme not in _REDIS_SCHEMES or not value.partition("://")[2]:
        raise invalid(f"{source} must be a redis://, rediss:// or unix:// URL, got '{url.shown}'")
    import importlib.util

    if importlib.util.find_spec("redis") is None:
        raise invalid(REDIS_EXTRA_HINT)
    return url


_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


def _flag(value: Any, source: str) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise invalid(f"{source} must be True or False (1 or 0), got {value!r}")


def _timeout(value: Any, source: str) -> float | httpx.Timeout:
    if value is None:
        value = DEFAULT_TIMEOUT
    return check_timeout(source, value, from_text=True)


def check_timeout(source: str, value: Any, *, from_text: bool = False) -> float | httpx.Timeout:
    """A timeout: seconds for every phase, or an ``httpx.Timeout`` whose phases are all valid.

    Raises:
        CodegenInputError: Not such a value; the message names ``source``.

    """
    if isinstance(value, httpx.Timeout):
        for phase, seconds in value.as_dict().items():
            if seconds is not None:
                check_seconds(f"{source}.{phase}", seconds)
        return value
    return check_seconds(source, value, from_text=from_text)


def _max_retry_wait(value: Any, source: str) -> float:
    if value is None:
        value = DEFAULT_MAX_RETRY_WAIT
    return check_seconds(source, value, allow_zero=True, from_text=True)


def _create_lookup_window(value: Any, source: str) -> float:
    if value is None:
        value = DEFAULT_CREATE_LOOKUP_WINDOW
    return check_seconds(source, value, allow_zero=True, from_text=True)


def _idempotency_window(value: Any, source: str) -> float:
    if value is None:
        value = DEFAULT_IDEMPOTENCY_WINDOW
    return check_seconds(source, value, from_text=True)


def _max_retries(value: Any, source: str) -> int:
    if value is None:
        value = DEFAULT_MAX_RETRIES
    return check_whole_number(source, value, from_text=True)


def _user_agent(value: Any, source: str) -> str:
    agent = value or DEFAULT_USER_AGENT
    if not isinstance(agent, str) or not _header_safe(agent, space=True):
        raise invalid(f"{source} must be printable ASCII (it is sent as a header), got {agent!r}")
    return agent


def resolve_settings(
    *,
    api_key: str | None,
    base_url: str | None,
    timeout: float | httpx.Timeout | None,
    max_retries: int | None,
    user_agent: str | None,
    rate_limits: bool = True,
    allow_insecure_http: bool | None = None,
    max_retry_wait: float | None = None,
    create_lookup_window: float | None = None,
    rate_limit_url: str | None = None,
    idempotency_window: float | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Merge constructor arguments with ``CODEGEN_*`` environment variables and check them.

    Arguments win over the environment; unset values take the documented defaults. With
    ``CODEGEN_LOG`` set (debug or info), the ``codegen_client`` logger is turned on on stderr.

    Args:
        api_key: ``CODEGEN_API_KEY``; required.
        base_url: ``CODEGEN_BASE_URL``; plain ``http://`` only to loopback unless allowed.
        timeout: ``CODEGEN_TIMEOUT``, seconds per request, or an ``httpx.Timeout``.
        max_retries: ``CODEGEN_MAX_RETRIES``.
        user_agent: ``CODEGEN_USER_AGENT``.
        rate_limits: Pace requests within the documented limits.
        allow_insecure_http: ``CODEGEN_ALLOW_INSECURE_HTTP``: allow ``http://`` to any host.
        max_retry_wait: ``CODEGEN_MAX_RETRY_WAIT``: the longest wait a 429 may ask for
            before it is raised instead of slept (seconds, >= 0; default 120).
        create_lookup_window: ``CODEGEN_CREATE_LOOKUP_WINDOW``: how long a create looks for
            its run after an ambiguous failure, since the run list may lag (seconds, >= 0;
            default 30).
        idempotency_window: ``CODEGEN_IDEMPOTENCY_WINDOW``: how long a caller's request id
            returns the run it started; a create's look-up reads no further back (seconds,
            > 0; default 86400, 24 hours).
        rate_limit_url: ``CODEGEN_RATE_LIMIT_URL``: a ``redis://`` URL where every process
            using it shares the rate budgets (needs the ``redis`` extra).
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
        create_lookup_window=_create_lookup_window(
            *_pick(
                create_lookup_window,
                env,
                "create_lookup_window",
                "CODEGEN_CREATE_LOOKUP_WINDOW",
                strip=True,
            )
        ),
        idempotency_window=_idempotency_window(
            *_pick(
                idempotency_window,
                env,
                "idempotency_window",
                "CODEGEN_IDEMPOTENCY_WINDOW",
                strip=True,
            )
        ),
        rate_limit_url=check_rate_limit_url(
            *_pick(rate_limit_url, env, "rate_limit_url", "CODEGEN_RATE_LIMIT_URL", strip=True)
        ),
    )
