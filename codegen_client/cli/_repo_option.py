"""``--repo owner/name`` (or ``--repo .``, the git remote of the current directory).

Every command that takes ``--repo-id`` also takes ``--repo``: the name is looked up with
``client.repositories.find_repository`` (one read of the organization's list), and ``.`` reads
the remote of the checkout the command runs in (``origin``, or the only remote there is).
"""

from __future__ import annotations

import os
import subprocess
from typing import TYPE_CHECKING, Annotated

import typer

from codegen_client._repo_names import repo_full_name
from codegen_client.cli._errors import CliError, ExitCode

if TYPE_CHECKING:
    from codegen_client.cli._session import Invocation

__all__ = ["RepoName", "git_remote_repo", "resolve_repo_id"]

RepoName = Annotated[
    str | None,
    typer.Option(
        "--repo",
        help="Repository as owner/name (instead of --repo-id); '.' reads the git remote here.",
        metavar="OWNER/NAME",
        show_default=False,
    ),
]
GIT_TIMEOUT = 10.0


def _git(*args: str, cwd: str) -> str:
    """Run one git command in ``cwd`` and return its output (stripped).

    Raises:
        CliError: git is missing, fails or hangs (the message never shows a remote URL).

    """
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT,
            check=False,
            # No prompt for credentials or an editor: this is a read of the local config.
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0"},
        )
    except FileNotFoundError:
        raise CliError("--repo .: git is not installed; pass --repo owner/name") from None
    except subprocess.TimeoutExpired:
        raise CliError(f"--repo .: git did not answer within {GIT_TIMEOUT:g} s") from None
    if done.returncode != 0:
        raise CliError(
            f"--repo .: {cwd} is not inside a git repository; pass --repo owner/name"
            if "not a git repository" in done.stderr
            else f"--repo .: `git {' '.join(args)}` failed; pass --repo owner/name"
        )
    return done.stdout.strip()


def git_remote_repo(cwd: str | None = None) -> str:
    """The ``owner/name`` of the checkout's remote: ``origin``, or its only remote.

    Args:
        cwd: The directory (default: the current one).

    Returns:
        ``owner/name``.

    Raises:
        CliError: Not a checkout, no remote, several remotes and none called ``origin``, or a
            remote URL that names no repository.

    """
    where = cwd or os.getcwd()
    remotes = _git("remote", cwd=where).split()
    if not remotes:
        raise CliError(f"--repo .: the git repository at {where} has no remote")
    if "origin" in remotes:
        remote = "origin"
    elif len(remotes) == 1:
        remote = remotes[0]
    else:
        raise CliError(
            f"--repo .: several remotes and none is origin ({', '.join(sorted(remotes))}); "
            "pass --repo owner/name"
        )
    return repo_full_name(_git("remote", "get-url", remote, cwd=where))


def resolve_repo_id(
    cmd: Invocation, org_id: int, repo_id: int | None, repo: str | None
) -> int | None:
    """The repository id a command works in, from ``--repo-id`` or ``--repo``.

    Raises:
        CliError: Both were given (exit 2), or ``--repo .`` could not read a remote.
        CodegenInputError: ``--repo`` is not a repository name.
        CodegenResourceNotFoundError: No repository of the organization has that name.

    """
    if repo is None:
        return repo_id
    if repo_id is not None:
        raise CliError("pass --repo-id or --repo, not both", ExitCode.USAGE)
    name = git_remote_repo() if repo.strip() == "." else repo
    return int(cmd.client.repositories.find_repository(org_id, name).id)
