"""The pull requests a run opened: what users ask for once a wait is over.

A run's ``github_pull_requests`` is a list of ``{id, title, url, created_at,
head_branch_name}``; the API sends no ``html_url`` or ``number``. `pull_request_urls`
reads the URLs from a run model or from its plain-dict form (``--json``, a multi-run's
``agent_runs``), so callers need not handle a missing, null or partial list.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from codegen_client_generated.models.agent_run_response import AgentRunResponse

__all__ = ["pull_request_urls"]


def pull_request_urls(run: AgentRunResponse | Mapping[str, Any]) -> list[str]:
    """Return the URLs of the pull requests an agent run opened, in the API's order.

    Args:
        run: An agent run (``AgentRunResponse``), or its JSON form as a dict.

    Returns:
        The URLs; empty when the run opened none (yet), or the API left the list out. Entries
        without a URL are skipped.

    Examples:
        >>> run = client.agents.wait_for_agent_run(org_id, run.id)  # doctest: +SKIP
        >>> pull_request_urls(run)  # doctest: +SKIP
        ['https://github.com/acme/app/pull/42']

    """
    pulls = (
        run.get("github_pull_requests") if isinstance(run, Mapping) else run.github_pull_requests
    )
    if not isinstance(pulls, list):  # None, or UNSET when the API left the key out
        return []
    urls = []
    for pull in pulls:
        url = pull.get("url") if isinstance(pull, Mapping) else getattr(pull, "url", None)
        if isinstance(url, str) and url:
            urls.append(url)
    return urls
