"""Smoke test of ``python -m benchmarks``: each section runs on tiny sizes and fills its rows.

Only structure and request counts are asserted; the figures themselves (times, ratios) are
never checked here, since a loaded CI machine would make any timed assertion flaky.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from rich.console import Console

from benchmarks.__main__ import main, plan
from benchmarks._redis import RedisServer
from benchmarks._table import Section, render, to_markdown
from benchmarks.async_transport import (
    OURS_AIOHTTP,
    OURS_HTTPX,
    RAW_AIOHTTP,
    RAW_HTTPX,
    measure_async_transport,
)
from benchmarks.bad_input import check_bad_inputs
from benchmarks.fleet import bound_of, measure_fleet
from benchmarks.layer_size import count_lines, measure_layer_size
from benchmarks.multi_run import ideal_seconds, measure_multi_run
from benchmarks.never_twice import COLUMNS, measure_never_twice
from benchmarks.overhead import measure_overhead
from benchmarks.pagination import measure_pagination
from benchmarks.soak import run_soak
from benchmarks.startup import measure_startup


def _names(section: Section) -> list[str]:
    return [row.name for row in section.rows]


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_overhead_measures_each_row_against_its_base() -> None:
    """Section 1: in-process get, get with options, a page, loopback (official client too)."""
    section = measure_overhead(calls=10, rounds=1, loopback_calls=5)
    assert section.number == 1
    names = _names(section)
    assert len(names) == 4
    assert "extra_headers" in names[1] and "page of 100" in names[2] and "loopback" in names[3]
    for row in section.rows:
        assert row.data["raw_us"] > 0 and row.data["client_us"] > 0
        assert row.data["requests"] >= 10  # the sides' calls, warm-up included
        assert row.met is not None
    assert "official client" in section.rows[3].data["ratios"]


def test_startup_times_every_command() -> None:
    """Section 2 has a row per start-up command, the floor and our import among them."""
    section = measure_startup(runs=1)
    names = " ".join(_names(section))
    assert "import httpx" in names
    assert "from codegen_client import CodegenClient" in names
    assert "codegen-client --help" in names
    assert "first call: raw httpx" in names and "first call: codegen_client" in names
    assert "first call: official" in names
    assert any(row.target for row in section.rows)


def test_pagination_counts_requests() -> None:
    """Section 3 walks every seeded run in the minimum number of list requests."""
    section = measure_pagination(small=50, large=250)
    first = section.rows[0]
    assert first.data["items"] == 250
    assert first.data["requests"] == math.ceil(250 / 100)
    assert {"small_peak_bytes", "large_peak_bytes"} <= set(section.rows[3].data)


def test_multi_run_rows_count_requests() -> None:
    """Section 4 has a row per concurrency with its creates, status requests and rounds."""
    section = measure_multi_run(concurrencies=(2, 3), scaled_speed=None)
    assert len(section.rows) == 2
    for row, concurrency in zip(section.rows, (2, 3), strict=True):
        assert row.data["by_operation"]["create_agent_run"] == concurrency + 1
        assert row.data["status_requests"] >= row.data["rounds"] > 0


def test_ideal_counts_create_pacing() -> None:
    """The ideal waits a create window for the 11th run, and adds the synthesis."""
    assert ideal_seconds([60.0] * 10, synthesis=10.0) == 70.0
    assert ideal_seconds([60.0] * 11, synthesis=10.0) == 60.0 + 60.0 + 10.0
    assert ideal_seconds([100.0]) == 100.0


def test_soak_accounts_for_every_call() -> None:
    """Section 5 accounts for every call and counts the requests the fake received."""
    section = run_soak(calls=60)
    first = section.rows[0]
    assert first.data["succeeded"] + first.data["failed"] == 60
    assert section.rows[1].data["requests"] >= 60
    assert "duplicates" in section.rows[3].data


def test_bad_inputs_table_counts_requests() -> None:
    """Section 6 has at least 30 cases, each with its request count (all zero)."""
    section = check_bad_inputs(cli=True)
    assert len(section.rows) >= 30
    assert any(row.name.startswith("CLI:") for row in section.rows)
    assert all(row.data["requests"] == 0 for row in section.rows)


@pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])
def test_fleet_shares_one_budget_across_processes(redis_server: RedisServer) -> None:
    """Section 7, small: 2 processes, one key, less than one window of time.

    Local pacing lets each process spend the whole budget, so the server refuses the rest
    (429); the shared Redis budget sends exactly the budget and no more. Within one window the
    counts do not depend on timing: 60 reads and 10 creates are accepted either way.
    """
    section = measure_fleet(workers=(2,), duration=25.0, speed=10.0, redis_url=redis_server.url)
    local, shared = section.rows
    assert section.number == 7 and "2 workers, local pacing" in local.name
    assert bound_of(25.0) == 70
    for row in (local, shared):
        assert row.data["completed"] == 70
        assert row.data["by_operation"]["get_agent_run 200"] == 60
        assert row.data["by_operation"]["create_agent_run 200"] == 10
    assert local.data["rejected_429"] > 0 and local.met is None
    assert shared.data["rejected_429"] == 0 and shared.data["requests"] == 70
    assert shared.data["share"] == 1.0 and shared.met is True
    assert shared.data["p95_wait_s"] >= 0


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
@pytest.mark.parametrize(("server", "rounds"), [("fake", 2), ("minimal", 1)])
def test_async_transport_measures_four_clients(server: str, rounds: int) -> None:
    """Section 9 has a row per client with throughput and latencies, a row for the server
    (which answered every call of the measured rounds), and prints them."""
    pytest.importorskip("httpx_aiohttp", reason="needs the bench extra")
    section = measure_async_transport(calls_each=2, rounds=rounds, server=server, concurrency=5)
    assert section.number == 9
    assert _names(section)[:4] == [RAW_HTTPX, RAW_AIOHTTP, OURS_HTTPX, OURS_AIOHTTP]
    for row in section.rows[:4]:
        assert row.data["requests"] == row.data["calls"] == rounds * 2 * 5
        assert 0 <= row.data["connections"] <= row.data["calls"]  # warm-up opened the first
        assert row.data["calls_per_s"] > 0
        assert len(row.data["rounds_calls_per_s"]) == rounds
        assert row.data["p95_ms"] >= row.data["p50_ms"] > 0
    assert set(section.rows[3].data["ratios"]) == {
        "raw httpx",
        "raw httpx-aiohttp",
        "client on httpx",
    }
    assert section.rows[1].met is not None  # the 1.2x gate of the aiohttp extra
    served = section.rows[4].data
    assert served["requests"] == served["calls"] == 4 * rounds * 2 * 5
    console = Console(width=300, record=True)
    console.print(render([section], "section 9"))
    printed = console.export_text()
    assert all(name in printed for name in _names(section))


def test_the_table_runs_section_9_at_200_concurrent_calls() -> None:
    """Both sizes of `python -m benchmarks` include section 9; its server can be chosen."""
    assert 9 in plan(quick=True) and 9 in plan(quick=False)
    with pytest.raises(SystemExit):
        main(["--sections", "9", "--async-server", "nginx"])


def test_main_prints_and_saves(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The entry point prints one table and writes the JSON and Markdown files it is asked for."""
    out_json, out_md = tmp_path / "bench.json", tmp_path / "bench.md"
    code = main(["--quick", "--sections", "4", "--json", str(out_json), "--markdown", str(out_md)])
    assert code == 0
    assert "MultiRunAgent" in capsys.readouterr().out
    saved = json.loads(out_json.read_text())
    assert saved["machine"]["nproc"] >= 1
    assert [s["number"] for s in saved["sections"]] == [4]
    assert out_md.read_text().startswith("| # |")


def test_never_twice_rows_meet_their_targets() -> None:
    """Section 8 (tiny here) has a row per condition, none created twice or returned another's.

    Outcome-unknown counts only where the row says why it is allowed; with no fault, a create
    with an own token costs at most 3 requests however long the user's history.
    """
    section = measure_never_twice(trials=2, heavy=(500, 3_000))
    names = " ".join(_names(section))
    for condition in (
        "replicas 30 s apart",
        "replica picked at random",
        "user-filtered index 5 s behind",
        "Date 1 to 2 s behind",
        "stored 5 s after",
        "other users' runs carry",
        "run every 0.2 s",
        "run every 1 s",
        "500 API runs",
        "3,000 API runs",
        "8 threads",
        "the way out",
        "another run (id 999",
    ):
        assert condition in names, condition
    assert all(row.met for row in section.rows), [(r.name, r.value) for r in section.rows]
    for row in section.rows:
        assert {key for _, key in COLUMNS} <= set(row.data)
        assert row.data["twice"] == 0 and row.data["others"] == 0
        if "unknown allowed" not in row.target:
            assert row.data["unknown"] == 0, row.name
    heavy = [row for row in section.rows if "API runs" in row.name]
    assert heavy and all(row.data["requests_per_create"] <= 3 for row in heavy)
    markdown = to_markdown([section])
    assert markdown.startswith("**8. Never twice")
    assert "| condition | trials | created twice | others' runs returned |" in markdown


def test_markdown_escapes_pipes() -> None:
    """A pipe inside a cell cannot break the Markdown table of docs/benchmarks.md."""
    section = Section(9, "a|b")
    section.add("x|y", "1")
    assert "a\\|b" in to_markdown([section])


def test_markdown_escapes_brackets() -> None:
    """A message such as "images[0] ... [requests: 0]" is text, not a Markdown reference link
    (the docs build fails on an unresolved one)."""
    section = Section(6, "Bad input")
    section.add("list: images", "images[0] must be a data URI [requests: 0]")
    markdown = to_markdown([section])
    assert "images\\[0] must be a data URI \\[requests: 0]" in markdown


def test_code_lines_leave_out_docstrings_comments_and_blank_lines() -> None:
    """A module of 12 lines holds 4 of code: a string that is data is code, a docstring not."""
    source = (
        '"""The module.\n\nMore about it.\n"""\n'
        "\n"
        "# a comment\n"
        "def f(x):\n"
        '    """Say what f does."""\n'
        '    text = """a string that is data,\n'
        '    not a docstring"""\n'
        "    return text  # trailing comment\n"
        "\n"
    )
    assert count_lines(source) == (12, 4)


def test_the_size_section_counts_the_library_and_not_the_cli_or_the_sync_twin() -> None:
    """Section 10 counts codegen_client's own modules, leaving out cli/, testing/ and _sync/."""
    from benchmarks.layer_size import ROOT

    (row,) = measure_layer_size().rows
    library = ROOT / "codegen_client"
    every = sum(len(p.read_text().splitlines()) for p in library.rglob("*.py"))
    left_out = sum(
        len(p.read_text().splitlines())
        for part in ("cli", "testing", "_sync")
        for p in (library / part).rglob("*.py")
    )
    assert row.data["lines"] == every - left_out
    assert 0 < row.data["code_lines"] < row.data["lines"]
    assert row.met is (row.data["lines"] <= 5_000)
