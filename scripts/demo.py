"""The README's usage example, end to end.

    make demo                          # against the offline Codegen API: no key, no network
    CODEGEN_API_KEY=sk-... make demo   # against the real API (creates real, billed agent runs),
                                       # or the API CODEGEN_BASE_URL names (a fake-server)

Offline, agent runs take ten minutes of the offline API's time, compressed 2,000 times, so the
whole demo takes a few seconds.
"""

from __future__ import annotations

import os
import sys

from codegen_client import CodegenClient, CodegenResourceNotFoundError
from codegen_client._settings import DEFAULT_BASE_URL


def offline_client() -> CodegenClient:
    """A client wired to an in-process offline API whose clock runs 2,000 times faster.

    Its world is the one ``--offline`` and ``fake-server`` serve: organization 123 with the
    documentation's ids (user 456, repositories 7 and 123, agent run 98765, ...).
    """
    from codegen_client.testing import FakeCodegenAPI, ScaledClock
    from codegen_client.testing._documented import add_documented_examples

    fake = FakeCodegenAPI(clock=ScaledClock(speed=2000.0), run_duration=600.0, org_id=123)
    add_documented_examples(fake)
    client: CodegenClient = fake.client()
    return client


def readme_example(client: CodegenClient) -> None:
    """The steps the README shows, printing what the README shows."""
    organizations = client.organizations.get_organizations()
    print(f"Found {organizations.total} organizations")
    org_id = organizations.items[0].id

    users = client.users.get_users(org_id=org_id)
    print(f"Organization {org_id} has {users.total} users")

    agent_run = client.agents.create_agent_run(
        org_id=org_id, prompt="Create a Python function to calculate the Fibonacci sequence"
    )
    print(f"Started agent run {agent_run.id}: {agent_run.web_url}")

    agent_run = client.agents.get_agent_run(org_id=org_id, agent_run_id=agent_run.id)
    print(f"Agent run {agent_run.id} status: {agent_run.status}")

    agent_run = client.agents.wait_for_agent_run(
        org_id=org_id, agent_run_id=agent_run.id, timeout=1800
    )
    print(f"Agent run {agent_run.id} finished: {agent_run.status}")
    print(agent_run.result)

    try:
        client.users.get_user(org_id=org_id, user_id=999_999_999)
    except CodegenResourceNotFoundError as error:
        print(f"As expected, no such user: {error.message} (HTTP {error.status_code})")

    result = client.multi_run_agent.create_multi_run(
        org_id=org_id,
        prompt="Write a function that checks whether a string is a palindrome",
        concurrency=3,
        timeout=1800.0,
    )
    print(
        f"MultiRunAgent: {len(result['candidates'])} candidates, "
        f"{len(result['agent_runs'])} agent runs in all"
    )
    print(result["final"])


def target(base_url: str) -> str:
    """Name the API a client with ``base_url`` talks to, for the demo's first line."""
    if base_url.rstrip("/") == DEFAULT_BASE_URL:
        return f"the real Codegen API ({DEFAULT_BASE_URL})"
    return f"the API at {base_url} (CODEGEN_BASE_URL; not the real Codegen API)"


def main() -> int:
    """Run the example offline, or against CODEGEN_BASE_URL when CODEGEN_API_KEY is set."""
    if os.environ.get("CODEGEN_API_KEY"):
        client = CodegenClient()
        print(f"CODEGEN_API_KEY is set: running against {target(client.settings.base_url)}.")
    else:
        print("No CODEGEN_API_KEY: running against the offline Codegen API.")
        client = offline_client()
    with client:
        readme_example(client)
    return 0


if __name__ == "__main__":
    sys.exit(main())
