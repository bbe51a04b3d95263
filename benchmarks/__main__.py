"""``python -m benchmarks``: run the sections and print their tables.

Options: ``--quick`` (small sizes, for CI), ``--json FILE`` (every figure, raw numbers too),
``--markdown FILE`` (the table as Markdown, for ``docs/benchmarks.md``), ``--sections 1,3``
(a subset), ``--async-server minimal`` (section 7 against a bare ASGI app instead of the
served offline API).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks._machine import describe_machine
from benchmarks._served import KINDS
from benchmarks._table import Section, render, save_json, to_markdown
from benchmarks.async_transport import measure_async_transport
from benchmarks.bad_input import check_bad_inputs
from benchmarks.fleet import measure_fleet
from benchmarks.layer_size import measure_layer_size
from benchmarks.multi_run import measure_multi_run
from benchmarks.never_twice import measure_never_twice
from benchmarks.overhead import measure_overhead
from benchmarks.pagination import measure_pagination
from benchmarks.soak import run_soak
from benchmarks.startup import measure_startup

SectionRun = Callable[[], Section]


def plan(quick: bool, async_server: str = "fake") -> dict[int, SectionRun]:
    """The sections with their sizes: full, or quick (for CI)."""
    if quick:
        return {
            # Fewer rounds, but enough calls per round that the best round is still steady.
            1: lambda: measure_overhead(calls=1_000, rounds=5, loopback_calls=100),
            2: lambda: measure_startup(runs=5),
            # Full size: it takes about a second, and 5 pages are too few to show flat memory.
            3: lambda: measure_pagination(small=1_000, large=10_000),
            4: lambda: measure_multi_run(concurrencies=(3, 10), scaled_speed=None),
            5: lambda: run_soak(calls=500),
            6: lambda: check_bad_inputs(cli=True),
            # Both worker counts, on a faster clock (more sensitive to a busy machine).
            7: lambda: measure_fleet(workers=(4, 8), duration=89.0, speed=10.0),
            8: lambda: measure_never_twice(trials=4, heavy=(10_000, 100_000)),
            # One burst of 200 calls per client and round: raw httpx takes seconds for more.
            9: lambda: measure_async_transport(calls_each=1, rounds=3, server=async_server),
            10: measure_layer_size,
        }
    return {
        1: lambda: measure_overhead(calls=3_000, rounds=11, loopback_calls=500),
        2: lambda: measure_startup(runs=20),
        3: lambda: measure_pagination(small=1_000, large=10_000),
        4: lambda: measure_multi_run(concurrencies=(3, 10, 20), scaled_speed=500.0),
        5: lambda: run_soak(calls=5_000),
        6: lambda: check_bad_inputs(cli=True),
        7: lambda: measure_fleet(workers=(4, 8), duration=89.0, speed=2.0),
        8: lambda: measure_never_twice(trials=10, heavy=(10_000, 100_000)),
        9: lambda: measure_async_transport(calls_each=2, rounds=5, server=async_server),
        10: measure_layer_size,
    }


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes (CI)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="save every figure as JSON")
    parser.add_argument("--markdown", type=Path, metavar="FILE", help="save the table as Markdown")
    parser.add_argument(
        "--sections", default="1,2,3,4,5,6,7,8,9,10", help="comma-separated section numbers to run"
    )
    parser.add_argument(
        "--async-server",
        choices=KINDS,
        default="fake",
        help="what section 9 calls: the served offline API (default) or a bare ASGI app",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the chosen sections, print the table, save what was asked; exit 0."""
    from rich.console import Console

    args = _parse(argv)
    wanted = [int(part) for part in args.sections.split(",") if part.strip()]
    runs = plan(args.quick, args.async_server)
    console = Console()
    if not console.is_terminal:
        console = Console(width=180)  # piped or in CI: rich would wrap at 80 columns
    err = Console(stderr=True)
    sections: list[Section] = []
    for number in wanted:
        started = time.perf_counter()
        err.print(f"[dim]section {number}...[/dim]", end=" ")
        sections.append(runs[number]())
        err.print(f"[dim]{time.perf_counter() - started:.1f} s[/dim]")
    machine = describe_machine()
    title = (
        f"codegen-client benchmarks{' (quick)' if args.quick else ''}: {machine['date']}, "
        f"{machine['nproc']} CPU {machine['cpu']}, {machine['python']}"
    )
    console.print(render(sections, title))
    if args.json:
        save_json(args.json, sections, {**machine, "quick": args.quick})
    if args.markdown:
        args.markdown.write_text(to_markdown(sections))
    return 0


if __name__ == "__main__":
    sys.exit(main())
