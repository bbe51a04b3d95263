"""One rate budget shared on a real Redis server: rate_limit_url and RedisRateLimitBackend.

Each test books slots in a real ``redis-server`` (started by the suite on a free loopback port)
from two clients that stand for two processes: each has its own back end, connections and
clock. Requests go to a scripted transport; the waits are read from a ``ManualClock``.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import socket
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from codegen_client import (
    AsyncCodegenClient,
    CodegenAgentRunTimeoutError,
    CodegenClient,
    CodegenInputError,
    ManualClock,
)
from codegen_client._pacing_redis import RedisRateLimitBackend
from tests.both import Clients

from .helpers import Script, echo_run, run_body

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])

OK = httpx.Response(200, json=run_body())
KEY = "sk-shared-budget-key-0123456789"


def _pair(clients: Clients, url: str, **kwargs: object) -> tuple[object, object, ManualClock]:
    # Creates are answered with the run carrying the call's request id, as the API answers.
    """Two clients with one key and one Redis, as two processes would have; the second's clock."""
    first = clients.scripted(
        Script(echo_run), ManualClock(), api_key=KEY, rate_limit_url=url, **kwargs
    )
    clock = ManualClock(start=1_000_000.0)  # a worker whose clock disagrees wildly
    second = clients.scripted(Script(echo_run), clock, api_key=KEY, rate_limit_url=url, **kwargs)
    return first, second, clock


def test_two_clients_share_the_read_budget(clients: Clients, redis_url: str) -> None:
    """60 reads from one client use the budget up: the other's first read waits the window."""
    first, second, clock = _pair(clients, redis_url)
    for _ in range(60):
        first.agents.get_agent_run(org_id=1, agent_run_id=7)  # type: ignore[attr-defined]
    second.agents.get_agent_run(org_id=1, agent_run_id=7)  # type: ignore[attr-defined]
    assert len(clock.sleeps) == 1 and 30.0 <= clock.sleeps[0] <= 31.0


def test_creates_share_ten_a_minute_and_other_budgets_stay_free(
    clients: Clients, redis_url: str
) -> None:
    """The create budget is 10 a minute across clients; reads and unlimited calls are not held."""
    first, second, clock = _pair(clients, redis_url)
    for _ in range(10):
        first.agents.create_agent_run(org_id=1, prompt="x")  # type: ignore[attr-defined]
    second.agents.get_agent_run(org_id=1, agent_run_id=7)  # type: ignore[attr-defined]
    second.agents.resume_agent_run(org_id=1, agent_run_id=7, prompt="go")  # type: ignore[attr-defined]
    assert clock.sleeps == []
    second.agents.create_agent_run(org_id=1, prompt="x")  # type: ignore[attr-defined]
    assert len(clock.sleeps) == 1 and 60.0 <= clock.sleeps[0] <= 62.0


def test_other_keys_have_budgets_of_their_own(clients: Clients, redis_url: str) -> None:
    """A client with another key is not held up by the first key's spent budget."""
    first = clients.scripted(Script(OK), ManualClock(), api_key=KEY, rate_limit_url=redis_url)
    for _ in range(60):
        first.agents.get_agent_run(org_id=1, agent_run_id=7)
    clock = ManualClock()
    other = clients.scripted(Script(OK), clock, api_key="sk-another-key", rate_limit_url=redis_url)
    other.agents.get_agent_run(org_id=1, agent_run_id=7)
    assert clock.sleeps == []


def test_redis_keys_hold_a_hash_of_the_key_never_the_key(clients: Clients, redis_url: str) -> None:
    """Every Redis key names a SHA-256 of base URL and key; the key is nowhere in Redis."""
    import redis

    client = clients.scripted(
        Script(echo_run), ManualClock(), api_key=KEY, rate_limit_url=redis_url
    )
    client.agents.get_agent_run(org_id=1, agent_run_id=7)
    client.agents.create_agent_run(org_id=1, prompt="x")
    digest = hashlib.sha256(f"https://api.codegen.com/v1\n{KEY}".encode()).hexdigest()
    with redis.Redis.from_url(redis_url) as connection:
        keys = sorted(k.decode() for k in connection.keys("*"))
        dumped = b"".join(connection.dump(k) or b"" for k in keys)
    assert keys == [
        f"codegen_client:rate:{digest}:create_agent_run",
        f"codegen_client:rate:{digest}:create_agent_run:seq",
        f"codegen_client:rate:{digest}:get_agent_run",
        f"codegen_client:rate:{digest}:get_agent_run:seq",
    ]
    assert KEY not in " ".join(keys) and KEY.encode() not in dumped


def test_a_wait_deadline_bounds_the_shared_pause(clients: Clients, redis_url: str) -> None:
    """With the budget spent elsewhere, a wait of 5 s gives up at once: no 30 s pause, no send."""
    import redis

    first, second, clock = _pair(clients, redis_url)
    for _ in range(60):
        first.agents.get_agent_run(org_id=1, agent_run_id=7)  # type: ignore[attr-defined]
    with pytest.raises(CodegenAgentRunTimeoutError):
        second.agents.wait_for_agent_run(org_id=1, agent_run_id=7, timeout=5.0)  # type: ignore[attr-defined]
    assert all(pause < 5.0 for pause in clock.sleeps)
    with redis.Redis.from_url(redis_url) as connection:
        booked = [connection.zcard(k) for k in connection.keys("*get_agent_run")]
    assert booked == [60]  # the refused slot was not booked


def test_the_environment_variable_turns_it_on(
    clients: Clients, redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CODEGEN_RATE_LIMIT_URL shares the budget like rate_limit_url=."""
    monkeypatch.setenv("CODEGEN_RATE_LIMIT_URL", redis_url)
    first = clients.scripted(Script(OK), ManualClock(), api_key=KEY)
    for _ in range(60):
        first.agents.get_agent_run(org_id=1, agent_run_id=7)
    clock = ManualClock()
    clients.scripted(Script(OK), clock, api_key=KEY).agents.get_agent_run(org_id=1, agent_run_id=7)
    assert len(clock.sleeps) == 1 and clock.sleeps[0] >= 30.0


def test_rate_limits_off_never_asks_redis(clients: Clients, redis_url: str) -> None:
    """rate_limits=False sends at once and books nothing, shared URL or not."""
    import redis

    clock = ManualClock()
    client = clients.scripted(
        Script(OK), clock, api_key=KEY, rate_limit_url=redis_url, rate_limits=False
    )
    for _ in range(70):
        client.agents.get_agent_run(org_id=1, agent_run_id=7)
    assert clock.sleeps == []
    with redis.Redis.from_url(redis_url) as connection:
        assert connection.keys("*") == []


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unreachable_redis_falls_back_to_local_pacing_and_says_so_once(
    clients: Clients, closed_port: int, caplog: pytest.LogCaptureFixture
) -> None:
    """No Redis: every call still succeeds, paced by the process alone, with one warning."""
    clock = ManualClock()
    script = Script(OK)
    url = f"redis://:hunter2@127.0.0.1:{closed_port}/0"
    client = clients.scripted(script, clock, api_key=KEY, rate_limit_url=url)
    with caplog.at_level(logging.WARNING, logger="codegen_client"):
        for _ in range(61):
            client.agents.get_agent_run(org_id=1, agent_run_id=7)
    assert len(script.requests) == 61
    assert len(clock.sleeps) == 1 and 30.0 <= clock.sleeps[0] <= 31.0
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1
    assert f"127.0.0.1:{closed_port}" in warnings[0] and "own budget" in warnings[0]
    assert "hunter2" not in warnings[0]


@pytest.fixture
def silent_redis() -> Iterator[str]:
    """A loopback listener that accepts connections and never answers (a hung Redis)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.05)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    stop.set()
    thread.join()
    for sock in accepted:
        sock.close()
    listener.close()


def test_a_hung_redis_never_hangs_a_call(clients: Clients, silent_redis: str) -> None:
    """A Redis that never answers costs one short socket timeout, then local pacing."""
    script = Script(OK)
    backend = RedisRateLimitBackend(silent_redis, socket_timeout=0.05, retry_interval=3600.0)
    client = clients.scripted(script, ManualClock(), api_key=KEY, rate_limit_backend=backend)
    for _ in range(5):
        client.agents.get_agent_run(org_id=1, agent_run_id=7)
    assert len(script.requests) == 5


def test_a_redis_error_never_fails_a_call(clients: Clients, redis_url: str) -> None:
    """A budget key of the wrong type (WRONGTYPE) is answered by local pacing, not an error."""
    import redis

    digest = hashlib.sha256(f"https://api.codegen.com/v1\n{KEY}".encode()).hexdigest()
    with redis.Redis.from_url(redis_url) as connection:
        connection.set(f"codegen_client:rate:{digest}:get_agent_run", "not a sorted set")
    script = Script(OK)
    client = clients.scripted(script, ManualClock(), api_key=KEY, rate_limit_url=redis_url)
    client.agents.get_agent_run(org_id=1, agent_run_id=7)
    assert len(script.requests) == 1


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:6379", "redis:", "127.0.0.1:6379", "", "memcached://x"]
)
def test_a_url_that_is_not_redis_is_refused_before_any_request(clients: Clients, url: str) -> None:
    """rate_limit_url must be redis://, rediss:// or unix://: anything else is CodegenInputError."""
    with pytest.raises(CodegenInputError, match="rate_limit_url"):
        clients.new(api_key=KEY, rate_limit_url=url or "  ")


def test_a_password_in_the_url_is_never_shown(clients: Clients, redis_url: str) -> None:
    """The Redis password stays out of the settings' repr, vars and the back end's repr."""
    url = redis_url.replace("redis://", "redis://:s3cret-pass@")
    client = clients.new(api_key=KEY, rate_limit_url=url)
    shown = repr(client.settings) + repr(vars(client.settings)) + repr(client._core.limiter.backend)
    assert "s3cret-pass" not in shown and "***@127.0.0.1" in shown


def test_a_backend_without_reserve_is_refused(clients: Clients) -> None:
    """rate_limit_backend= must have reserve() and areserve()."""
    with pytest.raises(CodegenInputError, match="rate_limit_backend"):
        clients.new(api_key=KEY, rate_limit_backend=object())


def _spend(client: Any, calls: int) -> None:
    """Make ``calls`` reads on a sync or async client (a new event loop for the async one)."""
    if isinstance(client, AsyncCodegenClient):

        async def run() -> None:
            for _ in range(calls):
                await client.agents.get_agent_run(org_id=1, agent_run_id=7)

        asyncio.run(run())
    else:
        for _ in range(calls):
            client.agents.get_agent_run(org_id=1, agent_run_id=7)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork() on this platform")
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
@pytest.mark.parametrize("flavor", ["sync", "async"])
def test_a_forked_child_books_in_the_same_shared_budget(flavor: str, redis_url: str) -> None:
    """A client made before a fork books the child's calls in Redis too: the parent then waits."""
    script = Script(OK)
    clock = ManualClock()
    cls = AsyncCodegenClient if flavor == "async" else CodegenClient
    http = (httpx.AsyncClient if flavor == "async" else httpx.Client)(
        transport=httpx.MockTransport(script)
    )
    client = cls(api_key=KEY, rate_limit_url=redis_url, clock=clock, http_client=http)
    _spend(client, 1)  # the parent has used Redis (and its connections) before the fork
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            _spend(client, 59)
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert clock.sleeps == []
    _spend(client, 1)
    assert len(clock.sleeps) == 1 and 29.0 <= clock.sleeps[0] <= 31.0


def test_closing_the_client_closes_its_redis_connections(clients: Clients, redis_url: str) -> None:
    """close() (or leaving ``with``) also closes the connections to Redis the client opened."""
    import redis

    def connections(watcher: redis.Redis) -> set[str]:
        return {str(entry["id"]) for entry in watcher.client_list()}

    with redis.Redis.from_url(redis_url) as watcher:
        before = connections(watcher)  # other tests' clients may close theirs meanwhile
        client = clients.new(api_key=KEY, rate_limit_url=redis_url, clock=ManualClock(),
                             transport=httpx.MockTransport(Script(OK)))  # fmt: skip
        client.agents.get_agent_run(org_id=1, agent_run_id=7)
        opened = connections(watcher) - before - {str(watcher.client_id())}
        assert len(opened) == 1
        client.close()
        assert not opened & connections(watcher)


def test_a_booking_is_dated_by_its_answer(clients: Clients, redis_url: str) -> None:
    """An answered send counts from its answer's time in Redis, never before the API saw it."""
    import redis

    watcher = redis.Redis.from_url(redis_url)
    arrived: list[float] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seconds, micros = watcher.time()
        arrived.append(seconds + micros / 1e6)
        return httpx.Response(200, json=run_body())

    client = clients.new(api_key=KEY, rate_limit_url=redis_url, clock=ManualClock(),
                         transport=httpx.MockTransport(answer))  # fmt: skip
    client.agents.get_agent_run(org_id=1, agent_run_id=7)
    (key,) = watcher.keys("*:get_agent_run")
    ((_, score),) = watcher.zrange(key, 0, -1, withscores=True)
    assert score >= arrived[0]
    watcher.close()
