"""The base install: the library, the offline API and the pytest plugin without the CLI extra.

A throw-away virtual environment (no pip, no system site-packages) gets exactly what
``pip install codegen-client`` would put there: this package and the closure of its base
requirements, copied file by file from the installed distributions' RECORDs (console scripts
re-pointed at the new interpreter). typer and rich are then not importable in it at all.
"""

from __future__ import annotations

import importlib.metadata as metadata
import os
import shutil
import subprocess
import sys
import venv
from collections.abc import Iterable
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from codegen_client.cli import INSTALL_HINT

CLI_ONLY = {"typer", "rich", "pygments", "pydantic", "click", "shellingham"}


def _closure(names: Iterable[str]) -> dict[str, metadata.Distribution]:
    """The installed distributions ``names`` need, without any extra."""
    found: dict[str, metadata.Distribution] = {}
    todo = list(names)
    while todo:
        name = canonicalize_name(todo.pop())
        if name in found:
            continue
        dist = metadata.distribution(name)
        found[name] = dist
        for text in dist.requires or []:
            req = Requirement(text)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return found


def _install(dist: metadata.Distribution, site: Path, python: Path) -> None:
    """Copy one installed distribution's files into ``site`` (scripts into the venv's bin)."""
    for file in dist.files or []:
        if "__pycache__" in file.parts:
            continue
        source = Path(str(dist.locate_file(file)))
        if not source.is_file():
            continue
        if file.parts[0] == "..":  # a console script: ../../../bin/NAME
            target = python.parent / file.name
            lines = source.read_text().splitlines(keepends=True)
            if lines and lines[0].startswith("#!"):
                lines[0] = f"#!{python}\n"
            target.write_text("".join(lines))
            target.chmod(0o755)
            continue
        target = site / file
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


@pytest.fixture(scope="module")
def lean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv holding the package and its base requirements, plus pytest (for the plugin)."""
    root = tmp_path_factory.mktemp("lean-venv")
    venv.EnvBuilder(with_pip=False, symlinks=True, system_site_packages=False).create(root)
    python = root / "bin" / "python"
    site = Path(
        subprocess.check_output(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True
        ).strip()
    )
    for dist in _closure(["codegen-client", "pytest"]).values():
        _install(dist, site, python)
    return python


def _run(
    python: Path, *argv: str | Path, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CODEGEN_", "PYTHON"))}
    return subprocess.run(
        [python, *argv], capture_output=True, text=True, timeout=60, cwd=cwd, env=env, check=False
    )


def test_base_requirements_leave_the_cli_packages_out() -> None:
    """`pip install codegen-client` brings httpx, attrs and python-dateutil, not typer or rich."""
    base = set(_closure(["codegen-client"])) - {"codegen-client"}
    assert {"httpx", "attrs", "python-dateutil"} <= base
    assert not base & CLI_ONLY, base & CLI_ONLY


def test_the_lean_venv_has_no_cli_packages(lean: Path) -> None:
    """The environment the other tests use really lacks typer, rich and pydantic."""
    probe = "import importlib.util as u; print([m for m in %r if u.find_spec(m)])"
    result = _run(lean, "-c", probe % sorted(CLI_ONLY - {"pygments"}))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("entry", [["codegen-client"], ["-m", "codegen_client"]])
def test_without_the_extra_the_command_says_how_to_install_it(lean: Path, entry: list[str]) -> None:
    """`codegen-client` and `python -m codegen_client` print one line and exit 2."""
    if entry == ["codegen-client"]:
        result = _run(lean.parent / "codegen-client", "--offline", "organizations")
    else:
        result = subprocess.run(
            [lean, *entry, "--offline", "organizations"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == INSTALL_HINT + "\n"
    assert "pip install 'codegen-client[cli]'" in result.stderr


def test_library_and_offline_api_work_without_the_extra(lean: Path) -> None:
    """The client and the in-process offline API run there, and load no CLI package."""
    script = (
        "import sys\n"
        "from codegen_client import CodegenClient\n"
        "from codegen_client.testing import FakeCodegenAPI, ManualClock\n"
        "client = FakeCodegenAPI(clock=ManualClock()).client()\n"
        "assert isinstance(client, CodegenClient)\n"
        "org = client.organizations.get_organizations().items[0].id\n"
        "run = client.agents.create_agent_run(org_id=org, prompt='Fix the flaky test')\n"
        "print(client.agents.wait_for_agent_run(org, run.id).status)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'typer', 'rich', 'pydantic'}))\n"
    )
    result = _run(lean, "-c", script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["COMPLETE", "[]"]


def test_pytest_plugin_works_without_the_extra(lean: Path, tmp_path: Path) -> None:
    """The plugin's fixtures load from the entry point and answer, with no CLI package."""
    (tmp_path / "test_plugin.py").write_text(
        "import sys\n\n"
        "def test_fixture(codegen_client, codegen_fake_api):\n"
        "    assert codegen_client.users.get_current_user().id\n"
        "    assert codegen_fake_api.requests_for('get_current_user')\n"
        "    assert not {m.split('.')[0] for m in sys.modules} & {'typer', 'rich'}\n"
    )
    result = _run(
        lean, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_plugin.py", cwd=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


def test_the_testing_package_needs_no_cli_module() -> None:
    """codegen_client.testing and its plugin import, and serve, with rich and typer blocked.

    Run in this (full) environment: httpx itself loads rich when click is installed, so the
    probe refuses the imports instead of looking for them in sys.modules afterwards.
    """
    probe = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('rich', 'typer'):\n"
        "            raise ImportError(f'blocked: {name}')\n"
        "sys.meta_path.insert(0, Block())\n"
        "import codegen_client.testing, codegen_client.testing.pytest_plugin\n"
        "from codegen_client.testing import FakeCodegenAPI\n"
        "print(FakeCodegenAPI().client().users.get_current_user().id > 0)\n"
    )
    result = _run(Path(sys.executable), "-c", probe)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
