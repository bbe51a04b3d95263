"""Word lists and catalogues the seeded state draws from (names, repos, models, providers)."""

from __future__ import annotations

# fmt: off
ORG_NAMES = (
    "Acme Robotics",
    "Northwind Labs",
    "Bluefin Analytics",
    "Juniper Health",
    "Oakridge Systems",
    "Tidewater Games",
    "Copperleaf Finance",
    "Lumen Logistics",
)
FIRST = (
    "Ada",
    "Ben",
    "Chloe",
    "Dmitri",
    "Elena",
    "Farid",
    "Grace",
    "Hiro",
    "Ines",
    "Jonas",
    "Keiko",
    "Liam",
    "Maya",
    "Nikhil",
    "Olga",
    "Pablo",
    "Quinn",
    "Rosa",
    "Sven",
    "Tara",
)
LAST = (
    "Almeida",
    "Brooks",
    "Chen",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Hughes",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Larsen",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Patel",
    "Rossi",
    "Silva",
)
REPO_NAMES = (
    "api-gateway",
    "web-frontend",
    "billing-service",
    "data-pipeline",
    "mobile-app",
    "infra",
    "docs",
    "auth-service",
    "search-indexer",
    "ml-models",
    "design-system",
    "cli",
    "sdk-python",
    "sdk-js",
    "notifications",
    "analytics-dashboard",
    "legacy-monolith",
    "etl-jobs",
)
LANGUAGES = ("Python", "TypeScript", "Go", "Rust", "Java", "Python", "TypeScript", None)
SETUP = ("COMPLETE", "COMPLETE", "COMPLETE", "NOT_STARTED", "IN_PROGRESS", "FAILED")
CHECKS = {
    "Python": ["pytest", "ruff", "mypy", "build"],
    "TypeScript": ["build", "eslint", "jest", "typecheck"],
    "Go": ["go-test", "golangci-lint", "build"],
    "Rust": ["cargo-test", "clippy", "rustfmt"],
    "Java": ["gradle-build", "unit-tests", "checkstyle"],
}
INTEGRATIONS = (
    "github",
    "slack",
    "linear",
    "notion",
    "figma",
    "clickup",
    "jira",
    "sentry",
    "monday",
    "circleci",
    "postgresql",
)
MCP = (
    (
        "linear",
        "https://linear.app",
        "https://linear.app/oauth/authorize",
        "https://api.linear.app/oauth/token",
        ["read", "write"],
    ),
    (
        "notion",
        "https://api.notion.com",
        "https://api.notion.com/v1/oauth/authorize",
        "https://api.notion.com/v1/oauth/token",
        None,
    ),
    (
        "sentry",
        "https://sentry.io",
        "https://sentry.io/oauth/authorize/",
        "https://sentry.io/oauth/token/",
        ["org:read", "project:read", "event:read"],
    ),
    (
        "figma",
        "https://www.figma.com",
        "https://www.figma.com/oauth",
        "https://api.figma.com/v1/oauth/token",
        ["file_read"],
    ),
    (
        "atlassian",
        "https://auth.atlassian.com",
        "https://auth.atlassian.com/authorize",
        "https://auth.atlassian.com/oauth/token",
        ["read:jira-work", "write:jira-work"],
    ),
)
MODELS = (
    (
        "Anthropic",
        (
            ("Claude Sonnet 4.5", "claude-sonnet-4-5"),
            ("Claude Opus 4.1", "claude-opus-4-1"),
            ("Claude Haiku 4.5", "claude-haiku-4-5"),
        ),
    ),
    ("OpenAI", (("GPT-5", "gpt-5"), ("GPT-5 Codex", "gpt-5-codex"), ("o3", "o3"))),
    ("Google", (("Gemini 2.5 Pro", "gemini-2.5-pro"),)),
    ("XAI", (("Grok 4", "grok-4"),)),
)
DEFAULT_MODEL = "claude-sonnet-4-5"
# fmt: on
