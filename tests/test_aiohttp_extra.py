"""The aiohttp extra: only DefaultAioHttpClient needs it, and without it says how to install it.

How the client behaves on it, over real sockets, is in tests/server/test_aiohttp_client.py.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
INSTALL_LINE = "pip install 'codegen-client[aiohttp]'"


@pytest.mark.parametrize("missing", ["httpx_aiohttp", "aiohttp"])
def test_without_the_extra_making_one_names_the_install_line(
    monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    """Every public name still imports; making the client raises with the install line."""
    monkeypatch.setitem(sys.modules, missing, None)  # what an absent package looks like
    monkeypatch.delitem(sys.modules, "codegen_client._aiohttp_transport", raising=False)
    namespace: dict[str, object] = {}
    exec("from codegen_client import *", namespace)
    client_class = namespace["DefaultAioHttpClient"]
    assert isinstance(client_class, type)
    with pytest.raises(ModuleNotFoundError, match=re.escape(INSTALL_LINE)) as caught:
        client_class()
    assert caught.value.name == missing


def test_the_name_loads_neither_aiohttp_nor_httpx_aiohttp() -> None:
    """Importing the name costs nothing: aiohttp loads when a DefaultAioHttpClient is made."""
    code = (
        "import sys\n"
        "from codegen_client import AsyncCodegenClient, DefaultAioHttpClient\n"
        "print(sorted(m for m in sys.modules if m.partition('.')[0] in ('aiohttp', "
        "'httpx_aiohttp')))\n"
        "DefaultAioHttpClient()\n"
        "print('aiohttp' in sys.modules and 'httpx_aiohttp' in sys.modules)\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split()
    assert shown == ["[]", "True"]


def test_the_base_install_does_not_bring_aiohttp() -> None:
    """httpx-aiohttp is in the aiohttp extra (and bench, which measures it), not the base."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert not [d for d in project["dependencies"] if "aiohttp" in d]
    (extra,) = project["optional-dependencies"]["aiohttp"]
    assert extra.startswith("httpx-aiohttp>=")
