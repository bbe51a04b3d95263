"""What ``fake-server`` prints when it starts: where it is, and how each client reaches it.

Codegen's own clients add ``/v1`` to their base URL themselves, so their recipes use the
origin (``http://HOST:PORT``); this package's client takes the base URL with ``/v1``.
"""

from __future__ import annotations

from codegen_client.testing._app import FakeCodegenAPI
from codegen_client.testing._dispatch import BASE_PATH
from codegen_client.testing._documented import DocumentedIds

__all__ = ["banner"]


def banner(fake: FakeCodegenAPI, origin: str, host: str, port: int, ids: DocumentedIds) -> str:
    """Return the start-up text: URLs, key, org id, recipes per client, ids to try.

    Args:
        fake: The served fake (its key and main organization).
        origin: ``http://HOST:PORT`` a client on this machine connects to.
        host: The interface bound (named when it differs from the origin's host).
        port: The port bound.
        ids: The documented ids the fake holds.

    Returns:
        The text, lines separated by newlines (no trailing newline).

    """
    key, org = fake.api_key, fake.org_id
    bound = "" if origin.endswith(f"//{host}:{port}") else f" (listening on {host}:{port})"
    return "\n".join(
        [
            f"Offline Codegen API at {origin}{BASE_PATH}{bound}",
            "codegen-client (this package; its base URL ends in /v1):",
            f"  CODEGEN_BASE_URL={origin}{BASE_PATH}",
            f"  CODEGEN_API_KEY={key}",
            f"  CODEGEN_ORG_ID={org}",
            "codegen-api-client (Codegen's generated client; it adds /v1 itself):",
            "  from codegen_api_client import ApiClient, Configuration",
            f'  api = ApiClient(Configuration(host="{origin}"))',
            f'  api.set_default_header("Authorization", "Bearer {key}")',
            "codegen SDK (Codegen's `codegen` package; it adds /v1 itself):",
            f"  export CODEGEN_API_BASE_URL={origin} CODEGEN_ORG_ID={org}",
            f'  Agent(token="{key}", org_id={org})',
            f"Ids to try in organization {org}: user {ids.user_id}, repository {ids.repo_id}, "
            f"agent run {ids.agent_run_id} (finished, with logs and a pull request), "
            f"pull request {ids.pr_id}, sandbox {ids.sandbox_id}, OAuth provider "
            f"{ids.oauth_provider}",
            f"  e.g. codegen-client get-agent-run {org} {ids.agent_run_id}",
            "Press Ctrl-C to stop.",
        ]
    )
