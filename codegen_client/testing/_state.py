"""The offline API's world: organizations, users, repositories and settings, seeded.

`build_state` draws everything from ``random.Random(seed)``, so one seed always gives
the same ids, names and settings. The token's user belongs to three of the four organizations
(the fourth answers 403), and one of its organizations has no repositories (creating a run
there answers the documented 404).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from codegen_client.testing import _names as words
from codegen_client.testing._errors import forbidden

__all__ = [
    "CheckSuiteSettings",
    "Integration",
    "Organization",
    "PullRequest",
    "Repository",
    "Sandbox",
    "State",
    "User",
    "WebhookConfig",
    "build_state",
]


@dataclass
class User:
    """A Codegen user; roles live on the organization membership."""

    id: int
    email: str | None
    github_user_id: str
    github_username: str
    avatar_url: str | None
    full_name: str | None
    custom_prompt: str | None = None

    def to_json(self, role: str | None) -> dict[str, Any]:
        """Render as ``UserResponse`` with the role held in one organization."""
        return {
            "id": self.id,
            "email": self.email,
            "github_user_id": self.github_user_id,
            "github_username": self.github_username,
            "avatar_url": self.avatar_url,
            "full_name": self.full_name,
            "role": role,
            "is_admin": None if role is None else role == "ADMIN",
        }


@dataclass
class Repository:
    """A repository connected to an organization."""

    id: int
    name: str
    full_name: str
    description: str | None
    github_id: str
    organization_id: int
    visibility: str | None
    archived: bool | None
    setup_status: str
    language: str | None

    def to_json(self) -> dict[str, Any]:
        """Render as ``RepoResponse``."""
        return {
            "id": self.id,
            "name": self.name,
            "full_name": self.full_name,
            "description": self.description,
            "github_id": self.github_id,
            "organization_id": self.organization_id,
            "visibility": self.visibility,
            "archived": self.archived,
            "setup_status": self.setup_status,
            "language": self.language,
        }


@dataclass
class Integration:
    """One integration's status in an organization."""

    integration_type: str
    active: bool
    token_id: int | None = None
    installation_id: int | None = None
    metadata: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        """Render as ``IntegrationStatus``."""
        return {
            "integration_type": self.integration_type,
            "active": self.active,
            "token_id": self.token_id,
            "installation_id": self.installation_id,
            "metadata": self.metadata,
        }


@dataclass
class WebhookConfig:
    """An organization's agent-run webhook; the secret itself is never shown."""

    url: str | None = None
    secret: str | None = None
    enabled: bool = False

    def to_json(self) -> dict[str, Any]:
        """Render as ``WebhookConfigResponse``."""
        return {"url": self.url, "enabled": self.enabled, "has_secret": self.secret is not None}


@dataclass
class CheckSuiteSettings:
    """A repository's check-suite settings."""

    available_check_suite_names: list[str]
    check_retry_count: int = 3
    ignored_checks: list[str] = field(default_factory=list)
    check_retry_counts: dict[str, int] = field(default_factory=dict)
    custom_prompts: dict[str, str] = field(default_factory=dict)
    high_priority_apps: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Render as ``CheckSuiteSettingsResponse``."""
        return {
            "check_retry_count": self.check_retry_count,
            "ignored_checks": list(self.ignored_checks),
            "check_retry_counts": dict(self.check_retry_counts),
            "custom_prompts": dict(self.custom_prompts),
            "high_priority_apps": list(self.high_priority_apps),
            "available_check_suite_names": list(self.available_check_suite_names),
        }


@dataclass
class PullRequest:
    """A pull request Codegen knows about (the target of the PR edit endpoints)."""

    id: int
    repo_id: int
    number: int
    title: str
    state: str
    head_branch_name: str


@dataclass
class Sandbox:
    """A setup sandbox whose logs ``analyze-logs`` can hand to an agent."""

    id: int
    organization_id: int
    repo_id: int
    has_logs: bool


@dataclass
class Organization:
    """An organization with its members (user id -> role) and settings."""

    id: int
    name: str
    members: dict[int, str] = field(default_factory=dict)
    repositories: list[Repository] = field(default_factory=list)
    integrations: list[Integration] = field(default_factory=list)
    webhook: WebhookConfig = field(default_factory=WebhookConfig)
    rules: str | None = None
    enable_pr_creation: bool = True
    enable_rules_detection: bool = True
    default_model: str = words.DEFAULT_MODEL
    run_allowance: int | None = None
    runs_created: int = 0
    oauth_connections: dict[int, list[str]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Render as ``OrganizationResponse``."""
        return {
            "id": self.id,
            "name": self.name,
            "settings": {
                "enable_pr_creation": self.enable_pr_creation,
                "enable_rules_detection": self.enable_rules_detection,
            },
        }


@dataclass
class State:
    """Everything the offline API serves apart from agent runs."""

    seed: int
    rng: random.Random
    users: dict[int, User] = field(default_factory=dict)
    organizations: dict[int, Organization] = field(default_factory=dict)
    tokens: dict[str, int] = field(default_factory=dict)
    repositories: dict[int, Repository] = field(default_factory=dict)
    check_suites: dict[int, CheckSuiteSettings] = field(default_factory=dict)
    pull_requests: dict[int, PullRequest] = field(default_factory=dict)
    sandboxes: dict[int, Sandbox] = field(default_factory=dict)
    mcp_providers: list[dict[str, Any]] = field(default_factory=list)
    models: list[dict[str, Any]] = field(default_factory=list)
    webhook_tests: list[str] = field(default_factory=list)
    slack_tokens: list[str] = field(default_factory=list)
    _used_ids: set[int] = field(default_factory=set)

    def new_id(self, low: int, high: int) -> int:
        """Draw an unused realistic id in ``[low, high]``."""
        while True:
            candidate = self.rng.randint(low, high)
            if candidate not in self._used_ids:
                self._used_ids.add(candidate)
                return candidate

    def member_org(self, user: User, org_id: int) -> Organization:
        """Return the organization if ``user`` belongs to it.

        Raises:
            ApiError: 403 when it does not exist or the user is not a member.

        """
        org = self.organizations.get(org_id)
        if org is None or user.id not in org.members:
            raise forbidden()
        return org

    def add_user(self, first: str | None = None, last: str | None = None) -> User:
        """Create a user (not yet in any organization) with realistic fields."""
        first = first or self.rng.choice(words.FIRST)
        last = last or self.rng.choice(words.LAST)
        user_id = self.new_id(1_000, 99_999)
        github_id = str(self.new_id(1_000_000, 99_999_999))
        login = f"{first.lower()}{last.lower()[:3]}{user_id % 100}"
        user = User(
            id=user_id,
            email=f"{first.lower()}.{last.lower()}@example.com",
            github_user_id=github_id,
            github_username=login,
            avatar_url=f"https://avatars.githubusercontent.com/u/{github_id}?v=4",
            full_name=f"{first} {last}",
        )
        self.users[user.id] = user
        return user

    def add_repository(self, org: Organization, name: str) -> Repository:
        """Create a repository in ``org`` with its check-suite settings and a few PRs."""
        language = self.rng.choice(words.LANGUAGES)
        slug = org.name.lower().replace(" ", "-")
        repo = Repository(
            id=self.new_id(100_000, 999_999),
            name=name,
            full_name=f"{slug}/{name}",
            description=None if self.rng.random() < 0.2 else f"{name.replace('-', ' ').title()}",
            github_id=str(self.new_id(100_000_000, 999_999_999)),
            organization_id=org.id,
            visibility=self.rng.choice(("private", "private", "public")),
            archived=self.rng.random() < 0.15,
            setup_status=self.rng.choice(words.SETUP),
            language=language,
        )
        org.repositories.append(repo)
        self.repositories[repo.id] = repo
        checks = words.CHECKS.get(language or "", ["build", "test"])
        self.check_suites[repo.id] = CheckSuiteSettings(available_check_suite_names=list(checks))
        for number in range(1, self.rng.randint(1, 3) + 1):
            pr = PullRequest(
                id=self.new_id(1_000_000, 9_999_999),
                repo_id=repo.id,
                number=number * 7 + self.rng.randint(0, 6),
                title=f"Improve {name} (#{number})",
                state=self.rng.choice(("open", "open", "closed", "draft")),
                head_branch_name=f"codegen-bot/{name}-{number}",
            )
            self.pull_requests[pr.id] = pr
        return repo

    def open_pull_request(self, repo: Repository, title: str, branch: str) -> PullRequest:
        """Store a new open pull request in ``repo``, numbered after the repository's others."""
        numbers = [pr.number for pr in self.pull_requests.values() if pr.repo_id == repo.id]
        pr = PullRequest(
            id=self.new_id(1_000_000, 9_999_999),
            repo_id=repo.id,
            number=max(numbers, default=0) + 1,
            title=title,
            state="open",
            head_branch_name=branch,
        )
        self.pull_requests[pr.id] = pr
        return pr

    def add_organization(
        self, name: str, repo_count: int, org_id: int | None = None
    ) -> Organization:
        """Create an organization with ``repo_count`` repositories and its integrations.

        An id is drawn even when ``org_id`` is given, so the rest of the seeded world stays the
        same whatever the main organization is called.
        """
        drawn = self.new_id(1_000, 19_999)
        if org_id is not None:
            self._used_ids.add(org_id)
        org = Organization(id=drawn if org_id is None else org_id, name=name)
        org.rules = f"Follow the {name} contribution guide. Keep pull requests small."
        names = self.rng.sample(words.REPO_NAMES, k=min(repo_count, len(words.REPO_NAMES)))
        names += [f"service-{n}" for n in range(repo_count - len(names))]
        for repo_name in names:
            self.add_repository(org, repo_name)
        for kind in words.INTEGRATIONS:
            active = kind == "github" or self.rng.random() < 0.4
            org.integrations.append(
                Integration(
                    integration_type=kind,
                    active=active,
                    token_id=self.new_id(10_000, 99_999) if active and kind != "github" else None,
                    installation_id=self.new_id(10_000_000, 99_999_999)
                    if kind == "github"
                    else None,
                    metadata={"app_name": "Codegen", "account": org.name} if active else None,
                )
            )
        if org.repositories:
            sandbox_repo = org.repositories[0]
            for has_logs in (True, False):
                sandbox = Sandbox(self.new_id(20_000, 29_999), org.id, sandbox_repo.id, has_logs)
                self.sandboxes[sandbox.id] = sandbox
        self.organizations[org.id] = org
        return org

    def add_member(self, org: Organization, user: User, role: str = "MEMBER") -> None:
        """Make ``user`` a member of ``org`` with ``role`` (ADMIN, MANAGER or MEMBER)."""
        org.members[user.id] = role


def _catalogue(state: State) -> None:
    for index, (name, issuer, auth, token, scopes) in enumerate(words.MCP, start=1):
        state.mcp_providers.append(
            {
                "id": index,
                "name": name,
                "issuer": issuer,
                "authorization_endpoint": auth,
                "token_endpoint": token,
                "default_scopes": scopes,
                "is_mcp": True,
                "meta": {"display_name": name.title()},
            }
        )
    for provider, options in words.MODELS:
        state.models.append(
            {
                "name": provider,
                "models": [{"label": label, "value": value} for label, value in options],
            }
        )


def build_state(seed: int, api_key: str, org_id: int | None = None) -> State:
    """Build the seeded world; ``api_key`` is the token of its current user.

    Args:
        seed: Seed for every random choice.
        api_key: Bearer token that authenticates as the current user.
        org_id: Id of the current user's main organization (None: drawn from the seed).

    Returns:
        The state; ``state.tokens[api_key]`` is the current user's id.

    """
    state = State(seed=seed, rng=random.Random(seed))
    _catalogue(state)
    me = state.add_user()
    me.custom_prompt = "Prefer small, well-tested changes and explain trade-offs."
    state.tokens[api_key] = me.id
    names = state.rng.sample(words.ORG_NAMES, k=4)
    # (repositories, other members, the token user's role or None for "not a member")
    shapes = ((14, 11, "ADMIN"), (3, 3, "MEMBER"), (0, 1, "MANAGER"), (5, 4, None))
    for index, (name, (repo_count, others, my_role)) in enumerate(zip(names, shapes, strict=True)):
        org = state.add_organization(name, repo_count, org_id if index == 0 else None)
        if my_role is not None:
            state.add_member(org, me, my_role)
            org.oauth_connections[me.id] = sorted(
                state.rng.sample(["github", "linear", "slack", "notion", "sentry"], k=2)
            )
        for _ in range(others):
            role = state.rng.choice(("MEMBER", "MEMBER", "MEMBER", "MANAGER", "ADMIN"))
            state.add_member(org, state.add_user(), role)
    first = next(iter(state.organizations.values()))
    slug = first.name.lower().replace(" ", "-")
    first.webhook = WebhookConfig(
        url=f"https://hooks.{slug}.example.com/codegen", secret="whsec-fake", enabled=True
    )
    return state
