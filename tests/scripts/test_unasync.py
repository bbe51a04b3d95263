"""scripts/unasync.py: the sync tree is the async source with the async words replaced."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "unasync.py"


def load() -> object:
    spec = importlib.util.spec_from_file_location("unasync", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("    async def get(self) -> X:\n", "    def get(self) -> X:\n"),
        ("        return await self._core.call('x')\n", "        return self._core.call('x')\n"),
        ("class AsyncAgents(AsyncResource):\n", "class Agents(Resource):\n"),
        ("http: httpx.AsyncClient | None\n", "http: httpx.Client | None\n"),
        ("        await self.clock.asleep(delay)\n", "        self.clock.sleep(delay)\n"),
        ("    async with x as y:\n", "    with x as y:\n"),
        ("    async for run in runs:\n", "    for run in runs:\n"),
        ('Send = Callable[[], Awaitable["Run"]]\n', 'Send = Callable[[], "Run"]\n'),
        (
            "from codegen_client._async.core import AsyncCore\n",
            "from codegen_client._sync.core import Core\n",
        ),
        ("        await acall_back(callback, run)\n", "        call_back(callback, run)\n"),
        # Words that merely contain the async words are left alone.
        (
            "asyncio, awaiting, Asynchronous, basleep\n",
            "asyncio, awaiting, Asynchronous, basleep\n",
        ),
    ],
)
def test_each_line_is_rewritten_word_by_word(line: str, expected: str) -> None:
    """Each substitution turns one async construct into its blocking twin."""
    assert load().unasync_line(line) == expected  # type: ignore[attr-defined]


def test_the_committed_sync_tree_is_fresh() -> None:
    """--check passes on the committed tree (CI also runs it through make check-generated)."""
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"], check=False, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout


def test_check_fails_and_names_a_hand_edited_file(tmp_path: Path) -> None:
    """A hand edit in codegen_client/_sync makes --check fail and name the file."""
    copy = tmp_path / "repo"
    for part in ("codegen_client", "scripts"):
        shutil.copytree(ROOT / part, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    edited = copy / "codegen_client" / "_sync" / "agents.py"
    edited.write_text(edited.read_text().replace("wait_runs(", "settle_runs("))
    done = subprocess.run(
        [sys.executable, str(copy / "scripts" / "unasync.py"), "--check"],
        check=False,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "agents.py" in done.stdout


def test_check_fails_on_a_rule_that_matches_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    """A substitution no async source needs makes --check fail and name the pattern."""
    import re

    module: Any = load()
    module._COMPILED.append((re.compile(r"\bnever_written_anywhere\b"), "x"))
    assert module.main(["--check"]) == 1
    out = capsys.readouterr().out
    assert "match nothing" in out and "never_written_anywhere" in out


def test_every_rule_matches_some_async_source() -> None:
    """The committed rules are each used by the hand-written or the generated async code."""
    module: Any = load()
    assert module.unused_rules([module.SOURCE, module.GENERATED_SOURCE]) == []
