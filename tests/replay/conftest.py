"""Cassette tests: replayed in CI; re-recorded from the offline API or, opt-in, the real API.

Modes, chosen by ``CODEGEN_RECORD``:

- unset (CI, ``make test``): replay only. pytest-recording runs with ``--record-mode=none`` and
  ``--block-network``; the ids come from ``cassettes/ids.json``.
- ``fake`` (``make cassettes``): a loopback offline API is started and every cassette rewritten.
- ``live`` (``make cassettes-live``): the real API, with ``CODEGEN_API_KEY`` and
  ``CODEGEN_ORG_ID`` from the environment; tests whose ids are not given are skipped, and so are
  the operations that change or delete something unless ``CODEGEN_LIVE_WRITES=1``.

The Authorization header (and cookies) are filtered out of every cassette, and so are secrets
in request and response bodies: webhook secrets, Slack connect tokens, OAuth tokens (every
value of a ``secret``/``token``-like field, wherever the body repeats it, becomes ``FILTERED``).
The API key and any ``Bearer <token>`` become ``FILTERED`` in every recorded header, URL and
body, requests and answers alike: a server that echoes the Authorization header back leaves no
copy of the key (``tests/replay/test_recording_filter.py`` records against one).
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from codegen_client._secrets import redact, secret_fields
from codegen_client.testing.examples import ExampleIds
from tests.both import Clients

HERE = Path(__file__).resolve().parent
MODE = os.environ.get("CODEGEN_RECORD", "")
# Where cassettes are read and written; a recording may go elsewhere (the test of make
# cassettes records into a temporary folder).
CASSETTES = Path(os.environ.get("CODEGEN_CASSETTE_DIR") or HERE / "cassettes")
IDS_FILE = CASSETTES / "ids.json"
REPLAY_BASE_URL = "https://api.codegen.com/v1"
REPLAY_KEY = "sk-replay-0000"
FILTERED = "FILTERED"


@dataclasses.dataclass(frozen=True)
class Target:
    """Where the cassette tests send, and the ids they address."""

    base_url: str
    api_key: str
    ids: ExampleIds
    live: bool = False


def _live_ids() -> ExampleIds:
    def number(name: str) -> int:
        value = os.environ.get(name)
        return int(value) if value else 0

    if not os.environ.get("CODEGEN_API_KEY") or not os.environ.get("CODEGEN_ORG_ID"):
        pytest.exit("make cassettes-live needs CODEGEN_API_KEY and CODEGEN_ORG_ID", returncode=2)
    return ExampleIds(
        org_id=number("CODEGEN_ORG_ID"),
        user_id=number("CODEGEN_USER_ID"),
        repo_id=number("CODEGEN_REPO_ID"),
        pr_id=number("CODEGEN_PR_ID"),
        agent_run_id=number("CODEGEN_AGENT_RUN_ID"),
        paused_run_id=number("CODEGEN_PAUSED_RUN_ID"),
        sandbox_id=number("CODEGEN_SANDBOX_ID"),
        oauth_provider=os.environ.get("CODEGEN_OAUTH_PROVIDER", ""),
    )


@pytest.fixture(scope="session")
def target() -> Iterator[Target]:
    """The server the cassette tests talk to (or pretend to, when replaying)."""
    if MODE == "fake":
        from codegen_client.testing import FakeCodegenAPI, ManualClock
        from codegen_client.testing.server import FakeServer

        fake = FakeCodegenAPI(seed=3, clock=ManualClock(), rate_limits=False)
        ids = ExampleIds.from_fake(fake)
        IDS_FILE.parent.mkdir(exist_ok=True)
        IDS_FILE.write_text(json.dumps(dataclasses.asdict(ids), indent=2) + "\n")
        with FakeServer(fake, port=0) as server:
            yield Target(server.base_url, fake.api_key, ids)
    elif MODE == "live":
        yield Target(
            os.environ.get("CODEGEN_BASE_URL", REPLAY_BASE_URL),
            os.environ["CODEGEN_API_KEY"],
            _live_ids(),
            live=True,
        )
    else:
        ids = ExampleIds(**json.loads(IDS_FILE.read_text()))
        yield Target(REPLAY_BASE_URL, REPLAY_KEY, ids)


# Every API key seen in the Authorization header of a recorded request (and the environment's):
# a server may echo it anywhere in its answer, with or without "Bearer".
_keys: set[str] = set()


def _hide_keys(text: str) -> str:
    """Replace each known key and any ``Bearer <token>`` in ``text`` with FILTERED."""
    return redact(text, [*_keys, os.environ.get("CODEGEN_API_KEY", "")], mask=FILTERED)


def scrub_body(body: bytes | str | None) -> bytes | str | None:
    """Replace every secret a body holds with FILTERED, wherever the body repeats it.

    A Slack connect token is also quoted in the answer's ``message``: replacing the text of
    each secret value (not only the field) catches every copy. The API key and any ``Bearer``
    token are replaced in any body, JSON or not.
    """
    if not body:
        return body
    if isinstance(body, str):
        text = body
    else:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:  # not text: latin-1 round-trips every byte unchanged
            return _hide_keys(body.decode("latin-1")).encode("latin-1")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        data = None
    secrets = {s for s in secret_fields(data) if s and s != FILTERED}
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(json.dumps(secret)[1:-1], FILTERED)
    text = _hide_keys(text)
    return text if isinstance(body, str) else text.encode()


def _scrub_headers(headers: Any) -> None:
    """Scrub every value of a header mapping in place (values are strings or lists of them)."""
    for name in list(headers):
        value = headers[name]
        if isinstance(value, list):
            headers[name] = [_hide_keys(str(v)) for v in value]
        else:
            headers[name] = _hide_keys(str(value))


def before_record_request(request: Any) -> Any:
    """Record every request as sent to the public base URL, with no key or secret in it."""
    scheme, _, token = str(request.headers.pop("Authorization", "")).partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        _keys.add(token.strip())
    _scrub_headers(request.headers)
    path = request.uri.split("/v1/", 1)[1]
    request.uri = _hide_keys(f"{REPLAY_BASE_URL}/{path}")
    request.body = scrub_body(request.body)
    return request


# The offline API numbers its answers' request ids across the whole recording session, so a
# test added before others would change every later cassette: each test counts its own.
_answers_of_test = itertools.count(1)


def before_record_response(response: dict[str, Any]) -> dict[str, Any]:
    """Keep cassettes stable (no dates, no server banners) and free of keys and secrets."""
    for name in ("date", "server", "Date", "Server"):
        response["headers"].pop(name, None)
    if MODE == "fake" and "x-request-id" in response["headers"]:
        response["headers"]["x-request-id"] = [f"req_{next(_answers_of_test):06d}"]
    _scrub_headers(response["headers"])
    body = response.get("body") or {}
    if "string" in body:
        body["string"] = scrub_body(body["string"])
    return response


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """When recording, the async twin of each test is skipped before its fixtures run.

    Both flavors share one cassette. Skipped inside a fixture, the async item would still have
    its cassette deleted first by the rewrite mode, leaving nothing of the sync recording.
    """
    if not MODE:
        return
    skip = pytest.mark.skip(reason="cassettes are recorded once, with the sync client")
    for item in items:
        if item.path.is_relative_to(HERE) and item.name.endswith("[async]"):
            item.add_marker(skip)


@pytest.fixture(scope="module")
def vcr_cassette_dir(request: pytest.FixtureRequest) -> str:
    """One folder of cassettes per test module, under :data:`CASSETTES`."""
    return str(CASSETTES / request.module.__name__.rsplit(".", 1)[-1])


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    """Match on what identifies a call (not host or body: the client tags create bodies).

    Authorization is removed by ``before_record_request``, which reads the key from it first.
    """
    return {
        "filter_headers": ["cookie", "set-cookie", "host"],
        "before_record_request": before_record_request,
        "before_record_response": before_record_response,
        "match_on": ["method", "path", "query"],
        "decode_compressed_response": True,
        "record_on_exception": False,
    }


@pytest.fixture
def client(target: Target, clients: Clients) -> Iterator[Any]:
    """A client with no retries or pacing, so each test is exactly the recorded exchange.

    Both flavors replay the same cassette; a recording is made with the sync client only (see
    :func:`pytest_collection_modifyitems`).
    """
    client = clients.new(
        api_key=target.api_key, base_url=target.base_url, max_retries=0, rate_limits=False
    )
    yield client
    if not clients.is_async:
        client.close()


@pytest.fixture
def default_cassette_name(request: pytest.FixtureRequest) -> str:
    """One cassette per operation test, shared by the sync and the async run of it."""
    return request.node.originalname


@pytest.fixture
def ids(target: Target, request: pytest.FixtureRequest) -> ExampleIds:
    """The ids to address; in live mode, skip tests whose ids or write access are missing."""
    if target.live:
        marker = request.node.get_closest_marker("writes")
        if marker is not None and os.environ.get("CODEGEN_LIVE_WRITES") != "1":
            pytest.skip("changes the live account: set CODEGEN_LIVE_WRITES=1 to record it")
        for name in getattr(request.node.get_closest_marker("needs"), "args", ()):
            if not getattr(target.ids, name):
                pytest.skip(f"set CODEGEN_{name.upper()} to record this against the live API")
    return target.ids


@pytest.fixture(autouse=True)
def _request_ids_count_from_one() -> None:
    """Each recorded test numbers its answers' request ids from 1 (see before_record_response)."""
    global _answers_of_test  # noqa: PLW0603 - one counter, restarted per test
    _answers_of_test = itertools.count(1)


@pytest.fixture(autouse=True)
def _every_recorded_interaction_is_played(
    request: pytest.FixtureRequest, record_mode: str
) -> Iterator[None]:
    """A replayed test must use every interaction its cassette holds."""
    yield
    if record_mode != "none" or request.node.get_closest_marker("vcr") is None:
        return
    cassette = request.getfixturevalue("vcr")
    unplayed = len(cassette.data) - sum(cassette.play_counts.values())
    assert cassette.all_played, f"{unplayed} recorded interaction(s) were never replayed"
