"""DefaultAioHttpClient: an ``httpx.AsyncClient`` that sends through aiohttp (``aiohttp`` extra).

At a couple of hundred concurrent calls, httpx's own async connection pool (httpcore) spends
milliseconds of CPU per request on bookkeeping that grows with the connections and waiting
requests, and with its default limits it closes and reopens many of its connections;
aiohttp's pool does neither (``docs/benchmarks.md``, section 7). ``httpx-aiohttp`` puts
aiohttp under an httpx client, so everything above the transport (the client's requests,
auth, timeouts, errors) stays the same. This module needs only httpx: the extra is imported
when a client is made.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable
from typing import Any

import httpx

__all__ = ["AIOHTTP_EXTRA_HINT", "DefaultAioHttpClient"]

AIOHTTP_EXTRA_HINT = (
    "DefaultAioHttpClient needs the aiohttp extra: pip install 'codegen-client[aiohttp]'"
)
_EXTRA_MODULES = ("aiohttp", "httpx_aiohttp")
_HTTPX_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)


def _transport_type() -> Callable[..., httpx.AsyncBaseTransport]:
    """Import the aiohttp transport, or explain which extra provides it.

    Raises:
        ModuleNotFoundError: aiohttp or httpx-aiohttp is not installed.

    """
    try:
        from codegen_client._aiohttp_transport import AiohttpTransport
    except ModuleNotFoundError as exc:
        if (exc.name or "").partition(".")[0] not in _EXTRA_MODULES:
            raise
        raise ModuleNotFoundError(AIOHTTP_EXTRA_HINT, name=exc.name) from exc
    return AiohttpTransport


class DefaultAioHttpClient(httpx.AsyncClient):
    """An ``httpx.AsyncClient`` on aiohttp's connection pool, for many concurrent calls.

    It takes ``httpx.AsyncClient``'s arguments. HTTP/2 is not available (aiohttp speaks
    HTTP/1.1), nor a write timeout; proxies from ``proxy=``, ``mounts=`` or the environment go
    through aiohttp as well. Unlike a plain ``httpx_aiohttp.HttpxAiohttpClient``, a connection
    lost after a request may have left is never reported as a connect error (that would let a
    create be posted twice), and aiohttp keeps no cookies.

    Examples:
        >>> from codegen_client import AsyncCodegenClient, DefaultAioHttpClient
        >>> async with DefaultAioHttpClient() as http:  # doctest: +SKIP
        ...     client = AsyncCodegenClient(http_client=http)
        ...     run = await client.agents.get_agent_run(org_id=123, agent_run_id=456)

    Raises:
        ModuleNotFoundError: The ``aiohttp`` extra (``httpx-aiohttp``) is not installed; the
            message has the install line.

    """

    def __init__(self, **kwargs: Any) -> None:
        self._transport_class = _transport_type()
        super().__init__(**kwargs)

    def _init_transport(
        self,
        verify: ssl.SSLContext | str | bool = True,
        cert: Any = None,
        trust_env: bool = True,
        http1: bool = True,
        http2: bool = False,
        limits: httpx.Limits = _HTTPX_LIMITS,
        transport: httpx.AsyncBaseTransport | None = None,
        **_: Any,
    ) -> httpx.AsyncBaseTransport:
        if transport is not None:
            return transport
        return self._transport_class(
            verify=verify, cert=cert, trust_env=trust_env, http1=http1, http2=http2, limits=limits
        )

    def _init_proxy_transport(
        self,
        proxy: httpx.Proxy,
        verify: ssl.SSLContext | str | bool = True,
        cert: Any = None,
        trust_env: bool = True,
        http1: bool = True,
        http2: bool = False,
        limits: httpx.Limits = _HTTPX_LIMITS,
        **_: Any,
    ) -> httpx.AsyncBaseTransport:
        return self._transport_class(
            verify=verify,
            cert=cert,
            trust_env=trust_env,
            http1=http1,
            http2=http2,
            limits=limits,
            proxy=proxy,
        )
