"""What tables look like: footers at the edges, plain titles, folded JSON, numbered candidates."""

from __future__ import annotations

import json

import pytest

from codegen_client.cli._output import PIPE_WIDTH, page_footer
from codegen_client.testing import FakeCodegenAPI
from tests.cli.conftest import Invoke


def test_footer_past_the_end_says_so(cli: Invoke) -> None:
    """`--skip` past the last item says there is nothing there, never `page 3 of 1`."""
    result = cli("organizations", "--skip", "10")
    assert result.exit_code == 0
    assert "no items from --skip 10: there are 3" in result.stdout
    assert "page" not in result.stdout.lower()


def test_footer_of_an_empty_list(cli: Invoke, org_id: int) -> None:
    """A list with nothing in it says `none found`, never `page 1 of 0`."""
    result = cli("agent-runs", org_id)
    assert result.exit_code == 0
    assert result.stdout.rstrip().endswith("none found")


def test_footer_points_to_the_next_page(cli: Invoke, org_id: int) -> None:
    """A partial page names its rows and the --skip that gives the next ones."""
    result = cli("users", org_id, "--skip", "2", "--limit", "5")
    assert result.exit_code == 0
    total = json.loads(cli("users", org_id, "--json").stdout)["total"]
    assert f"items 3-7 of {total} (next: --skip 7; or --all)" in result.stdout


@pytest.mark.parametrize(
    ("skip", "shown", "total", "expected"),
    [
        (0, 0, 0, "none found"),
        (0, 3, 3, "items 1-3 of 3"),
        (100, 0, 30, "no items from --skip 100: there are 30"),
        (0, 100, 230, "items 1-100 of 230 (next: --skip 100; or --all)"),
        (200, 30, 230, "items 201-230 of 230"),
        (0, 5, None, "items 1-5 (next: --skip 5; or --all)"),
    ],
)
def test_page_footer_edges(skip: int, shown: int, total: int | None, expected: str) -> None:
    """The footer is right on the first, last, empty and past-the-end pages."""
    assert page_footer(skip, shown, total) == expected


@pytest.mark.parametrize("argv", [["organizations"], ["me"], ["repositories", "ORG"]])
def test_piped_tables_have_no_padded_lines(cli: Invoke, org_id: int, argv: list[str]) -> None:
    """Piped, no line of a table (title included) ends in spaces."""
    result = cli(*[str(org_id) if a == "ORG" else a for a in argv])
    assert result.exit_code == 0
    padded = [line for line in result.stdout.splitlines() if line != line.rstrip()]
    assert not padded, padded
    assert not result.stdout.splitlines()[0].startswith(" ")


def test_wide_json_cells_fold_within_the_width(cli: Invoke, org_id: int) -> None:
    """A long metadata object folds over several lines, none wider than the piped width."""
    words = " ".join(f"word{n}" for n in range(120))
    meta = json.dumps({"ticket": 42, "notes": words})
    result = cli("agent-run", org_id, "Fix the flaky test", "--metadata", meta)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= PIPE_WIDTH
    holding = [line for line in lines if "word" in line]
    assert len(holding) >= 2
    assert "word0" in holding[0] and "word119" in holding[-1]


def test_candidates_are_numbered_from_1_everywhere(cli: Invoke, fake: FakeCodegenAPI) -> None:
    """The multi-run table numbers candidates 1..N, as the synthesis prompt does."""
    result = cli("multi-run-agent", fake.org_id, "Add retries", "--concurrency", "3")
    assert result.exit_code == 0, result.stderr
    rows = [
        [cell.strip() for cell in line.split("│")[1:-1]]
        for line in result.stdout.splitlines()
        if line.startswith("│")
    ]
    assert [row[1] for row in rows if row[0] == "candidate"] == ["1", "2", "3"]
    assert [row[1] for row in rows if row[0] == "synthesis"] == [""]
    prompts = [(r.json or {}).get("prompt", "") for r in fake.requests_for("create_agent_run")]
    synthesis = next(p for p in prompts if "<candidate " in p)
    assert 'number="1"' in synthesis and 'number="3"' in synthesis and 'number="0"' not in synthesis
