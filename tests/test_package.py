"""What the installed package shows: its public names, its metadata and its license."""

from __future__ import annotations

import importlib.metadata as metadata
import re
import subprocess
import sys
from pathlib import Path

import pytest

import codegen_client

ROOT = Path(__file__).resolve().parents[1]


def test_unset_is_importable_from_the_package() -> None:
    """`from codegen_client import UNSET` gives the marker the models use, and it is falsy."""
    from codegen_client import UNSET, Unset
    from codegen_client.models import UNSET as MODELS_UNSET

    assert UNSET is MODELS_UNSET
    assert isinstance(UNSET, Unset)
    assert not UNSET


def test_dir_shows_only_public_names() -> None:
    """dir(codegen_client) lists __all__ and nothing else (no imports, no private helpers)."""
    names = dir(codegen_client)
    assert names == sorted(codegen_client.__all__)
    assert "CodegenClient" in names and "UNSET" in names
    assert not {"importlib", "annotations", "TYPE_CHECKING", "Any", "_LAZY"} & set(names)
    assert all(not n.startswith("_") or n == "__version__" for n in names)


def test_every_public_name_resolves() -> None:
    """Each name in __all__ can be read from the package (lazy ones included)."""
    for name in codegen_client.__all__:
        assert getattr(codegen_client, name) is not None, name


def test_metadata_has_project_urls_and_the_mit_license() -> None:
    """The installed metadata names the docs, source and changelog, and the MIT license."""
    meta = metadata.metadata("codegen-client")
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL") or [])
    assert {"Documentation", "Source", "Changelog"} <= set(urls)
    assert meta.get("License-Expression", meta.get("License")) == "MIT"
    license_text = (ROOT / "LICENSE").read_text()
    assert license_text.startswith("MIT License")
    assert "Permission is hereby granted, free of charge" in license_text


def test_changelog_has_the_current_version() -> None:
    """CHANGELOG.md has a section for the version the package reports."""
    assert f"## [{codegen_client.__version__}]" in (ROOT / "CHANGELOG.md").read_text()


def test_make_install_installs_every_extra() -> None:
    """`make install` names every extra pyproject.toml defines (and the base install none)."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    extras = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    )
    assert {"cli", "server", "docs", "dev", "bench"} <= extras
    makefile = (ROOT / "Makefile").read_text()
    found = re.search(r'pip install --quiet -e "\.\[([a-z,]+)\]"', makefile)
    assert found, "no `pip install -e .[...]` line in the Makefile"
    installed = set(found.group(1).split(","))
    assert installed == extras


def test_ci_builds_the_docs_and_runs_floors_and_pythons_before_make_test() -> None:
    """.ci/run builds the docs, runs the floor and per-Python suites, and ends with make test."""
    steps = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text().splitlines()
        if line.strip().startswith("make ")
    ]
    assert {"make docs", "make test-lowest", "make test-pythons"} <= set(steps)
    assert steps[-1] == "make test"


def test_multi_run_agents_import_from_the_package_root() -> None:
    """`from codegen_client import MultiRunAgent` works, loaded lazily like the clients."""
    probe = (
        "import sys, codegen_client\n"
        "lazy = 'codegen_client._sync.multi_run' not in sys.modules\n"
        "from codegen_client import AsyncMultiRunAgent, MultiRunAgent\n"
        "from codegen_client import multi_run\n"
        "print(lazy, MultiRunAgent is multi_run.MultiRunAgent,"
        " AsyncMultiRunAgent is multi_run.AsyncMultiRunAgent)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "True", "True"]
    assert {"MultiRunAgent", "AsyncMultiRunAgent"} <= set(codegen_client.__all__)
