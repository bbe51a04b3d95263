"""Section 2: start-up of whole processes, against the httpx floor and the official client.

Each command runs as a fresh process. Byte-code is allowed to be cached (``PYTHONDONTWRITEBYTECODE``
is removed from the environment and one warm-up run writes it), as after any ``pip install``.
Runs of the different commands are interleaved so machine noise hits them alike.

The processes see no ``click``, as in a user's ``pip install codegen-client`` or ``[cli]`` (typer
vendors its own in recent releases): the dev environment has it (the ``server`` and ``docs``
extras bring it), and with click importable, ``import httpx`` also loads httpx's own command
line (click, rich, pygments), which would inflate the floor and the official client alike. An
older typer that still depends on click (the floor ``make test-lowest`` installs) keeps it.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks._table import Section

__all__ = ["import_profile", "measure_startup"]

FLOOR_TARGET = 1.25  # the command line: typer builds its whole command tree
IMPORT_TARGET = 1.15  # the library
FIRST_CALL_TARGET = 1.3
OFFICIAL_TARGET = 0.5
# One get_agent_run in a fresh process: import, construct, call over loopback, read the answer.
_FIRST_CALLS = {
    "raw httpx": (
        "import httpx, os\n"
        "url = os.environ['BENCH_URL']\n"
        "httpx.Client(headers={'Authorization': 'Bearer sk-bench'})"
        ".get(url + '/organizations/12732/agent/run/588928').json()\n"
    ),
    "codegen_client": (
        "import os\n"
        "from codegen_client import CodegenClient\n"
        "CodegenClient(api_key='sk-bench', base_url=os.environ['BENCH_URL'])"
        ".agents.get_agent_run(12732, 588928)\n"
    ),
    "official": (
        "import os\n"
        "import codegen_api_client as official\n"
        "api = official.ApiClient(official.Configuration("
        "host=os.environ['BENCH_URL'].removesuffix('/v1')))\n"
        "api.set_default_header('Authorization', 'Bearer sk-bench')\n"
        "official.AgentsApi(api).get_agent_run_v1_organizations_org_id_agent_run_agent_run_id_get("
        "agent_run_id=588928, org_id=12732)\n"
    ),
}


@dataclass
class _Target:
    label: str
    argv: list[str]
    times: list[float]


# A stand-in that makes `import click` fail, put first on PYTHONPATH of every measured process.
_NO_CLICK = Path(tempfile.gettempdir()) / "codegen-client-bench-no-click"


def _hide_click() -> str:
    package = _NO_CLICK / "click"
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text(
        'raise ImportError("click is hidden: measured as an install without it")\n'
    )
    return str(_NO_CLICK)


def _cli_needs_click() -> bool:
    """Whether the installed typer depends on click (then a user's ``[cli]`` install has it)."""
    try:
        requires = importlib.metadata.requires("typer") or []
    except importlib.metadata.PackageNotFoundError:
        return False
    return any(req.split(";")[0].strip().lower().startswith("click") for req in requires)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    if not _cli_needs_click():
        hidden = _hide_click()
        env["PYTHONPATH"] = os.pathsep.join(p for p in (hidden, env.get("PYTHONPATH")) if p)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for name in list(env):
        if name.startswith("CODEGEN_"):
            env.pop(name)  # the CLI must not pick up a developer's key or URL here
    env["COLUMNS"] = "100"
    return env


def _cli_path() -> Path | None:
    script = Path(sys.executable).parent / "codegen-client"
    return script if script.exists() else None


def _targets() -> list[_Target]:
    py = sys.executable
    targets = [
        _Target("python -c pass (interpreter alone)", [py, "-c", "pass"], []),
        _Target("python -c 'import httpx' (the floor)", [py, "-c", "import httpx"], []),
        _Target("python -c 'import codegen_client'", [py, "-c", "import codegen_client"], []),
        _Target(
            "python -c 'from codegen_client import CodegenClient'",
            [py, "-c", "from codegen_client import CodegenClient"],
            [],
        ),
    ]
    cli = _cli_path()
    if cli is not None:
        targets.append(_Target("codegen-client --help", [str(cli), "--help"], []))
    official = importlib.util.find_spec("codegen_api_client") is not None
    if official:
        targets.append(
            _Target(
                "python -c 'import codegen_api_client' (official)",
                [py, "-c", "import codegen_api_client"],
                [],
            )
        )
    for name, code in _FIRST_CALLS.items():
        if name != "official" or official:
            targets.append(_Target(f"first call: {name}", [py, "-c", code], []))
    return targets


def _run(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    completed = subprocess.run(argv, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if completed.returncode != 0:
        raise RuntimeError(
            f"{' '.join(argv)} exited {completed.returncode}: {completed.stderr.decode()[-300:]}"
        )
    return elapsed * 1000


def import_profile(*args: str) -> dict[str, float]:
    """Return ``{module: self µs}`` from ``python -X importtime ARGS`` (e.g. ``-c CODE``)."""
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", *args],
        env=_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    modules: dict[str, float] = {}
    for line in completed.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _cumulative, name = line[len("import time:") :].split("|")
        modules[name.strip()] = float(self_us)
    return modules


def _beyond_httpx(*args: str) -> tuple[int, float, list[tuple[str, float]]]:
    """Modules ``python ARGS`` imports that ``import httpx`` does not: count, self ms, heaviest."""
    floor = import_profile("-c", "import httpx")
    ours = import_profile(*args)
    extra = {name: us for name, us in ours.items() if name not in floor}
    heaviest = sorted(extra.items(), key=lambda item: -item[1])[:6]
    return len(extra), sum(extra.values()) / 1000, [(n, us / 1000) for n, us in heaviest]


def measure_startup(runs: int = 20) -> Section:
    """Time each start-up command ``runs`` times (interleaved) and compare them.

    Args:
        runs: Timed runs per command, after one warm-up run each.

    Returns:
        Section 2 of the table.

    """
    section = Section(2, "Start-up: whole processes, cold interpreter")
    click = "with click (typer needs it)" if _cli_needs_click() else "no click"
    section.note = f"best of {runs} runs (median in brackets); byte-code cached; {click}"
    from benchmarks._loopback import FixedServer
    from benchmarks.overhead import RUN_BODY

    targets = _targets()
    with FixedServer(RUN_BODY) as server:
        env = {**_env(), "BENCH_URL": server.base_url}
        for target in targets:
            _run(target.argv, env)  # warm-up: writes byte-code, fills the file cache
        for _ in range(runs):
            for target in targets:
                target.times.append(_run(target.argv, env))
    by_label = {t.label.split(" (")[0]: t for t in targets}
    floor = by_label["python -c 'import httpx'"]
    official = by_label.get("python -c 'import codegen_api_client'")
    first_floor = by_label["first call: raw httpx"]
    first_official = by_label.get("first call: official")
    for target in targets:
        best, median = min(target.times), statistics.median(target.times)
        value = f"{best:.1f} ms [{median:.1f}]"
        target_text, met = "", None
        first = target.label.startswith("first call: codegen_client")
        ours = "codegen_client" in target.label or target.label.startswith("codegen-client")
        if first:
            ratio = best / min(first_floor.times)
            value += f"; {ratio:.2f}x raw httpx"
            target_text, met = f"<= {FIRST_CALL_TARGET}x raw httpx", ratio <= FIRST_CALL_TARGET
            if first_official is not None:
                value += f", {best / min(first_official.times):.2f}x official"
        elif ours:
            floor_ratio = best / min(floor.times)
            limit = FLOOR_TARGET if target.label.startswith("codegen-client") else IMPORT_TARGET
            value += f"; {floor_ratio:.2f}x httpx"
            target_text = f"<= {limit}x httpx"
            met = floor_ratio <= limit
            if official is not None:
                official_ratio = best / min(official.times)
                value += f", {official_ratio:.2f}x official"
                target_text += f", < {OFFICIAL_TARGET}x official"
                met = met and official_ratio < OFFICIAL_TARGET
        section.add(
            target.label,
            value,
            target_text,
            met,
            best_ms=best,
            median_ms=median,
            runs=runs,
            argv=target.argv,
        )
    if official is None:
        section.add(
            "python -c 'import codegen_api_client' (official)",
            "not installed: pip install '.[bench]'",
        )
    if _cli_path() is None:
        section.add("codegen-client --help", "console script not installed")
    profiles = [
        (
            "from codegen_client import CodegenClient",
            ["-c", "from codegen_client import CodegenClient"],
        )
    ]
    cli = _cli_path()
    if cli is not None:
        profiles.append(("codegen-client --help", [str(cli), "--help"]))
    for label, args in profiles:
        try:
            count, total_ms, heaviest = _beyond_httpx(*args)
        except subprocess.CalledProcessError:
            continue
        shown = ", ".join(f"{name} {ms:.1f}" for name, ms in heaviest)
        section.add(
            f"{label}: modules loaded that import httpx does not load (-X importtime)",
            f"{count} modules, {total_ms:.1f} ms self time; heaviest (ms): {shown}",
            count=count,
            self_ms=total_ms,
            heaviest=heaviest,
        )
    return section
