"""The pull request of a run: the offline API opens one when a run with a repository completes,
and ``pull_request_urls`` reads the URLs from a run model or its JSON form."""

from __future__ import annotations

from typing import Any

import pytest

from codegen_client import pull_request_urls
from codegen_client.models import AgentRunResponse
from codegen_client.testing import FakeCodegenAPI, RunOutcome


def _repo(fake: FakeCodegenAPI, org_id: int) -> Any:
    return fake.organizations[org_id].repositories[0]


def test_wait_then_get_the_pull_request(
    codegen_client: Any, codegen_fake_api: FakeCodegenAPI, org_id: int
) -> None:
    """A run in a repository shows no PR while it works and one PR in that repository once done."""
    repo = _repo(codegen_fake_api, org_id)
    prompt = "Create a Python function to calculate the Fibonacci sequence"
    run = codegen_client.agents.create_agent_run(org_id, prompt, repo_id=repo.id)
    assert pull_request_urls(run) == []

    done = codegen_client.agents.wait_for_agent_run(org_id, run.id)

    assert done.status == "COMPLETE"
    (url,) = pull_request_urls(done)
    assert url.startswith(f"https://github.com/{repo.full_name}/pull/")
    (pull,) = done.github_pull_requests
    assert pull.title == prompt and pull.url == url
    assert pull.head_branch_name and pull.head_branch_name.startswith("codegen-bot/")
    assert pull.created_at > done.created_at
    # The same PR stays on the run, and is a pull request of the repository the API knows.
    again = codegen_client.agents.get_agent_run(org_id, run.id)
    assert pull_request_urls(again) == [url]
    stored = codegen_fake_api.state.pull_requests[pull.id]
    assert (stored.repo_id, stored.state) == (repo.id, "open")


def test_a_run_without_a_repository_or_a_result_opens_no_pull_request(
    codegen_client: Any, codegen_fake_api: FakeCodegenAPI, org_id: int
) -> None:
    """No repo_id: no PR; a run in a repository that fails: no PR either."""
    plain = codegen_client.agents.create_agent_run(org_id, "Explain the build")
    codegen_fake_api.queue_outcome(RunOutcome("ERROR"))
    failed = codegen_client.agents.create_agent_run(
        org_id, "Fix it", repo_id=_repo(codegen_fake_api, org_id).id
    )
    runs = codegen_client.agents.wait_for_agent_runs(org_id, [plain.id, failed.id])
    assert [r.status for r in runs] == ["COMPLETE", "ERROR"]
    assert [pull_request_urls(r) for r in runs] == [[], []]


def test_multi_run_candidates_in_a_repository_each_open_a_pull_request(
    codegen_client: Any, codegen_fake_api: FakeCodegenAPI, org_id: int
) -> None:
    """The plain-dict runs of a multi-run give their PR URLs too (one per run, all different)."""
    result = codegen_client.multi_run_agent.create_multi_run(
        org_id=org_id,
        prompt="Fix it",
        concurrency=2,
        repo_id=_repo(codegen_fake_api, org_id).id,
        timeout=3600,
    )
    urls = [pull_request_urls(run) for run in result["agent_runs"]]
    assert [len(u) for u in urls] == [1, 1, 1]
    assert len({u[0] for u in urls}) == 3


PR = {"id": 1, "created_at": "2025-06-21T11:20:04Z", "url": "https://github.com/a/b/pull/1"}


@pytest.mark.parametrize(
    ("body", "urls"),
    [
        ({}, []),  # the key left out: the model holds UNSET
        ({"github_pull_requests": None}, []),
        ({"github_pull_requests": []}, []),
        ({"github_pull_requests": [PR]}, ["https://github.com/a/b/pull/1"]),
        ({"github_pull_requests": [{**PR, "url": None}, {**PR, "url": "u2"}]}, ["u2"]),
    ],
)
def test_pull_request_urls_reads_models_and_dicts_alike(
    body: dict[str, Any], urls: list[str]
) -> None:
    """Absent, null, empty and URL-less entries give what is there; a model and a dict agree."""
    data = {
        "id": 7,
        "organization_id": 1,
        "status": "COMPLETE",
        "created_at": "2025-06-21 11:20:04.338398",
        "web_url": "https://codegen.com/agent/trace/7",
        **body,
    }
    assert pull_request_urls(AgentRunResponse.from_dict(data)) == urls
    assert pull_request_urls(data) == urls
