"""Handlers for repositories: listing, check-suite settings, PR edits, setup and sandboxes."""

from __future__ import annotations

from typing import Any

from codegen_client.testing._errors import detail_error
from codegen_client.testing._handlers._registry import Call, operation, page_body
from codegen_client.testing._state import Organization, PullRequest, Repository


def _repo_in(org: Organization, repo_id: int) -> Repository:
    for repo in org.repositories:
        if repo.id == repo_id:
            return repo
    raise detail_error(404, "Repository not found")


@operation("get_repositories")
def get_repositories(call: Call) -> dict[str, Any]:
    """List an organization's repositories."""
    org_id = call.params.path_int("org_id")
    skip, limit = call.params.paging()
    call.params.check()
    repos = call.state.member_org(call.user, org_id).repositories
    return page_body([r.to_json() for r in repos[skip : skip + limit]], len(repos), skip, limit)


@operation("get_check_suite_settings")
def get_check_suite_settings(call: Call) -> dict[str, Any]:
    """Return a repository's check-suite settings."""
    org_id = call.params.path_int("org_id")
    repo_id = call.params.required_query_int("repo_id")
    call.params.check()
    repo = _repo_in(call.state.member_org(call.user, org_id), repo_id)
    return call.state.check_suites[repo.id].to_json()


@operation("update_check_suite_settings")
def update_check_suite_settings(call: Call) -> dict[str, Any]:
    """Change the given check-suite settings (``check_retry_count`` must be 0..10)."""
    org_id = call.params.path_int("org_id")
    repo_id = call.params.required_query_int("repo_id")
    body = call.params.body()
    retry_count = body.int_("check_retry_count")
    ignored = body.str_list("ignored_checks")
    retry_counts = body.int_map("check_retry_counts")
    prompts = body.str_map("custom_prompts")
    apps = body.str_list("high_priority_apps")
    call.params.check()
    repo = _repo_in(call.state.member_org(call.user, org_id), repo_id)
    settings = call.state.check_suites[repo.id]
    if retry_count is not None:
        settings.check_retry_count = retry_count
    if ignored is not None:
        settings.ignored_checks = ignored
    if retry_counts is not None:
        settings.check_retry_counts = retry_counts
    if prompts is not None:
        settings.custom_prompts = prompts
    if apps is not None:
        settings.high_priority_apps = apps
    return {"message": "Check suite settings updated successfully", "settings": settings.to_json()}


def _edit_pr(call: Call, org_id: int, pr_id: int, repo_id: int | None) -> dict[str, Any]:
    state = call.params.body().literal("state", required=True)
    call.params.check()
    org = call.state.member_org(call.user, org_id)
    pr = call.state.pull_requests.get(pr_id)
    repo = call.state.repositories.get(pr.repo_id) if pr is not None else None
    if pr is None or repo is None or repo.organization_id != org.id:
        raise detail_error(404, "Pull request not found")
    if repo_id is not None and repo.id != repo_id:
        raise detail_error(404, "Pull request not found in this repository")
    error = _apply_pr_state(pr, state or "open")
    return {
        "success": error is None,
        "url": f"https://github.com/{repo.full_name}/pull/{pr.number}",
        "number": pr.number,
        "title": pr.title,
        "state": pr.state,
        "error": error,
    }


def _apply_pr_state(pr: PullRequest, wanted: str) -> str | None:
    """Move ``pr`` to ``wanted`` as GitHub would; return GitHub's refusal, if any."""
    if wanted == "draft" and pr.state == "closed":
        return "A closed pull request cannot be converted to draft."
    if wanted == "ready_for_review":
        pr.state = "open" if pr.state == "draft" else pr.state
        return None
    pr.state = wanted
    return None


@operation("edit_pull_request_simple")
def edit_pull_request_simple(call: Call) -> dict[str, Any]:
    """Change a PR's state by PR id alone."""
    org_id = call.params.path_int("org_id")
    pr_id = call.params.path_int("pr_id")
    return _edit_pr(call, org_id, pr_id, None)


@operation("edit_pull_request")
def edit_pull_request(call: Call) -> dict[str, Any]:
    """Change a PR's state by repository and PR id."""
    org_id = call.params.path_int("org_id")
    repo_id = call.params.path_int("repo_id")
    pr_id = call.params.path_int("pr_id")
    return _edit_pr(call, org_id, pr_id, repo_id)


@operation("generate_setup_commands")
def generate_setup_commands(call: Call) -> dict[str, Any]:
    """Start a SETUP_COMMANDS agent run for a repository."""
    org_id = call.params.path_int("org_id")
    body = call.params.body()
    repo_id = body.int_("repo_id", required=True) or 0
    prompt = body.str_("prompt")
    body.str_("trigger_source")
    call.params.check()
    repo = _repo_in(call.state.member_org(call.user, org_id), repo_id)
    text = prompt or f"Work out the setup commands for {repo.full_name}."
    run = call.runs.create(
        org_id, call.user.id, text, source_type="SETUP_COMMANDS", repo_id=repo.id
    )
    return {"agent_run_id": run.id, "status": run.status_at(call.now), "url": run.web_url}


@operation("analyze_sandbox_logs")
def analyze_sandbox_logs(call: Call) -> dict[str, Any]:
    """Start an agent run that reads a sandbox's setup logs."""
    sandbox_id = call.params.path_int("sandbox_id")
    org_id = call.params.path_int("org_id")
    call.params.check()
    call.state.member_org(call.user, org_id)
    sandbox = call.state.sandboxes.get(sandbox_id)
    if sandbox is None or sandbox.organization_id != org_id:
        raise detail_error(404, "Sandbox not found")
    if not sandbox.has_logs:
        raise detail_error(400, "No logs available for analysis")
    prompt = f"Analyze the setup logs of sandbox {sandbox.id}, find the errors and suggest fixes."
    run = call.runs.create(org_id, call.user.id, prompt, source_type="API", repo_id=sandbox.repo_id)
    return {
        "agent_run_id": run.id,
        "status": run.status_at(call.now),
        "message": "Log analysis started. Follow the agent run for the findings.",
    }
