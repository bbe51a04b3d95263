"""A reader that stops early (`| head`) ends the command quietly, without a traceback."""

from __future__ import annotations

import pytest

from codegen_client import cli


def test_broken_pipe_exits_141_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """BrokenPipeError from writing output becomes exit status 141 and nothing on stderr."""
    from codegen_client.cli import _app

    def closed_pipe(**_: object) -> None:
        raise BrokenPipeError

    monkeypatch.setattr(_app, "app", closed_pipe)
    redirected: list[tuple[int, int]] = []
    monkeypatch.setattr("os.dup2", lambda src, dst: redirected.append((src, dst)))
    monkeypatch.setattr("sys.stdout.fileno", lambda: 1, raising=False)
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 141
    assert redirected and redirected[0][1] == 1
    assert capsys.readouterr().err == ""
