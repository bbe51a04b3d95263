"""Odd bytes, huge values and weird paths: exit 6 with one line, never a traceback.

Each case runs the installed command as a process, with its arguments and environment as raw
bytes (what a shell passes on), so bytes that are not UTF-8 arrive as they would for a user.
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.cli.terminal import COMMAND

pytestmark = [
    pytest.mark.skipif(not COMMAND.exists(), reason="the console script is not installed"),
    pytest.mark.skipif(os.name != "posix", reason="raw bytes in argv and environ are POSIX"),
]

LONG = b"a" * 70_000
CASES: list[tuple[str, list[bytes], dict[bytes, bytes], str]] = [
    (
        "a 70,000-character OAuth provider",
        [b"--offline", b"oauth", b"revoke", b"123", LONG],
        {},
        "provider must be a non-empty string of at most 200 characters",
    ),
    (
        "base URL option in bytes that are not UTF-8",
        [b"--base-url", b"https://api.example.com/v1/\xff", b"me"],
        {b"CODEGEN_API_KEY": b"sk-test"},
        "base_url is not UTF-8 text",
    ),
    (
        "CODEGEN_BASE_URL in bytes that are not UTF-8",
        [b"me"],
        {b"CODEGEN_API_KEY": b"sk-test", b"CODEGEN_BASE_URL": b"https://\xfe\xff.example/v1"},
        "CODEGEN_BASE_URL is not UTF-8 text",
    ),
    (
        "CODEGEN_API_KEY in bytes that are not UTF-8",
        [b"--base-url", b"https://api.example.com/v1", b"me"],
        {b"CODEGEN_API_KEY": b"sk-\xff"},
        "CODEGEN_API_KEY contains",
    ),
    (
        "a prompt in bytes that are not UTF-8",
        [b"--offline", b"agent-run", b"123", b"fix \xff"],
        {},
        "prompt contains a lone surrogate",
    ),
    (
        "a synthesis prompt in bytes that are not UTF-8, before any run",
        [
            b"--offline",
            b"multi-run-agent",
            b"123",
            b"x",
            b"--synthesis-prompt",
            b"{candidates}\xff",
        ],
        {},
        "synthesis_prompt contains a lone surrogate",
    ),
    (
        "an image path in bytes that are not UTF-8",
        [b"--offline", b"agent-run", b"123", b"x", b"--image", b"/nonexistent/\xff.png"],
        {},
        "cannot read it",
    ),
    (
        "a wait timeout of infinity",
        [b"--offline", b"wait-agent-run", b"123", b"98765", b"--timeout", b"inf"],
        {},
        "timeout must be a number of seconds",
    ),
    (
        "a log followed every 1e300 seconds",
        [b"--offline", b"logs", b"123", b"98765", b"--follow", b"--interval", b"1e300"],
        {},
        "--interval must be a number of seconds",
    ),
    (
        "fake-server at infinite speed",
        [b"fake-server", b"--port", b"0", b"--speed", b"inf"],
        {},
        "speed must be a finite number",
    ),
    (
        "fake-server on a host name in bytes that are not UTF-8",
        [b"fake-server", b"--port", b"0", b"--host", b"\xff"],
        {},
        "is not a valid host name",
    ),
    (
        "fake-server with a key that cannot go in a header",
        [b"fake-server", b"--port", b"0", b"--api-key", b"sk-\xff"],
        {},
        "--api-key must be printable ASCII",
    ),
]


@pytest.mark.parametrize(("name", "argv", "env", "says"), CASES, ids=[c[0] for c in CASES])
def test_hostile_input_exits_6_with_one_line(
    name: str, argv: list[bytes], env: dict[bytes, bytes], says: str
) -> None:
    """The command refuses the value with exit 6 and a one-line error naming it."""
    base = {k: v for k, v in os.environb.items() if not k.startswith(b"CODEGEN_")}
    done = subprocess.run(
        [os.fsencode(COMMAND), *argv],
        env={**base, **env},
        capture_output=True,
        timeout=60,
        check=False,
    )
    stderr = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr
    assert done.returncode == 6, stderr
    said = [line for line in stderr.splitlines() if not line.startswith("offline: ")]
    assert len(said) == 1 and said[0].startswith("error: "), said
    assert says in said[0]


def test_an_ascii_only_output_gets_escapes_not_a_traceback() -> None:
    """With stdout in ASCII (PYTHONIOENCODING=ascii), text shows \\x escapes, JSON \\u escapes."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("CODEGEN_")}
    argv = [str(COMMAND), "--offline", "agent-run", "123", "café ☕", "--wait"]
    runs = [
        subprocess.run(
            argv + extra,
            env={**base, "PYTHONIOENCODING": "ascii"},
            capture_output=True,
            timeout=60,
            check=False,
        )
        for extra in ([], ["--json"])
    ]
    for done in runs:
        assert done.returncode == 0, done.stderr.decode()
        assert b"Traceback" not in done.stderr
    assert b"Done: caf\\xe9 \\u2615" in runs[0].stdout
    assert json.loads(runs[1].stdout)["result"].startswith("## Done: café ☕")
