"""One rate budget for many processes and machines: send slots booked in Redis.

``CodegenClient(rate_limit_url="redis://host:6379/0")`` (or ``CODEGEN_RATE_LIMIT_URL``) books
every send slot in Redis, so all processes that use that Redis share the API's budgets: the
same budgets (`budget_of`) and numbers as the in-process pacing.

- A slot is booked atomically by one Lua script, on the Redis server's clock (``TIME``), never
  on the workers' clocks: a sorted set per budget holds the booked send times.
- A budget's Redis key holds a SHA-256 of the base URL and the API key, never the key.
- When Redis cannot be reached (or answers with an error), the slot is booked in this process's
  own budget instead, and the log says so once (WARNING); Redis is tried again after
  ``retry_interval`` seconds. Short socket timeouts keep a call from hanging on Redis, and no
  call ever fails because of it.
- After ``os.fork()`` and on a new event loop, the child (or the loop) gets connections of its
  own.

Needs redis-py, the ``redis`` extra: ``pip install 'codegen-client[redis]'``.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import threading
import time
import weakref
from typing import TYPE_CHECKING, Any

from codegen_client._pacing import LocalRateLimitBackend
from codegen_client._secrets import HiddenURL
from codegen_client._settings import check_rate_limit_url

if TYPE_CHECKING:
    from codegen_client._clock import Clock

__all__ = ["RedisRateLimitBackend"]

logger = logging.getLogger("codegen_client")

PREFIX = "codegen_client:rate"

# KEYS[1]: the budget's sorted set of booked send times (score: the time, on Redis's clock
# times the client clock's speed); KEYS[2]: a counter that names each booking.
# ARGV: requests, period, within (< 0: any slot), speed. Returns the wait as a string (a Lua
# number would come back as a whole number) and the booking's name, or nil when the slot is
# not within ``within``.
_RESERVE = """
if redis.replicate_commands then redis.replicate_commands() end
local requests = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local within = tonumber(ARGV[3])
local speed = tonumber(ARGV[4])
local t = redis.call('TIME')
local now = (tonumber(t[1]) + tonumber(t[2]) / 1000000) * speed
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.6f', now - period))
local slot = now
if redis.call('ZCARD', KEYS[1]) >= requests then
  local nth = redis.call('ZRANGE', KEYS[1], -requests, -requests, 'WITHSCORES')
  slot = math.max(now, tonumber(nth[2]) + period)
end
if within >= 0 and slot - now >= within then
  return false
end
local name = redis.call('INCR', KEYS[2])
redis.call('ZADD', KEYS[1], string.format('%.6f', slot), name)
local keep = math.ceil((slot - now + period) / speed * 1000) + 1000
if redis.call('PTTL', KEYS[1]) < keep then
  redis.call('PEXPIRE', KEYS[1], keep)
end
redis.call('PEXPIRE', KEYS[2], keep)
return {string.format('%.6f', slot - now), name}
"""

# Once the answer came: move a booking (ARGV[1]) to now (ARGV: name, period, speed), if now is
# later. The API counted the request somewhere between the slot and now; dating it by now keeps
# the next window's sends from reaching the API before the window it counts has passed, however
# late this request was sent or delivered (a slow process, a queue at the server).
_SENT = """
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local speed = tonumber(ARGV[3])
local now = (tonumber(t[1]) + tonumber(t[2]) / 1000000) * speed
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if score and tonumber(score) < now then
  redis.call('ZADD', KEYS[1], string.format('%.6f', now), ARGV[1])
  local keep = math.ceil(tonumber(ARGV[2]) / speed * 1000) + 1000
  if redis.call('PTTL', KEYS[1]) < keep then
    redis.call('PEXPIRE', KEYS[1], keep)
  end
end
return 1
"""

# The booking of the call in flight in this thread or task: (budget, name), for sent().
_booked: contextvars.ContextVar[tuple[str, float, bytes] | None] = contextvars.ContextVar(
    "codegen_client_redis_booking", default=None
)


class RedisRateLimitBackend:
    """Send slots booked in Redis: one budget for every process and machine that uses it.

    Examples:
        >>> backend = RedisRateLimitBackend("redis://127.0.0.1:6379/0")  # doctest: +SKIP
        >>> client = CodegenClient(rate_limit_backend=backend)  # doctest: +SKIP

    Args:
        url: The Redis URL (``redis://[:password@]host:port/db``, ``rediss://`` or ``unix://``).
        socket_timeout: Seconds a connect or a command may take before the slot is booked
            locally instead.
        retry_interval: Seconds after a failure before Redis is tried again.
        prefix: The start of every Redis key.

    Raises:
        CodegenInputError: ``url`` is not a Redis URL, or redis-py is not installed.

    """

    def __init__(
        self,
        url: str | HiddenURL,
        *,
        socket_timeout: float = 1.0,
        retry_interval: float = 5.0,
        prefix: str = PREFIX,
    ) -> None:
        checked = url if isinstance(url, HiddenURL) else check_rate_limit_url(url, "url")
        assert checked is not None
        self._url = checked
        self._timeout = socket_timeout
        self._retry_interval = retry_interval
        self._prefix = prefix
        self._local = LocalRateLimitBackend()
        self._lock = threading.Lock()
        self._sync: Any = None
        self._sync_client: Any = None
        self._async: Any = None
        self._async_client: Any = None
        self._async_loop: weakref.ref[asyncio.AbstractEventLoop] | None = None
        self._down_until = 0.0
        self._warned = False

    @property
    def url(self) -> str:
        """The URL with any password shown as ``***``."""
        return self._url.shown

    def __repr__(self) -> str:
        return f"RedisRateLimitBackend({self._url.shown!r})"

    def _options(self) -> dict[str, Any]:
        return {
            "socket_timeout": self._timeout,
            "socket_connect_timeout": self._timeout,
            "health_check_interval": 0,
        }

    def _keys(self, budget: str) -> list[str]:
        return [f"{self._prefix}:{budget}", f"{self._prefix}:{budget}:seq"]

    @staticmethod
    def _args(requests: int, period: float, within: float | None, clock: Clock) -> list[str]:
        speed = getattr(clock, "speed", 1.0)
        return [str(requests), repr(float(period)), repr(-1.0 if within is None else within),
                repr(float(speed))]  # fmt: skip

    def _usable(self) -> bool:
        return time.monotonic() >= self._down_until

    def _failed(self, exc: Exception) -> None:
        self._down_until = time.monotonic() + self._retry_interval
        text = f"{type(exc).__name__}: {exc}"[:200]
        if not self._warned:
            self._warned = True
            logger.warning(
                "rate_limit_url: Redis at %s did not answer (%s); pacing uses this process's "
                "own budget until it does (tried again every %gs)",
                self._url.shown,
                text,
                self._retry_interval,
            )
        else:
            logger.info("rate_limit_url: Redis at %s failed again (%s)", self._url.shown, text)

    def _answered(self) -> None:
        if self._down_until:
            self._down_until = 0.0
            logger.info("rate_limit_url: Redis at %s answers again", self._url.shown)

    def _sync_script(self) -> Any:
        with self._lock:
            if self._sync is None:
                import redis
                from redis.backoff import NoBackoff
                from redis.retry import Retry

                client = redis.Redis.from_url(
                    self._url.get_secret_value(), retry=Retry(NoBackoff(), 0), **self._options()
                )
                self._sync = (client.register_script(_RESERVE), client.register_script(_SENT))
                self._sync_client = client
            return self._sync

    def _async_script(self) -> Any:
        loop = asyncio.get_running_loop()
        with self._lock:
            if self._async is None or self._async_loop is None or self._async_loop() is not loop:
                # A client's connections belong to the loop they were made on.
                import redis.asyncio
                from redis.asyncio.retry import Retry
                from redis.backoff import NoBackoff

                client = redis.asyncio.Redis.from_url(
                    self._url.get_secret_value(), retry=Retry(NoBackoff(), 0), **self._options()
                )
                self._async = (client.register_script(_RESERVE), client.register_script(_SENT))
                self._async_client = client
                self._async_loop = weakref.ref(loop)
            return self._async

    def reserve(
        self, budget: str, requests: int, period: float, within: float | None, clock: Clock
    ) -> float | None:
        """Book the earliest slot of ``budget`` in Redis (see ``RateLimitBackend``)."""
        _booked.set(None)
        if self._usable():
            try:
                answer = self._sync_script()[0](
                    keys=self._keys(budget), args=self._args(requests, period, within, clock)
                )
            except Exception as exc:  # Redis must never fail a call: book locally instead
                self._failed(exc)
            else:
                self._answered()
                return self._booking(budget, period, answer)
        return self._local.reserve(budget, requests, period, within, clock)

    async def areserve(
        self, budget: str, requests: int, period: float, within: float | None, clock: Clock
    ) -> float | None:
        """Book the earliest slot of ``budget`` in Redis, awaiting the answer."""
        _booked.set(None)
        if self._usable():
            try:
                answer = await self._async_script()[0](
                    keys=self._keys(budget), args=self._args(requests, period, within, clock)
                )
            except Exception as exc:  # Redis must never fail a call: book locally instead
                self._failed(exc)
            else:
                self._answered()
                return self._booking(budget, period, answer)
        return self._local.reserve(budget, requests, period, within, clock)

    @staticmethod
    def _booking(budget: str, period: float, answer: Any) -> float | None:
        if answer is None:
            return None
        pause, name = answer
        _booked.set((budget, period, name if isinstance(name, bytes) else str(name).encode()))
        return float(pause)

    def _sent_args(self, clock: Clock) -> tuple[list[str], list[Any]] | None:
        booked = _booked.get()
        if booked is None:
            return None
        _booked.set(None)
        budget, period, name = booked
        return [self._keys(budget)[0]], [
            name,
            repr(period),
            repr(float(getattr(clock, "speed", 1.0))),
        ]

    def sent(self, clock: Clock) -> None:
        """Date this thread's last booking by now: its answer has come (see ``_SENT``)."""
        found = self._sent_args(clock)
        if found is None or not self._usable():
            return
        try:
            self._sync_script()[1](keys=found[0], args=found[1])
        except Exception as exc:  # the booking stands as it was; the call is done
            self._failed(exc)

    async def asent(self, clock: Clock) -> None:
        """Date this task's last booking by now: its answer has come (see ``_SENT``)."""
        found = self._sent_args(clock)
        if found is None or not self._usable():
            return
        try:
            await self._async_script()[1](keys=found[0], args=found[1])
        except Exception as exc:  # the booking stands as it was; the call is done
            self._failed(exc)

    def close(self) -> None:
        """Close the blocking connections (they reopen if the back end is used again)."""
        with self._lock:
            client, self._sync, self._sync_client = self._sync_client, None, None
        if client is not None:
            client.close()

    async def aclose(self) -> None:
        """Close the connections of this event loop (and the blocking ones)."""
        self.close()
        loop = asyncio.get_running_loop()
        with self._lock:
            client = self._async_client
            if client is None or self._async_loop is None or self._async_loop() is not loop:
                return
            self._async = self._async_client = self._async_loop = None
        await client.aclose()

    def after_fork(self) -> None:
        """In a forked child: new locks; the async connections were the parent's.

        redis-py's blocking pool notices the fork itself and opens new connections.
        """
        self._lock = threading.Lock()
        self._async = self._async_client = self._async_loop = None
        self._local.after_fork()
