"""The command line with answers that cannot be read: one line on stderr, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

DEEP = b"[" * 100_000 + b"]" * 100_000
NOT_UTF8 = b'{"detail": "caf\xe9"}'
# Decodable, but printing it as a table would run out of stack: refused while reading.
DEEP_FIELD = (
    b'{"id": 1, "github_user_id": "9", "github_username": "a", "extra": '
    + b"[" * 900
    + b"]" * 900
    + b"}"
)


class _Hostile(BaseHTTPRequestHandler):
    """Answers /v1/users/me with what the test put in ``server.answer``."""

    def do_GET(self) -> None:
        status, body = self.server.answer  # type: ignore[attr-defined]
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""


@pytest.fixture
def server() -> Iterator[ThreadingHTTPServer]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Hostile)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()


def run_me(server: ThreadingHTTPServer) -> subprocess.CompletedProcess[str]:
    port = server.server_address[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("CODEGEN_")}
    env.update(CODEGEN_API_KEY="sk-test-key", CODEGEN_MAX_RETRIES="0")
    return subprocess.run(
        [sys.executable, "-m", "codegen_client", "--base-url", f"http://127.0.0.1:{port}/v1", "me"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("status", "body", "exit_code", "says"),
    [
        (200, DEEP, 1, "get_current_user: the body is nested deeper than the JSON decoder allows"),
        (200, b'{"id": null}', 1, "get_current_user: field 'id' should be an integer, got null"),
        (200, DEEP_FIELD, 1, "get_current_user: field 'extra' is nested deeper than 100 levels"),
        (401, NOT_UTF8, 3, "HTTP 401"),
    ],
    ids=["2xx-too-deep", "2xx-null-id", "2xx-deep-extra-key", "401-not-utf8"],
)
def test_cli_reports_an_unreadable_answer_in_one_line(
    server: ThreadingHTTPServer, status: int, body: bytes, exit_code: int, says: str
) -> None:
    """codegen-client me exits with the error's code and one stderr line, without a traceback."""
    server.answer = (status, body)  # type: ignore[attr-defined]
    result = run_me(server)
    assert result.returncode == exit_code, result.stderr
    assert "Traceback" not in result.stderr
    assert says in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
