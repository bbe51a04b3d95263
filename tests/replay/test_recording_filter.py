"""Recording keeps no API key, even from a server that echoes the Authorization header back.

The cassette tests are recorded for real (``make cassettes-live``'s path: ``CODEGEN_RECORD=live``
pointed at a base URL) against a loopback offline API wrapped in an ASGI layer that copies the
Authorization header into every answer: into two response headers, and into each JSON object
body, once as ``Bearer <key>`` and once as the bare key. The cassettes are written to a copy of
``tests/replay`` in a temporary directory, then read back.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from codegen_client.testing import FakeCodegenAPI, ManualClock
from codegen_client.testing.examples import ExampleIds

ROOT = Path(__file__).resolve().parents[2]
KEY = "sk-echoed-4242-abcdefgh"
LOOPBACK = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])
pytestmark = LOOPBACK

Message = dict[str, Any]


class EchoAuthorization:
    """ASGI middleware: every answer repeats the request's Authorization header and its key."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        authorization = headers.get("authorization", "")
        key = authorization.partition(" ")[2]
        start: Message = {}

        async def echoing_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)  # held back until the body is known (Content-Length)
                return
            if message["type"] != "http.response.body" or not start:
                await send(message)
                return
            body = message.get("body", b"")
            try:
                data = json.loads(body) if body else None
            except ValueError:
                data = None
            if isinstance(data, dict):
                data["echo_authorization"] = authorization
                data["echo_key"] = key
                data["echo_message"] = f'You sent "{authorization}"'
                body = json.dumps(data).encode()
            out = [
                (k, v)
                for k, v in start["headers"]
                if k.lower() not in {b"content-length", b"www-authenticate"}
            ]
            out += [
                (b"content-length", str(len(body)).encode()),
                (b"x-echo-authorization", authorization.encode()),
                (b"www-authenticate", f'Bearer realm="codegen", token="{key}"'.encode()),
            ]
            await send({**start, "headers": out})
            start.clear()
            await send({**message, "body": body})

        await self.app(scope, receive, echoing_send)


@pytest.fixture
def echoing_server() -> Iterator[tuple[str, ExampleIds]]:
    """A loopback offline API whose every answer echoes the key; its base URL and ids."""
    pytest.importorskip("uvicorn", reason="needs the server extra")
    pytest.importorskip("vcr", reason="needs the dev extra")
    from codegen_client.testing.server import FakeServer

    fake = FakeCodegenAPI(seed=3, api_key=KEY, clock=ManualClock(), rate_limits=False)
    ids = ExampleIds.from_fake(fake)
    server = FakeServer(fake, port=0)
    server._server.config.app = EchoAuthorization(server.app)  # before uvicorn loads it
    with server:
        yield server.base_url, ids


def _copy_replay_tests(into: Path) -> Path:
    """Copy the cassette tests, with what they import, so recording writes under ``into``."""
    tests = into / "tests"
    (tests / "replay").mkdir(parents=True)
    for name in ("__init__.py", "conftest.py", "both.py"):
        shutil.copy(ROOT / "tests" / name, tests / name)
    for name in ("__init__.py", "conftest.py", "test_operations.py"):
        shutil.copy(ROOT / "tests" / "replay" / name, tests / "replay" / name)
    return tests / "replay"


def test_recording_against_an_echoing_server_keeps_no_key(
    echoing_server: tuple[str, ExampleIds], tmp_path: Path
) -> None:
    """Every cassette's headers, URLs and bodies hold FILTERED where the server echoed the key."""
    base_url, ids = echoing_server
    replay = _copy_replay_tests(tmp_path)
    env = {
        **os.environ,
        "CODEGEN_RECORD": "live",
        "CODEGEN_BASE_URL": base_url,
        "CODEGEN_API_KEY": KEY,
        "CODEGEN_LIVE_WRITES": "1",
        "PYTHONPATH": str(tmp_path),
        **{f"CODEGEN_{name.upper()}": str(value) for name, value in vars(ids).items()},
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-c",
            str(ROOT / "pyproject.toml"),
            "--rootdir",
            str(tmp_path),
            str(replay / "test_operations.py"),
            "--record-mode=rewrite",
            # Recording is done with the sync client (the async twin is skipped).
            "-k",
            "not async",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    import yaml

    cassettes = sorted((replay / "cassettes").rglob("*.yaml"))
    committed = sorted((ROOT / "tests" / "replay" / "cassettes").rglob("*.yaml"))
    assert len(cassettes) == len(committed) > 20
    for path in cassettes:
        text = path.read_text()
        assert KEY not in text, path.name
        assert KEY.rsplit("-", maxsplit=1)[-1] not in text, path.name
        interactions = yaml.safe_load(text)["interactions"]
        assert interactions, path.name
        for item in interactions:
            request, response = item["request"], item["response"]
            assert "authorization" not in {h.lower() for h in request["headers"]}
            # The echo arrived, and was replaced where it stood.
            assert response["headers"]["x-echo-authorization"] == ["Bearer FILTERED"]
            assert response["headers"]["www-authenticate"] == [
                'Bearer realm="codegen", token="FILTERED"'
            ]
            body = response["body"]["string"]
            data = json.loads(body) if body and body.lstrip()[:1] == "{" else None
            if data is not None:
                assert data["echo_authorization"] == "Bearer FILTERED"
                assert data["echo_key"] == "FILTERED"
                assert data["echo_message"] == 'You sent "Bearer FILTERED"'


COMMITTED = sorted((ROOT / "tests" / "replay" / "cassettes").rglob("*.yaml"))


@pytest.mark.parametrize("path", COMMITTED, ids=[p.stem for p in COMMITTED])
def test_committed_cassettes_hold_no_key(path: Path) -> None:
    """No committed cassette holds the offline API's key or a Bearer token other than FILTERED."""
    from codegen_client._secrets import redact
    from codegen_client.testing._app import DEFAULT_API_KEY

    text = path.read_text()
    assert DEFAULT_API_KEY not in text
    assert redact(text, mask="FILTERED") == text


def test_a_json_escaped_echo_stays_valid_json() -> None:
    """A key quoted inside a JSON string is replaced without eating the escaping backslash."""
    from tests.replay.conftest import scrub_body

    body = json.dumps({"detail": f'Token "Bearer {KEY}" is not valid'}).encode()
    scrubbed = scrub_body(body)
    assert isinstance(scrubbed, bytes)
    assert json.loads(scrubbed) == {"detail": 'Token "Bearer FILTERED" is not valid'}


def test_a_binary_body_keeps_its_bytes() -> None:
    """A body that is not UTF-8 loses the key and keeps every other byte."""
    from tests.replay.conftest import scrub_body

    body = b"\xff\xfe " + f"Bearer {KEY}\n".encode() + b"\x00\x80"
    assert scrub_body(body) == b"\xff\xfe Bearer FILTERED\n\x00\x80"
