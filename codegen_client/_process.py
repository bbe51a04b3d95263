"""Connections that stay in their process, event loop and network path.

- **Fork**: connections made before ``os.fork()`` are never used after it. Parent and child
  would share each pooled socket and read each other's answers. In the child,
  `_after_fork_in_child` gives every live client a new httpx client of its own (a client
  the caller passed in has its pool emptied), and new locks for pacing.
- **Event loops**: an ``httpx.AsyncClient``'s connections belong to the loop that opened them.
  An ``AsyncCodegenClient`` used on a second loop (a second ``asyncio.run()``) makes itself a
  new httpx client; with a caller's own ``http_client`` it raises ``CodegenInputError``.
- **Proxies**: the key never travels in clear text to another host. A loopback base URL never
  goes through an environment proxy (``HTTP_PROXY``, ``ALL_PROXY``), and a plain ``http://``
  base URL that a proxy on another host would carry is refused unless
  ``allow_insecure_http``.

httpx has no public way to empty a pool or to ask which proxy a URL takes, so
`drop_pool` and `proxy_for` read its (and httpcore's) private attributes, and do
nothing where those are missing.
"""

from __future__ import annotations

import contextlib
import logging
import os
import weakref
from typing import Any, Protocol, TypeVar

import httpx

from codegen_client._exceptions import CodegenInputError
from codegen_client._settings import Settings, is_loopback

__all__ = ["check_proxy", "drop_pool", "new_http", "proxy_for", "watch_fork"]

logger = logging.getLogger("codegen_client")
_Http = TypeVar("_Http", httpx.Client, httpx.AsyncClient)


class _ForkAware(Protocol):
    def after_fork(self) -> None: ...


_watched: weakref.WeakSet[Any] = weakref.WeakSet()


def watch_fork(item: _ForkAware) -> None:
    """Call ``item.after_fork()`` in the child after every ``os.fork()``, while it lives."""
    _watched.add(item)


def _after_fork_in_child() -> None:
    for item in list(_watched):
        try:
            item.after_fork()
        except Exception:  # a fork must never fail because of a client
            logger.debug("after_fork failed for %r", item, exc_info=True)


if hasattr(os, "register_at_fork"):  # not on Windows, which has no fork
    os.register_at_fork(after_in_child=_after_fork_in_child)


def new_http(http_type: type[_Http], settings: Settings) -> _Http:
    """The client's own httpx client: its timeout, and no proxy on the way to a loopback host.

    Args:
        http_type: ``httpx.Client`` or ``httpx.AsyncClient``.
        settings: The client's settings.

    Returns:
        A new httpx client.

    """
    host = httpx.URL(settings.base_url).host
    mounts: dict[str, Any] = {}
    if is_loopback(host):
        # None: the default transport, not an environment proxy (a host pattern outranks
        # the scheme-only patterns that HTTP_PROXY and ALL_PROXY make).
        mounts[f"all://{'[' + host + ']' if ':' in host else host}"] = None
    return http_type(timeout=settings.timeout, mounts=mounts)


def _transports(http: httpx.Client | httpx.AsyncClient) -> list[Any]:
    mounts = getattr(http, "_mounts", None) or {}
    return [getattr(http, "_transport", None), *mounts.values()]


def drop_pool(http: httpx.Client | httpx.AsyncClient) -> None:
    """Forget the pooled connections of a caller's httpx client (in a forked child).

    They are abandoned, not closed: closing would end TLS sessions the parent still uses.
    """
    for transport in _transports(http):
        pool: Any = getattr(transport, "_pool", None)
        if not isinstance(getattr(pool, "_connections", None), list):
            continue
        pool._connections = []
        if isinstance(getattr(pool, "_requests", None), list):
            pool._requests = []
        lock = getattr(pool, "_optional_thread_lock", None)
        if lock is not None:
            # A lock a parent's thread held at the fork would never be released here.
            with contextlib.suppress(TypeError):
                pool._optional_thread_lock = type(lock)()


def has_pooled_connections(http: httpx.AsyncClient) -> bool:
    """True when ``http`` holds open network connections (tied to the loop that made them)."""
    return any(getattr(getattr(t, "_pool", None), "_connections", None) for t in _transports(http))


def proxy_for(http: httpx.Client | httpx.AsyncClient, url: str) -> httpx.URL | None:
    """The proxy ``http`` sends requests for ``url`` through, or None (direct, or unknown)."""
    find = getattr(http, "_transport_for_url", None)
    if find is None:
        return None
    try:
        pool = getattr(find(httpx.URL(url)), "_pool", None)
    except Exception:  # pragma: no cover - a changed private API: nothing to say
        return None
    found = getattr(pool, "_proxy_url", None)
    if found is None:
        found = getattr(getattr(pool, "_proxy", None), "url", None)
    if found is None:
        return None
    try:
        scheme, host, port = (part.decode() if isinstance(part, bytes) else part for part in (
            found.scheme, found.host, found.port))  # fmt: skip
        return httpx.URL(scheme=scheme, host=host, port=port)
    except Exception:  # pragma: no cover - a changed private API
        return None


def check_proxy(http: httpx.Client | httpx.AsyncClient, settings: Settings) -> None:
    """Refuse a proxy on another host for a plain ``http://`` base URL (the key in clear text).

    Through an https base URL the proxy only tunnels TLS (CONNECT, or SOCKS): the key stays
    encrypted. Through a plain ``http://`` one, the proxy reads the whole request.

    Raises:
        CodegenInputError: The key would reach a proxy on another host unencrypted, and
            ``allow_insecure_http`` is off.

    """
    base = httpx.URL(settings.base_url)
    if base.scheme != "http" or settings.allow_insecure_http:
        return
    proxy = proxy_for(http, settings.base_url)
    if proxy is None or is_loopback(proxy.host):
        return
    raise CodegenInputError(
        f"base_url {settings.base_url} would go through the proxy at {proxy.scheme}://"
        f"{proxy.host}:{proxy.port or ''} (HTTP_PROXY, ALL_PROXY or your http_client's proxy), "
        "which would carry the API key unencrypted to another host: use https://, exempt "
        "the host with NO_PROXY, or opt in with allow_insecure_http=True or "
        "CODEGEN_ALLOW_INSECURE_HTTP=1"
    )
