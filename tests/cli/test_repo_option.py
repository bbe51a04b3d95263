"""`--repo owner/name` wherever `--repo-id` is taken, and `--repo .` from the git remote."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from codegen_client.testing import FakeCodegenAPI
from tests.cli.conftest import Invoke, json_of


def _repo(fake: FakeCodegenAPI, org_id: int, index: int = 3) -> tuple[int, str]:
    repo = fake.organizations[org_id].repositories[index]
    return repo.id, repo.full_name


def _checkout(path: Path, *remotes: tuple[str, str]) -> Path:
    """A real git repository at ``path`` with the given (name, url) remotes."""
    path.mkdir(exist_ok=True)
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    for name, url in remotes:
        subprocess.run(["git", "-C", str(path), "remote", "add", name, url], check=True)
    return path


def test_agent_run_takes_the_repository_by_name(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """`agent-run --repo owner/name` starts the run in that repository."""
    repo_id, full_name = _repo(fake, org_id)
    run = json_of(cli("agent-run", org_id, "Fix it", "--repo", full_name.upper(), "--json"))
    assert fake.agent_runs[run["id"]].repo_id == repo_id


def test_an_unknown_name_exits_4_naming_close_matches_and_starts_nothing(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """A misspelt name exits 4 (not found), suggests the right one and starts no run."""
    _, full_name = _repo(fake, org_id)
    result = cli("agent-run", org_id, "Fix it", "--repo", full_name + "x")
    assert result.exit_code == 4
    assert f"did you mean {full_name}" in result.stderr
    assert fake.agent_runs == {}


def test_repo_and_repo_id_together_are_a_usage_error(cli: Invoke, org_id: int) -> None:
    """--repo and --repo-id name the same thing: both at once exits 2."""
    result = cli("agent-run", org_id, "Fix it", "--repo", "a/b", "--repo-id", 5)
    assert result.exit_code == 2
    assert "not both" in result.stderr


def test_repo_dot_reads_the_origin_remote_of_the_current_checkout(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--repo .` inside a git checkout uses its origin remote (scp-like URL)."""
    repo_id, full_name = _repo(fake, org_id)
    checkout = _checkout(
        tmp_path / "work",
        ("upstream", "https://github.com/someone/else.git"),
        ("origin", f"git@github.com:{full_name}.git"),
    )
    (checkout / "sub").mkdir()
    monkeypatch.chdir(checkout / "sub")
    run = json_of(cli("agent-run", org_id, "Fix it", "--repo", ".", "--json"))
    assert fake.agent_runs[run["id"]].repo_id == repo_id


def test_repo_dot_takes_the_only_remote_whatever_its_name(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A checkout with one remote not called origin uses that one (https URL with a token)."""
    repo_id, full_name = _repo(fake, org_id, 7)
    url = f"https://x-access-token:ghp_TOKEN@github.com/{full_name}.git"
    monkeypatch.chdir(_checkout(tmp_path / "work", ("fork", url)))
    run = json_of(cli("agent-run", org_id, "Fix it", "--repo", ".", "--json"))
    assert fake.agent_runs[run["id"]].repo_id == repo_id


@pytest.mark.parametrize(
    ("remotes", "message"),
    [
        ((), "has no remote"),
        ((("a", "git@github.com:x/y.git"), ("b", "git@github.com:x/z.git")), "none is origin"),
        ((("origin", "https://user:ghp_TOKEN@example.com/"),), "is not a repository name"),
    ],
)
def test_repo_dot_without_a_usable_remote_exits_6_and_starts_nothing(
    cli: Invoke,
    fake: FakeCodegenAPI,
    org_id: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    remotes: tuple[tuple[str, str], ...],
    message: str,
) -> None:
    """No remote, several without origin, or a URL that names no repository: exit 6."""
    monkeypatch.chdir(_checkout(tmp_path / "work", *remotes))
    result = cli("agent-run", org_id, "Fix it", "--repo", ".")
    assert result.exit_code == 6, result.stderr
    assert message in result.stderr
    assert "ghp_TOKEN" not in result.stderr
    assert fake.agent_runs == {}


def test_repo_dot_outside_a_checkout_says_so(
    cli: Invoke, org_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--repo .` in a directory that is no git repository exits 6 naming the problem."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = cli("agent-run", org_id, "Fix it", "--repo", ".")
    assert result.exit_code == 6
    assert "not inside a git repository" in result.stderr


def test_multi_run_agent_takes_the_repository_by_name(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """`multi-run-agent --repo owner/name` starts every run in that repository."""
    repo_id, full_name = _repo(fake, org_id)
    result = cli("multi-run-agent", org_id, "Do it", "--concurrency", 2, "--repo", full_name)
    assert result.exit_code == 0, result.stderr
    assert {run.repo_id for run in fake.agent_runs.values()} == {repo_id}


def test_edit_pr_takes_the_repository_by_name(
    cli: Invoke, fake: FakeCodegenAPI, org_id: int
) -> None:
    """`edit-pr --repo owner/name` edits the pull request through that repository."""
    repo_id, full_name = _repo(fake, org_id)
    pr = next(p for p in fake.state.pull_requests.values() if p.repo_id == repo_id)
    result = cli("edit-pr", org_id, pr.id, "closed", "--repo", full_name, "--json")
    assert json_of(result)["state"] == "closed"
    assert fake.requests_for("edit_pull_request")[-1].path.endswith(f"/repos/{repo_id}/prs/{pr.id}")
