"""Repositories by name: reading ``owner/name`` (or a git remote URL) and matching it, no I/O.

People know a repository as ``owner/name``, or by the remote of their checkout; the API wants
its numeric id. `repo_full_name` reads either form, `match_repository` picks the
repository out of an organization's list (the list itself is read and cached by
``client.repositories.find_repository``). GitHub compares names without regard to case, and so
does the match.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from codegen_client._exceptions import CodegenInputError, CodegenResourceNotFoundError

if TYPE_CHECKING:
    from codegen_client_generated.models.repo_response import RepoResponse

__all__ = ["CLOSE_MATCHES", "REFRESH_AFTER", "close_matches", "match_repository", "repo_full_name"]


CLOSE_MATCHES = 3
"""How many close matches a not-found error names at most."""
REFRESH_AFTER = 60.0
"""Seconds after which a cached list is read again when a name is not on it."""

# owner/name as GitHub allows them: letters, digits, '-', '_', '.'; no empty part.
_PART = r"[A-Za-z0-9_.-]+"
_FULL_NAME = re.compile(rf"({_PART})/({_PART})")
# https://host/owner/name(.git), ssh://git@host(:port)/owner/name(.git), git://host/owner/name
_URL = re.compile(rf"(?:https?|ssh|git)://(?:[^@/]*@)?[^/]+/({_PART})/({_PART})/?")
# scp-like: git@github.com:owner/name(.git)
_SCP = re.compile(rf"(?:[^@/:]+@)?[^/:]+:/?({_PART})/({_PART})/?")


def _strip_git(name: str) -> str:
    return name[: -len(".git")] if name.endswith(".git") else name


def repo_full_name(text: object) -> str:
    """Return ``owner/name`` from ``owner/name``, a GitHub URL or a git remote URL.

    Accepted: ``acme/api``, ``acme/api.git``, ``https://github.com/acme/api(.git)``,
    ``git@github.com:acme/api.git`` and ``ssh://git@github.com/acme/api.git``. Credentials in
    a URL (``https://token@github.com/...``) are dropped, and never shown in an error.

    Raises:
        CodegenInputError: ``text`` is none of these (the message shows no credentials).

    """
    if not isinstance(text, str):
        raise CodegenInputError(
            f"a repository name must be a string like 'owner/name', got {type(text).__name__}"
        )
    value = text.strip()
    for pattern in (_FULL_NAME, _URL, _SCP):
        found = pattern.fullmatch(value)
        if found is not None:
            owner, name = found.group(1), _strip_git(found.group(2))
            if owner not in {".", ".."} and name not in {"", ".", ".."}:
                return f"{owner}/{name}"
    raise CodegenInputError(
        f"{_shown(value)!r} is not a repository name: expected 'owner/name' "
        "(or a GitHub or git remote URL)"
    )


def _shown(value: str) -> str:
    """The text as an error may show it: without a URL's credentials, and not too long."""
    value = re.sub(r"://[^@/]*@", "://", value)
    value = re.sub(r"^[^@/:]+@", "", value)
    return value if len(value) <= 200 else value[:200] + "..."


def match_repository(
    repositories: Sequence[RepoResponse], full_name: str, org_id: int
) -> RepoResponse:
    """Pick the repository called ``full_name`` (any case) out of an organization's list.

    Args:
        repositories: Every repository of the organization.
        full_name: ``owner/name``, as `repo_full_name` returns it.
        org_id: The organization (named in the error).

    Returns:
        The repository; one whose ``full_name`` matches exactly wins over one that matches
        only without regard to case.

    Raises:
        CodegenResourceNotFoundError: None matches; the message names up to
            `CLOSE_MATCHES` close ones (also in ``body["close_matches"]``).

    """
    wanted = full_name.casefold()
    same_case = [repo for repo in repositories if repo.full_name == full_name]
    if same_case:
        return same_case[0]
    for repo in repositories:
        if repo.full_name.casefold() == wanted:
            return repo
    close = close_matches(repositories, full_name)
    where = f"organization {org_id} ({len(repositories)} repositories)"
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise CodegenResourceNotFoundError(
        f"no repository {full_name} in {where}{hint}",
        body={"full_name": full_name, "close_matches": close},
    )


def close_matches(repositories: Sequence[RepoResponse], full_name: str) -> list[str]:
    """The names most like ``full_name``: the same name under another owner first."""
    names = [repo.full_name for repo in repositories]
    by_fold = {name.casefold(): name for name in reversed(names)}
    wanted = full_name.casefold()
    short = wanted.rpartition("/")[2]
    same_name = [name for name in names if name.casefold().rpartition("/")[2] == short]
    similar = difflib.get_close_matches(wanted, list(by_fold), n=CLOSE_MATCHES, cutoff=0.6)
    found = [*same_name, *(by_fold[name] for name in similar)]
    return list(dict.fromkeys(found))[:CLOSE_MATCHES]
