"""Shared test settings, and the fixtures that run each behaviour test on both clients."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from typing import Any

import pytest

from benchmarks._redis import RedisServer, redis_server_path
from codegen_client.testing import FakeCodegenAPI
from tests.both import Clients


def pytest_sessionstart(session: pytest.Session) -> None:
    """Let the processes the tests start be interrupted with SIGINT, as at a terminal.

    A suite started in the background (``make test &`` from a script, as CI may do) runs with
    SIGINT ignored, and children inherit an ignored signal: the Ctrl-C tests would then wait for
    a KeyboardInterrupt that never comes. A handled signal is reset to its default on exec.
    """
    del session
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture
def anyio_backend() -> str:
    """Run async tests on asyncio only."""
    return "asyncio"


@pytest.fixture(params=["sync", "async"])
def clients(request: pytest.FixtureRequest) -> Iterator[Clients]:
    """Make clients of one flavor: every test that takes this fixture runs on both."""
    made = Clients(request.param)
    try:
        yield made
    finally:
        made.close()


@pytest.fixture
def codegen_client(codegen_fake_api: FakeCodegenAPI, clients: Clients) -> Iterator[Any]:
    """A client wired to ``codegen_fake_api``: a CodegenClient, then an AsyncCodegenClient.

    This overrides the plugin's sync-only fixture of the same name inside this suite.
    """
    client = clients.of(codegen_fake_api)
    yield client
    if not clients.is_async:
        client.close()


def in_ci() -> bool:
    """True under CI (``CI`` set, as CI services and ``.ci/run`` do): a missing tool fails there."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """A real ``redis-server`` on a free loopback port for the whole session, stopped after it.

    Without the Debian package the Redis tests are skipped on a developer's machine, and fail
    under CI: ``.ci/run`` installs it, so a CI run that cannot start it is broken.
    """
    if redis_server_path() is None:
        message = "redis-server is not installed (apt-get install redis-server)"
        if in_ci():
            pytest.fail(f"{message}: CI must run the Redis tests", pytrace=False)
        pytest.skip(f"{message}; under CI (CI=true) this fails instead")
    pytest.importorskip(
        "redis", reason="needs the redis extra: pip install 'codegen-client[redis]'"
    )
    with RedisServer() as server:
        yield server


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """The session's Redis, emptied for this test."""
    import redis

    with redis.Redis.from_url(redis_server.url) as connection:
        connection.flushall()
    return redis_server.url
