"""Driving `codegen-client mcp` with the MCP SDK's own clients: stdio subprocess, in memory."""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("mcp", reason="needs the mcp extra: pip install 'codegen-client[mcp]'")

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

# The stdio tests talk to a subprocess, and some to a fake served on loopback.
LOOPBACK = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])


@dataclass
class Progress:
    """The progress notifications one tool call received: (progress, total, message)."""

    seen: list[tuple[float, float | None, str | None]] = field(default_factory=list)

    async def __call__(self, progress: float, total: float | None, message: str | None) -> None:
        self.seen.append((progress, total, message))


@dataclass
class Served:
    """A live MCP session on a `codegen-client mcp` subprocess, and where its stderr goes."""

    session: ClientSession
    stderr: Path

    async def call(self, name: str, arguments: dict[str, Any], **options: Any) -> Any:
        """Call a tool that must succeed; return its JSON result (structured and as text)."""
        result = await self.session.call_tool(name, arguments, **options)
        assert not result.is_error, result.content
        assert json.loads(result.content[0].text) == result.structured_content
        return result.structured_content

    async def fail(self, name: str, arguments: dict[str, Any]) -> str:
        """Call a tool that must fail; return the text of its tool error."""
        result = await self.session.call_tool(name, arguments)
        assert result.is_error, result.structured_content
        text: str = result.content[0].text
        return text


@asynccontextmanager
async def serve(*global_options: str, env: dict[str, str] | None = None) -> AsyncIterator[Served]:
    """Start `python -m codegen_client [OPTIONS] mcp` and open an initialized session on it."""
    with tempfile.TemporaryDirectory() as scratch:
        stderr = Path(scratch) / "stderr.txt"
        params = StdioServerParameters(
            command=sys.executable,
            args=["-m", "codegen_client", *global_options, "mcp"],
            env=env or {},
        )
        with stderr.open("w") as errlog:
            async with (
                stdio_client(params, errlog=errlog) as (read, write),
                ClientSession(read, write) as session,
            ):
                await session.initialize()
                yield Served(session, stderr)
