"""Section 10: the size of the hand-written library, now and before the generated layer.

The library is ``codegen_client`` without ``cli/``, ``testing/`` and ``_sync/`` (the command
line, the offline API, and the sync twin that ``scripts/unasync.py`` writes). Lines are counted
two ways: all of them (``wc -l``), and code only, without docstrings, comments and blank lines
(the docstrings are what the API reference is built from). The "before" figures are read from
git at the commit the generated layer started from, when the history is there (a shallow clone
has no "before").
"""

from __future__ import annotations

import ast
import io
import subprocess
import tokenize
from pathlib import Path, PurePosixPath

from benchmarks._table import Section

__all__ = ["count_lines", "measure_layer_size"]

ROOT = Path(__file__).resolve().parent.parent
LINES_TARGET = 5_000
# The last commit before the per-operation layer was generated (issue #17).
BEFORE = "2d31490"
_LEFT_OUT = frozenset({"cli", "testing", "_sync"})


def count_lines(source: str) -> tuple[int, int]:
    """All lines of a module, and its lines of code (no docstrings, comments or blank lines)."""
    docstrings: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                docstrings.update(range(first.lineno, (first.end_lineno or first.lineno) + 1))
    skipped = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}
    code: set[int] = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in skipped or token.type == tokenize.ENDMARKER:
            continue
        code.update(n for n in range(token.start[0], token.end[0] + 1) if n not in docstrings)
    return len(source.splitlines()), len(code)


def _in_library(path: PurePosixPath) -> bool:
    return path.suffix == ".py" and not _LEFT_OUT.intersection(path.parts[1:-1])


def _sizes(sources: list[str]) -> tuple[int, int, int]:
    """Files, lines and lines of code of ``sources`` (one module's text each)."""
    counts = [count_lines(source) for source in sources]
    return len(counts), sum(c[0] for c in counts), sum(c[1] for c in counts)


def _now() -> tuple[int, int, int]:
    return _sizes(
        [
            path.read_text(encoding="utf-8")
            for path in (ROOT / "codegen_client").rglob("*.py")
            if _in_library(PurePosixPath(path.relative_to(ROOT).as_posix()))
        ]
    )


def _before() -> tuple[int, int, int] | None:
    """The same counts at `BEFORE`, or None without that commit (a shallow clone, no git)."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout

    try:
        names = git("ls-tree", "-r", "--name-only", BEFORE, "--", "codegen_client").split()
        return _sizes(
            [git("show", f"{BEFORE}:{name}") for name in names if _in_library(PurePosixPath(name))]
        )
    except (OSError, subprocess.CalledProcessError):
        return None


def measure_layer_size() -> Section:
    """Count the hand-written library's lines now and at `BEFORE`.

    Returns:
        Section 10 of the table.

    """
    section = Section(
        10, "Size of the hand-written library (codegen_client without cli/, testing/, _sync/)"
    )
    section.note = "lines: all (wc -l) / code only (no docstrings, comments or blank lines)"
    files, lines, code = _now()
    before = _before()
    was = (
        f"; before ({BEFORE}): {before[1]:,} / {before[2]:,} in {before[0]} files"
        if before is not None
        else "; before: not in this clone's history"
    )
    section.add(
        "hand-written library lines",
        f"{lines:,} / {code:,} in {files} files{was}",
        f"<= {LINES_TARGET:,} lines",
        lines <= LINES_TARGET,
        files=files,
        lines=lines,
        code_lines=code,
        before=None
        if before is None
        else {"files": before[0], "lines": before[1], "code_lines": before[2]},
    )
    return section
