"""The create look-up window is a setting of both clients: argument, variable, default 15 s."""

from __future__ import annotations

import pytest

from codegen_client import AsyncCodegenClient, CodegenClient, CodegenInputError
from codegen_client._settings import resolve_settings

BASE = {"api_key": "sk-test", "base_url": None, "timeout": None, "max_retries": None}


def settings(environ: dict[str, str], **kwargs: object) -> object:
    return resolve_settings(**BASE, user_agent=None, environ=environ, **kwargs)  # type: ignore[arg-type]


def test_the_window_defaults_to_15_seconds() -> None:
    """Unset, a create looks for its run for 15 s after an ambiguous failure."""
    assert settings({}).create_lookup_window == 15.0  # type: ignore[attr-defined]


def test_the_variable_sets_it_and_the_argument_wins() -> None:
    """CODEGEN_CREATE_LOOKUP_WINDOW sets the window; the constructor argument wins over it."""
    env = {"CODEGEN_CREATE_LOOKUP_WINDOW": " 60 "}
    assert settings(env).create_lookup_window == 60.0  # type: ignore[attr-defined]
    assert settings(env, create_lookup_window=5).create_lookup_window == 5.0  # type: ignore[attr-defined]


@pytest.mark.parametrize("cls", [CodegenClient, AsyncCodegenClient])
def test_both_clients_take_it(cls: type) -> None:
    """Both constructors take create_lookup_window and keep it in their settings."""
    client = cls(api_key="sk-test", create_lookup_window=0)
    assert client.settings.create_lookup_window == 0.0


@pytest.mark.parametrize("bad", [-1, float("nan"), "soon", True, 10**400])
def test_a_bad_window_is_refused_by_name(bad: object) -> None:
    """A window that is not a finite number of seconds >= 0 is an input error naming it."""
    with pytest.raises(CodegenInputError, match="create_lookup_window"):
        settings({}, create_lookup_window=bad)


def test_a_bad_variable_is_named() -> None:
    """A bad CODEGEN_CREATE_LOOKUP_WINDOW names the variable."""
    with pytest.raises(CodegenInputError, match="CODEGEN_CREATE_LOOKUP_WINDOW"):
        settings({"CODEGEN_CREATE_LOOKUP_WINDOW": "-3"})
