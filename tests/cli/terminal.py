"""Run the installed command in a pseudo-terminal of a given width, as a person would."""

from __future__ import annotations

import os
import re
import select
import struct
import subprocess
import sys
from pathlib import Path

COMMAND = Path(sys.executable).parent / "codegen-client"
TIMEOUT = 60.0
_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")


def run_in_terminal(
    argv: list[str], columns: int, *, stdin: bytes | None = None
) -> tuple[int, str]:
    """Run ``codegen-client ARGV`` with stdout and stderr on a terminal ``columns`` wide.

    Args:
        argv: The arguments.
        columns: The terminal's width (set on the pseudo-terminal and in ``COLUMNS``).
        stdin: Bytes for standard input (a pipe); None leaves stdin on the terminal.

    Returns:
        The exit code and everything written to the terminal, without its control sequences
        (colours, cursor moves) and with ``\\r\\n`` as ``\\n``.

    """
    import fcntl  # POSIX only: imported here so that importing COMMAND works everywhere
    import pty
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if not k.startswith("CODEGEN_")}
    env.update(COLUMNS=str(columns), LINES="50", TERM="xterm")
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE"):
        env.pop(name, None)
    process = subprocess.Popen(
        [str(COMMAND), *argv],
        stdin=subprocess.PIPE if stdin is not None else follower,
        stdout=follower,
        stderr=follower,
        env=env,
    )
    os.close(follower)
    if stdin is not None:
        assert process.stdin is not None
        process.stdin.write(stdin)
        process.stdin.close()
    chunks = []
    try:
        while select.select([leader], [], [], TIMEOUT)[0]:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: every writer closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        code = process.wait(timeout=TIMEOUT)
    finally:
        os.close(leader)
        if process.poll() is None:
            process.kill()
            process.wait()
    text = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
    return code, _ESCAPES.sub("", text)
