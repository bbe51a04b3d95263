"""Handlers for agent runs: create, read, list, resume, ban/unban/remove, logs."""

from __future__ import annotations

import re
from typing import Any

from codegen_client.testing._errors import detail_error, message_error
from codegen_client.testing._handlers._registry import Call, operation, page_body
from codegen_client.testing._runs import AgentRun
from codegen_client.testing._state import Repository

ALLOWANCE_MESSAGE = (
    "Alloted agent runs for the current billing plan have been reached. "
    "Please upgrade your plan to continue."
)
NO_REPOS_MESSAGE = "No repos found in the organization. Please add some repos and try again."


@operation("create_agent_run")
def create_agent_run(call: Call) -> dict[str, Any]:
    """Start an agent run (402 past the allowance, 404 in an organization without repos).

    Run lists show the new run ``list_lag`` seconds after this answer (0 by default; see
    ``RunBook``).
    """
    org_id = call.params.path_int("org_id")
    body = call.params.body()
    prompt = body.str_("prompt", required=True) or ""
    images = body.str_list("images")
    metadata = body.object_("metadata")
    repo_id = body.int_("repo_id")
    model = body.str_("model")
    agent_type = body.literal("agent_type")
    webhooks = body.webhooks("webhooks")
    call.params.check()
    org = call.state.member_org(call.user, org_id)
    if org.run_allowance is not None and org.runs_created >= org.run_allowance:
        raise message_error(402, ALLOWANCE_MESSAGE)
    if not org.repositories:
        raise message_error(404, NO_REPOS_MESSAGE)
    repo = next((r for r in org.repositories if r.id == repo_id), None)
    if repo_id is not None and repo is None:
        raise detail_error(404, f"Repository {repo_id} not found in the organization.")
    org.runs_created += 1
    run = call.runs.create(
        org.id,
        call.user.id,
        prompt,
        source_type="API",
        images=images,
        metadata=metadata,
        repo_id=repo_id,
        repo_full_name=repo.full_name if repo is not None else None,
        model=model or org.default_model,
        agent_type=agent_type,
        webhooks=webhooks,
    )
    if repo is not None:
        run.pull_request = _planned_pull_request(call, repo, run.id, prompt)
    return call.runs.to_json(run, call.now)


def _planned_pull_request(call: Call, repo: Repository, run_id: int, prompt: str) -> dict[str, Any]:
    """The pull request a run in ``repo`` opens once it completes (stored in the repository)."""
    first_line = prompt.strip().splitlines()[0] if prompt.strip() else "Changes"
    title = first_line if len(first_line) <= 72 else first_line[:69].rstrip() + "..."
    slug = "-".join(re.findall(r"[a-z0-9]+", title.lower())[:5]) or "changes"
    pr = call.state.open_pull_request(repo, title, f"codegen-bot/{slug}-{run_id}")
    return {
        "id": pr.id,
        "title": pr.title,
        "url": f"https://github.com/{repo.full_name}/pull/{pr.number}",
        "head_branch_name": pr.head_branch_name,
    }


def _run_in_org(call: Call, org_id: int, run_id: int) -> AgentRun:
    call.state.member_org(call.user, org_id)
    return call.runs.get(org_id, run_id)


@operation("get_agent_run")
def get_agent_run(call: Call) -> dict[str, Any]:
    """Return a run's current status and, once complete, its result."""
    run_id = call.params.path_int("agent_run_id")
    org_id = call.params.path_int("org_id")
    call.params.check()
    return call.runs.to_json(_run_in_org(call, org_id, run_id), call.now)


@operation("list_agent_runs")
def list_agent_runs(call: Call) -> dict[str, Any]:
    """List an organization's runs newest first, filtered by user and source type."""
    org_id = call.params.path_int("org_id")
    user_id = call.params.query_int("user_id", default=None)
    source_type = call.params.query_enum("source_type")
    skip, limit = call.params.paging()
    call.params.check()
    call.state.member_org(call.user, org_id)
    runs, total = call.runs.page(org_id, user_id, source_type, skip, limit)
    return page_body([call.runs.to_json(r, call.now) for r in runs], total, skip, limit)


@operation("resume_agent_run")
def resume_agent_run(call: Call) -> dict[str, Any]:
    """Resume a run with a new prompt: it works again (ACTIVE) for a full run duration."""
    org_id = call.params.path_int("org_id")
    body = call.params.body()
    run_id = body.int_("agent_run_id", required=True) or 0
    prompt = body.str_("prompt", required=True) or ""
    body.str_list("images")
    body.str_("model")
    body.webhooks("webhooks")
    call.params.check()
    run = _run_in_org(call, org_id, run_id)
    call.runs.resume(run, prompt, call.now)
    return call.runs.to_json(run, call.now)


def _stop_input(call: Call) -> AgentRun:
    org_id = call.params.path_int("org_id")
    body = call.params.body()
    run_id = body.int_("agent_run_id", required=True) or 0
    body.str_("before_card_order_id")
    body.str_("after_card_order_id")
    call.params.check()
    return _run_in_org(call, org_id, run_id)


def _ban(call: Call, message: str) -> dict[str, Any]:
    """Ban check-suite events for the run's PR and stop the run if it is working."""
    run = _stop_input(call)
    run.banned = True
    call.runs.stop(run, call.now)
    return {"message": message}


@operation("ban_all_checks_for_agent_run")
def ban_all_checks(call: Call) -> dict[str, Any]:
    """Ban check-suite events for the run's PR and stop the run if it is working."""
    return _ban(call, "All checks banned for the pull request; related agents stopped.")


@operation("unban_all_checks_for_agent_run")
def unban_all_checks(call: Call) -> dict[str, Any]:
    """Lift the ban on check-suite events for the run's PR."""
    run = _stop_input(call)
    run.banned = False
    return {"message": "Checks unbanned for the pull request."}


@operation("remove_codegen_from_pr")
def remove_codegen_from_pr(call: Call) -> dict[str, Any]:
    """Same as ban, by its friendlier name."""
    return _ban(call, "Codegen removed from the pull request; related agents stopped.")


@operation("get_agent_run_logs")
def get_agent_run_logs(call: Call) -> dict[str, Any]:
    """Return a run with one page of its logs (oldest first unless ``reverse``)."""
    run_id = call.params.path_int("agent_run_id")
    org_id = call.params.path_int("org_id")
    skip, limit = call.params.paging()
    reverse = call.params.query_bool("reverse", default=False)
    call.params.check()
    run = _run_in_org(call, org_id, run_id)
    logs, total = call.runs.logs_page(run, call.now, skip, limit, reverse)
    run_body = call.runs.to_json(run, call.now)
    keys = ("id", "organization_id", "status", "created_at", "web_url", "result", "metadata")
    body = {k: run_body[k] for k in keys if k in run_body}
    paging = page_body(logs, total, skip, limit)
    body.update(logs=logs, total_logs=total)
    body.update((k, paging[k]) for k in ("page", "size", "pages"))
    return body
