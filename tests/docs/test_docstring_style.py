"""Hand-written docstrings follow CONTRIBUTING.md's "Docstrings": no Sphinx roles, no ``Example:``.

The built site is checked in test_site.py; this reads the sources, so a docstring that no page
renders yet (a private module, the command line) follows the same rules.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "codegen_client"
ROLE = re.compile(r":(?:py:)?(?:class|attr|meth|func|data|mod|exc|obj):`")
SINGULAR_EXAMPLE = re.compile(r"^\s*Example:\s*$", re.M)

# Files still written the old way (none left).
PENDING: set[str] = set()


def _old_style() -> set[str]:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith("_sync/"):  # generated from _async/
            continue
        text = path.read_text(encoding="utf-8")
        if ROLE.search(text) or SINGULAR_EXAMPLE.search(text):
            found.add(relative)
    return found


def test_docstrings_use_markdown_references_and_examples_sections() -> None:
    """No hand-written module uses Sphinx roles or "Example:"."""
    assert _old_style() == PENDING
