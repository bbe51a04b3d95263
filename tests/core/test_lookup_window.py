"""The create look-up and idempotency windows are settings of both clients.

Each is an argument and a variable; the look-up window defaults to 30 s, the idempotency window
to 24 hours.
"""

from __future__ import annotations

import pytest

from codegen_client import AsyncCodegenClient, CodegenClient, CodegenInputError
from codegen_client._settings import resolve_settings

BASE = {"api_key": "sk-test", "base_url": None, "timeout": None, "max_retries": None}


def settings(environ: dict[str, str], **kwargs: object) -> object:
    return resolve_settings(**BASE, user_agent=None, environ=environ, **kwargs)  # type: ignore[arg-type]


def test_the_window_defaults_to_30_seconds() -> None:
    """Unset, a create looks for its run for 30 s after an ambiguous failure."""
    assert settings({}).create_lookup_window == 30.0  # type: ignore[attr-defined]


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


def test_the_idempotency_window_defaults_to_24_hours_and_is_a_setting() -> None:
    """CODEGEN_IDEMPOTENCY_WINDOW sets it, the argument wins, unset it is 86400 s."""
    assert settings({}).idempotency_window == 86_400.0  # type: ignore[attr-defined]
    env = {"CODEGEN_IDEMPOTENCY_WINDOW": " 3600 "}
    assert settings(env).idempotency_window == 3600.0  # type: ignore[attr-defined]
    assert settings(env, idempotency_window=60).idempotency_window == 60.0  # type: ignore[attr-defined]


@pytest.mark.parametrize("cls", [CodegenClient, AsyncCodegenClient])
def test_both_clients_take_the_idempotency_window(cls: type) -> None:
    """Both constructors take idempotency_window and keep it in their settings."""
    client = cls(api_key="sk-test", idempotency_window=7 * 86_400)
    assert client.settings.idempotency_window == 604_800.0
    assert "idempotency_window=604800.0" in repr(client.settings)


@pytest.mark.parametrize("bad", [0, -1, float("inf"), "a day", True])
def test_a_bad_idempotency_window_is_refused_by_name(bad: object) -> None:
    """An idempotency window that is not a number of seconds > 0 names the argument."""
    with pytest.raises(CodegenInputError, match="idempotency_window"):
        settings({}, idempotency_window=bad)
    with pytest.raises(CodegenInputError, match="CODEGEN_IDEMPOTENCY_WINDOW"):
        settings({"CODEGEN_IDEMPOTENCY_WINDOW": "0"})
