"""The documentation site, built with ``mkdocs build --strict`` and read as a browser gets it.

Docstrings are Google style rendered by mkdocstrings (see CONTRIBUTING.md, "Docstrings"): an
``Examples:`` section with ``>>>`` lines is a highlighted code block, cross-references are
Markdown links, and Sphinx roles (``:class:`` ...), which mkdocstrings does not understand, must
not reach a page.
"""

from __future__ import annotations

import functools
import importlib
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TypeVar

import pytest

ROOT = Path(__file__).resolve().parents[2]
ROLE = re.compile(r":(?:py:)?(?:class|attr|meth|func|data|mod|exc|obj|ref):`")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built from this checkout with ``--strict`` (any warning fails the build)."""
    pytest.importorskip("mkdocs", reason="needs the docs extra")
    pytest.importorskip("mkdocstrings_handlers.python", reason="needs the docs extra")
    out = tmp_path_factory.mktemp("site")
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    return out


@dataclass
class Page:
    """What one built page shows, gathered in one pass over its HTML."""

    text: list[str] = field(default_factory=list)  # text outside <pre>
    # (classes of the enclosing div, text, token classes of the highlighter's spans)
    code_blocks: list[tuple[str, str, set[str]]] = field(default_factory=list)
    nested_quotes: int = 0
    example_admonitions: int = 0
    examples_sections: int = 0
    examples_without_code: list[str] = field(default_factory=list)
    linked_returns: list[str] = field(default_factory=list)
    unlinked_returns: list[str] = field(default_factory=list)
    stylesheets: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    """Fills a Page; tracks <pre>, quotes, Examples sections and signature return types."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.pre = 0
        self.quotes = 0
        self.divs: list[str] = []
        self.signature_div: int | None = None
        self.after_arrow = False
        self.title_span = False
        self.section_title = ""
        self.awaiting_code: str | None = None
        self.last_heading = ""
        self.heading = False
        self.block_classes = ""
        self.block_text: list[str] = []
        self.block_tokens: set[str] = set()
        self.in_link = False

    def _close_examples(self) -> None:
        if self.awaiting_code is not None:
            self.page.examples_without_code.append(self.awaiting_code)
            self.awaiting_code = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        classes = attr.get("class", "")
        if tag == "link" and attr.get("rel") == "stylesheet":
            self.page.stylesheets.append(attr.get("href", ""))
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self._close_examples()
            self.heading = True
            self.last_heading = ""
        if tag == "div":
            self.divs.append(classes)
            if "doc-signature" in classes:
                self.signature_div = len(self.divs)
                self.after_arrow = False
            if "highlight" in classes.split() and self.awaiting_code is not None:
                self.awaiting_code = None
                self.block_classes = classes
        if tag == "details" and "example" in classes.split():
            self.page.example_admonitions += 1
        if tag == "div" and "admonition" in classes.split() and "example" in classes.split():
            self.page.example_admonitions += 1
        if tag == "blockquote":
            self.quotes += 1
            if self.quotes >= 2:
                self.page.nested_quotes += 1
        if tag == "pre":
            self.pre += 1
            self.block_text = []
            self.block_tokens = set()
            self.block_classes = self.divs[-1] if self.divs else ""
        if tag == "span" and self.pre and classes:
            self.block_tokens.update(classes.split())
        if tag == "span" and "doc-section-title" in classes:
            self.title_span = True
            self.section_title = ""
        if self.signature_div is not None and self.after_arrow:
            if tag == "a" and "autorefs" in classes:
                self.in_link = True
            elif tag == "span" and attr.get("title", "").startswith("codegen_client"):
                self.page.unlinked_returns.append(attr["title"])

    def handle_endtag(self, tag: str) -> None:
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.heading = False
        if tag == "div" and self.divs:
            if self.signature_div == len(self.divs):
                self.signature_div = None
                self.after_arrow = False
            self.divs.pop()
        if tag == "blockquote":
            self.quotes -= 1
        if tag == "pre":
            self.pre -= 1
            block = (self.block_classes, "".join(self.block_text), self.block_tokens)
            self.page.code_blocks.append(block)
        if tag == "span" and self.title_span:
            self.title_span = False
            if self.section_title.strip().rstrip(":") == "Examples":
                self._close_examples()
                self.page.examples_sections += 1
                self.awaiting_code = self.last_heading.strip() or "?"
            elif self.awaiting_code is not None:
                self._close_examples()
        if tag == "a":
            self.in_link = False

    def handle_data(self, data: str) -> None:
        if self.heading:
            self.last_heading += data
        if self.title_span:
            self.section_title += data
        if self.pre:
            self.block_text.append(data)
        else:
            self.page.text.append(data)
        if self.signature_div is not None:
            if data.strip() == "->":
                self.after_arrow = True
            elif self.after_arrow and self.in_link and data.strip():
                self.page.linked_returns.append(data.strip())

    def close(self) -> None:
        super().close()
        self._close_examples()


@functools.cache
def read_page(path: Path) -> Page:
    """Read one built HTML page (once: the page tests share the results)."""
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return reader.page


def pages(site: Path) -> Iterator[tuple[str, Page]]:
    """Every content page of the site, by its path below the site."""
    for path in sorted(site.rglob("index.html")):
        below = path.parent.relative_to(site).as_posix()
        name = "home" if below == "." else below
        yield name, read_page(path)


PAGE_NAMES = [
    "home",
    "getting-started",
    "benchmarks",
    *(f"guides/{p.stem}" for p in sorted((ROOT / "docs" / "guides").glob("*.md"))),
    *(f"reference/{p.stem}" for p in sorted((ROOT / "docs" / "reference").glob("*.md"))),
]
PAGE_PARAMS = PAGE_NAMES


def page_named(site: Path, name: str) -> Page:
    """The built page for a docs/ source name (``home`` is the index)."""
    return read_page(site / ("" if name == "home" else name) / "index.html")


def test_every_docs_page_is_checked(site: Path) -> None:
    """The list of pages below is the site's whole list (a new page gets the checks too)."""
    assert sorted(name for name, _ in pages(site) if name != "search") == sorted(PAGE_NAMES)


@pytest.mark.parametrize("name", PAGE_PARAMS)
def test_no_raw_markup_on_the_page(site: Path, name: str) -> None:
    """No Sphinx role, no escaped quote and no example turned into nested quotes is shown."""
    page = page_named(site, name)
    text = "".join(page.text)
    assert not ROLE.findall(text), [m.start() for m in ROLE.finditer(text)]
    assert '\\"' not in text
    # reStructuredText left in a docstring: ``literal`` and "::" literal-block markers.
    shown = text + "".join(code for _, code, _ in page.code_blocks)
    assert "``" not in shown
    assert not re.search(r"\w::\s*$", text, re.M)
    assert ">>>" not in text
    assert page.nested_quotes == 0
    assert page.example_admonitions == 0


@pytest.mark.parametrize("name", PAGE_PARAMS)
def test_every_examples_section_is_highlighted_code(site: Path, name: str) -> None:
    """Each "Examples" section of a docstring holds a highlighted Python console block."""
    page = page_named(site, name)
    assert page.examples_without_code == []
    if name.startswith("reference/"):
        assert page.example_admonitions == 0
    for classes, code, tokens in page.code_blocks:
        if code.lstrip().startswith(">>>"):
            # Pygments' console lexer: prompts ("gp") and Python tokens (names, keywords).
            assert "highlight" in classes.split(), code[:80]
            assert "gp" in tokens and tokens & {"n", "k", "kn", "nb"}, code[:80]


def test_the_reference_shows_many_examples(site: Path) -> None:
    """The reference pages show their docstrings' examples as code (not a vacuous check)."""
    sections = sum(page_named(site, n).examples_sections for n in PAGE_NAMES if "reference" in n)
    consoles = [
        code
        for name in PAGE_NAMES
        if name.startswith("reference/")
        for _, code, tokens in page_named(site, name).code_blocks
        if "gp" in tokens
    ]
    assert sections >= 15
    assert len(consoles) >= sections


@pytest.mark.parametrize("name", [n for n in PAGE_NAMES if n.startswith("reference/")])
def test_return_types_are_links(site: Path, name: str) -> None:
    """A signature's return type from this package links to its page, wherever it is shown."""
    page = page_named(site, name)
    assert [ret for ret in page.unlinked_returns if not _is_type_variable(ret)] == []


def _is_type_variable(path: str) -> bool:
    """Tell whether a dotted path names a TypeVar (a placeholder, with no page of its own)."""
    module_name, _, name = path.rpartition(".")
    try:
        value = getattr(importlib.import_module(module_name), name)
    except (ImportError, AttributeError):
        return False
    return isinstance(value, TypeVar)


def test_return_types_link_across_the_reference(site: Path) -> None:
    """Return types link to the documented classes: Paginator, MultiRunResult, the clients..."""
    linked = {
        ret
        for name in PAGE_NAMES
        if name.startswith("reference/")
        for ret in page_named(site, name).linked_returns
    }
    assert {"Paginator", "MultiRunResult", "AgentRunPhase", "CodegenClient", "User"} <= linked


def test_home_page_shows_install_lines_and_a_short_example(site: Path) -> None:
    """The home page has the install lines (git URL, checkout) and a highlighted example."""
    page = page_named(site, "home")
    installs = [code for _, code, _ in page.code_blocks if "pip install" in code]
    assert any("git+https://" in code and "/path/to/" in code for code in installs)
    python = [
        (code, tokens)
        for _, code, tokens in page.code_blocks
        if code.startswith("from codegen_client import")
    ]
    assert python
    code, tokens = python[0]
    assert {"kn", "n", "s2"} <= tokens  # highlighted as Python
    lines = [line for line in code.splitlines() if line.strip()]
    assert 5 <= len(lines) <= 12
    assert "create_agent_run" in code and "wait_for_agent_run" in code


def test_install_from_a_checkout_is_documented(site: Path) -> None:
    """Getting started says how to install from a checkout, with pip and with uv."""
    page = page_named(site, "getting-started")
    code = "\n".join(text for _, text, _ in page.code_blocks)
    for line in (
        "pip install /path/to/codegen-client",
        "pip install 'codegen-client[cli] @ git+https://",
        "uv add --editable /path/to/codegen-client",
    ):
        assert line in code


def test_readme_does_not_offer_an_install_from_pypi() -> None:
    """The package is not on PyPI: no bare ``pip install codegen-client`` line remains."""
    readme = (ROOT / "README.md").read_text()
    pattern = r"pip install '?codegen-client(?:\[[a-z,]+\])?'?(?=\s|$)(?!\s*@)"
    bare = re.findall(pattern, readme)
    assert bare == []


def test_code_blocks_wrap_long_lines(site: Path) -> None:
    """Every page loads the stylesheet that wraps long code lines (so none is cut off)."""
    css = (site / "stylesheets" / "extra.css").read_text()
    rule = re.search(r"\.md-typeset pre > code\s*\{[^}]*\}", css)
    assert rule is not None and "white-space: pre-wrap" in rule.group(0)
    for name in PAGE_NAMES:
        sheets = page_named(site, name).stylesheets
        assert any(href.endswith("stylesheets/extra.css") for href in sheets), name
