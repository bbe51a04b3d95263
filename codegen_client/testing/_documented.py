"""The ids the documentation uses, added to a fake so its examples work as written.

`add_documented_examples` gives a fake the ids the README's command table uses (user 456,
repositories 7 and 123, agent runs 98764 and 98765, pull request 5551234, sandbox 20001, the
``linear`` OAuth connection). ``--offline``, ``fake-server`` and ``make demo`` call it; a plain
``FakeCodegenAPI`` (the pytest fixtures, ``fake.client()``) stays exactly as its seed makes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from codegen_client._agents.create_plan import REQUEST_ID_KEY
from codegen_client.testing import _names as words
from codegen_client.testing._runs import AgentRun, RunOutcome
from codegen_client.testing._state import (
    CheckSuiteSettings,
    PullRequest,
    Repository,
    Sandbox,
    State,
    User,
)

if TYPE_CHECKING:
    from codegen_client.testing._app import FakeCodegenAPI

__all__ = ["DocumentedIds", "add_documented_examples"]


@dataclass(frozen=True)
class DocumentedIds:
    """The ids the README's command table uses (besides its organization, 123 by default)."""

    org_id: int
    user_id: int = 456
    repo_id: int = 7
    seed_repo_id: int = 123
    agent_run_id: int = 98765
    earlier_run_id: int = 98764
    pr_id: int = 5551234
    sandbox_id: int = 20001
    oauth_provider: str = "linear"
    request_id: str = "order-42"


def add_documented_examples(fake: FakeCodegenAPI) -> DocumentedIds:
    """Add the documentation's ids to ``fake``'s main organization, before it serves.

    User 456 is a member; repository 7 has pull request 5551234 and sandbox 20001 (with
    logs), and repository 123 (the one the README that specified this package names) is
    empty; agent runs 98764 (the current user's, created with request id ``order-42``) and
    98765 (user 456's) finished two hours ago with logs and a pull request; the current user
    has a ``linear`` OAuth connection.
    A seeded pull request or sandbox that already had one of these ids gets a new one.

    Args:
        fake: A fake that has not served any request yet.

    Returns:
        The ids.

    """
    state = fake.state
    org = fake.organizations[fake.org_id]
    ids = DocumentedIds(org_id=org.id)
    user = User(
        id=ids.user_id,
        email="sam.rivera@example.com",
        github_user_id="5550456",
        github_username="samriv56",
        avatar_url="https://avatars.githubusercontent.com/u/5550456?v=4",
        full_name="Sam Rivera",
    )
    state.users[user.id] = user
    state.add_member(org, user, "MEMBER")
    slug = org.name.lower().replace(" ", "-")
    repo = Repository(
        id=ids.repo_id,
        name="example-app",
        full_name=f"{slug}/example-app",
        description="Example App",
        github_id="555000007",
        organization_id=org.id,
        visibility="private",
        archived=False,
        setup_status="COMPLETE",
        language="Python",
    )
    # The README that specified this package creates a run with repo_id=123.
    seed_repo = Repository(
        id=ids.seed_repo_id,
        name="fibonacci",
        full_name=f"{slug}/fibonacci",
        description="Fibonacci",
        github_id="555000123",
        organization_id=org.id,
        visibility="public",
        archived=False,
        setup_status="COMPLETE",
        language="Python",
    )
    for documented in (repo, seed_repo):
        org.repositories.append(documented)
        state.repositories[documented.id] = documented
        state.check_suites[documented.id] = CheckSuiteSettings(list(words.CHECKS["Python"]))
    _free(state, state.pull_requests, ids.pr_id)
    pr = PullRequest(ids.pr_id, repo.id, 42, "Fix the flaky test", "open", "codegen-bot/flaky")
    state.pull_requests[pr.id] = pr
    _free(state, state.sandboxes, ids.sandbox_id)
    state.sandboxes[ids.sandbox_id] = Sandbox(ids.sandbox_id, org.id, repo.id, has_logs=True)
    connected = org.oauth_connections.setdefault(fake.current_user.id, [])
    if ids.oauth_provider not in connected:
        connected.append(ids.oauth_provider)
        connected.sort()
    earlier = _finished_run(
        fake, ids.earlier_run_id, fake.current_user.id, "Add retries", repo, None
    )
    # What `find-agent-run 123 order-42` finds: the current user's API run with that request id.
    earlier.source_type = "API"
    earlier.metadata = {REQUEST_ID_KEY: ids.request_id}
    _finished_run(fake, ids.agent_run_id, user.id, "Fix the flaky test", repo, pr)
    return ids


def _free(state: State, table: dict[int, Any], wanted: int) -> None:
    """Give a seeded record that holds ``wanted`` a fresh id, so the documented one is free."""
    holder = table.pop(wanted, None)
    if holder is not None:
        holder.id = state.new_id(wanted + 1, wanted + 1_000_000)
        table[holder.id] = holder


def _finished_run(
    fake: FakeCodegenAPI,
    run_id: int,
    user_id: int,
    prompt: str,
    repo: Repository,
    pr: PullRequest | None,
) -> AgentRun:
    """Store a run with id ``run_id`` that worked 30 minutes and completed 90 minutes ago."""
    book = fake.runs
    # RunBook numbers runs itself; seeded ids start at 100,000, so these never collide.
    following, book._next_id = book._next_id, run_id
    try:
        run = fake.add_agent_run(
            fake.org_id,
            prompt,
            user_id=user_id,
            outcome=RunOutcome("COMPLETE", duration=1800.0),
            created_at=fake.now() - 7200.0,
        )
    finally:
        book._next_id = following
    run.repo_id, run.agent_type, run.model = repo.id, "codegen", words.DEFAULT_MODEL
    if pr is not None:
        run.github_pull_requests.append(
            {
                "id": pr.id,
                "url": f"https://github.com/{repo.full_name}/pull/{pr.number}",
                "title": pr.title,
                "created_at": fake.timestamp(fake.now() - 5400.0),
                "head_branch_name": pr.head_branch_name,
            }
        )
    return run
