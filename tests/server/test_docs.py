"""The README and the offline-API guide show the served fake's extra and recipes as printed."""

from __future__ import annotations

import re
from pathlib import Path

from codegen_client.testing import FakeCodegenAPI, ManualClock
from codegen_client.testing._banner import banner
from codegen_client.testing._documented import add_documented_examples

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "guides" / "offline-api.md"


def readme_offline_section() -> str:
    text = (ROOT / "README.md").read_text()
    start = text.index("## The offline Codegen API\n")
    return text[start : text.index("\n## ", start + 1)]


def test_guide_shows_the_banner_exactly() -> None:
    """The guide's sample banner is what fake-server prints on port 8080."""
    fake = FakeCodegenAPI(clock=ManualClock(), org_id=123)
    printed = banner(
        fake, "http://127.0.0.1:8080", "127.0.0.1", 8080, add_documented_examples(fake)
    )
    shown = re.search(r"```text\n(Offline Codegen API at .*?)\n```", GUIDE.read_text(), re.DOTALL)
    assert shown is not None
    assert shown.group(1) == printed


def test_readme_documents_the_server_its_extra_and_the_recipes() -> None:
    """The README's offline section names the extra, -v and a recipe per client."""
    section = readme_offline_section()
    for needed in (
        "pip install '/path/to/codegen-client[server]'",
        "fake-server --port 8080 -v",
        "CODEGEN_BASE_URL=http://127.0.0.1:8080/v1",
        "CODEGEN_API_BASE_URL=http://127.0.0.1:8080 CODEGEN_ORG_ID=123",
        'Configuration(host="http://127.0.0.1:8080")',
        '"Authorization", "Bearer <printed key>"',
        "docs/guides/offline-api.md",
    ):
        assert needed in section, needed


def test_guide_covers_each_way_to_use_the_fake() -> None:
    """The guide has a section for in-process use, the fixtures, --offline, the server and -v."""
    headings = re.findall(r"^#+ (.+)$", GUIDE.read_text(), flags=re.MULTILINE)
    for wanted in ("In-process", "The pytest fixtures", "`--offline`", "fake-server", "(`-v`)"):
        assert any(wanted in heading for heading in headings), wanted
