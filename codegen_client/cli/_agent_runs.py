"""Commands for agent runs: start, list, show, wait, resume, and act on their pull requests."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Protocol

import typer

from codegen_client._validation import check_seconds
from codegen_client.cli._errors import CliError, ExitCode, tell
from codegen_client.cli._inputs import image_data_uris, json_object, prompt_text
from codegen_client.cli._listing import show_list
from codegen_client.cli._options import (
    AgentRunId,
    AllPages,
    JsonFlag,
    Limit,
    OrgId,
    Skip,
    WaitTimeout,
)
from codegen_client.cli._repo_option import RepoName, resolve_repo_id
from codegen_client.cli._run_display import (
    DEFAULT_WAIT_TIMEOUT,
    RUN_COLUMNS,
    show_run,
    wait_and_show,
)
from codegen_client.cli._session import Invocation, open_command

if TYPE_CHECKING:
    from codegen_client._sync.agents import Agents
    from codegen_client_generated.models.agent_run_response import AgentRunResponse

    class _PullRequestAction(Protocol):
        """The shape ban, unban and remove-from-pr share on ``client.agents``."""

        def __call__(
            self,
            org_id: int,
            agent_run_id: int,
            *,
            before_card_order_id: str | None = ...,
            after_card_order_id: str | None = ...,
        ) -> object: ...


__all__ = ["naming_pending_creates", "register"]

Prompt = Annotated[
    str,
    typer.Argument(
        help="What the agent should do (- reads it from standard input).", metavar="PROMPT"
    ),
]
Images = Annotated[
    list[Path] | None,
    typer.Option(
        "--image",
        help="An image file for the agent (PNG, JPEG, GIF, WebP); repeatable.",
        dir_okay=False,
        metavar="PATH",
    ),
]
Model = Annotated[str | None, typer.Option(help="A model value from `models`.", metavar="TEXT")]
Wait = Annotated[bool, typer.Option("--wait", help="Wait until the run finishes; show its result.")]
CardOrder = Annotated[
    str | None, typer.Option(help="Card order id (optional, rarely needed).", metavar="TEXT")
]
RepoOption = Annotated[
    int | None,
    typer.Option(
        help="Repository to work in (sent with agent type codegen unless --agent-type is given).",
        min=1,
        metavar="ID",
    ),
]
AgentType = Annotated[
    str | None,
    typer.Option(help="Agent: codegen or claude_code (with --repo-id: codegen).", metavar="TEXT"),
]


def agent_run(
    ctx: typer.Context,
    org_id: OrgId,
    prompt: Prompt,
    repo_id: RepoOption = None,
    repo: RepoName = None,
    model: Model = None,
    agent_type: AgentType = None,
    image: Images = None,
    metadata: Annotated[
        str | None,
        typer.Option(
            help="A JSON object stored with the run, e.g. '{\"ticket\": 7}'.", metavar="JSON"
        ),
    ] = None,
    wait: Wait = False,
    timeout: WaitTimeout = DEFAULT_WAIT_TIMEOUT,
    as_json: JsonFlag = False,
) -> None:
    """Start an agent run (with --wait: and wait for its result)."""
    with open_command(ctx, as_json) as cmd:
        # All are checked before the request, so a bad file, JSON or --timeout never leaves a
        # run behind.
        _check_wait_timeout(wait, timeout)
        images = image_data_uris(image)
        meta = json_object("--metadata", metadata)
        text = prompt_text(prompt)
        repo_id = resolve_repo_id(cmd, org_id, repo_id, repo)
        with naming_pending_creates():
            run = cmd.client.agents.create_agent_run(
                org_id,
                text,
                repo_id=repo_id,
                model=model,
                agent_type=agent_type,
                images=images,
                metadata=meta,
            )
        _then(cmd, org_id, run, wait, timeout)


def _check_wait_timeout(wait: bool, timeout: float) -> None:
    """Refuse a --timeout the wait would refuse, before the run is started."""
    if wait:
        check_seconds("--timeout", timeout)


@contextlib.contextmanager
def naming_pending_creates() -> Iterator[None]:
    """On Ctrl-C during a create whose POST was sent, print its request id and the safe recovery.

    (A ``CodegenCreateOutcomeUnknownError`` says the same in its own message.)
    """
    try:
        yield
    except KeyboardInterrupt as interrupt:
        # Here, not at the top: the create module imports httpx, which --help never needs.
        from codegen_client._agents.create_plan import pending_create

        pending = pending_create(interrupt)
        if pending is not None:
            tell(pending.describe())
        raise


def find_agent_run(
    ctx: typer.Context,
    org_id: OrgId,
    request_id: Annotated[
        str,
        typer.Argument(
            help="The request id (metadata codegen_client_request_id) an error or Ctrl-C named.",
            metavar="REQUEST_ID",
        ),
    ],
    as_json: JsonFlag = False,
) -> None:
    """Find the agent run a create started, by its request id (exit 10: cannot tell yet)."""
    with open_command(ctx, as_json) as cmd:
        run = cmd.client.agents.find_agent_run(org_id, request_id)
        if run is None:
            raise CliError(
                f"no agent run carrying request id {request_id} was started in organization "
                f"{org_id}, nor will one be (proven): starting it again is safe",
                ExitCode.NOT_FOUND,
            )
        show_run(cmd.out, run)


def _then(cmd: Invocation, org_id: int, run: AgentRunResponse, wait: bool, timeout: float) -> None:
    """Show a run just started, or wait for it first."""
    if wait:
        web_url = run.web_url if isinstance(run.web_url, str) else None
        wait_and_show(cmd, org_id, run.id, timeout, web_url)
    else:
        show_run(cmd.out, run)


def agent_runs(
    ctx: typer.Context,
    org_id: OrgId,
    user_id: Annotated[
        int | None, typer.Option(help="Only runs of this user.", min=1, metavar="ID")
    ] = None,
    source_type: Annotated[
        str | None,
        typer.Option(help="Only runs from this source (API, SLACK, GITHUB, ...).", metavar="TEXT"),
    ] = None,
    skip: Skip = 0,
    limit: Limit = 100,
    all_pages: AllPages = False,
    as_json: JsonFlag = False,
) -> None:
    """List an organization's agent runs, newest first."""
    with open_command(ctx, as_json) as cmd:
        api = cmd.client.agents
        show_list(
            cmd.out,
            page=lambda: api.list_agent_runs(
                org_id, user_id=user_id, source_type=source_type, skip=skip, limit=limit
            ),
            every=lambda: api.iter_agent_runs(org_id, user_id=user_id, source_type=source_type),
            all_pages=all_pages,
            columns=RUN_COLUMNS,
            title=f"Agent runs of organization {org_id}",
            skip=skip,
        )


def get_agent_run(
    ctx: typer.Context, org_id: OrgId, agent_run_id: AgentRunId, as_json: JsonFlag = False
) -> None:
    """Show one agent run and, once complete, its result."""
    with open_command(ctx, as_json) as cmd:
        show_run(cmd.out, cmd.client.agents.get_agent_run(org_id, agent_run_id))


def wait_agent_run(
    ctx: typer.Context,
    org_id: OrgId,
    agent_run_id: AgentRunId,
    timeout: WaitTimeout = DEFAULT_WAIT_TIMEOUT,
    as_json: JsonFlag = False,
) -> None:
    """Wait for an agent run to finish and show its result."""
    with open_command(ctx, as_json) as cmd:
        wait_and_show(cmd, org_id, agent_run_id, timeout)


def resume_agent_run(
    ctx: typer.Context,
    org_id: OrgId,
    agent_run_id: AgentRunId,
    prompt: Annotated[
        str,
        typer.Argument(
            help="The input the paused run waits for (- reads it from standard input).",
            metavar="PROMPT",
        ),
    ],
    model: Model = None,
    image: Images = None,
    wait: Wait = False,
    timeout: WaitTimeout = DEFAULT_WAIT_TIMEOUT,
    as_json: JsonFlag = False,
) -> None:
    """Give a paused agent run new input and set it working again."""
    with open_command(ctx, as_json) as cmd:
        _check_wait_timeout(wait, timeout)
        images = image_data_uris(image)
        text = prompt_text(prompt)
        run = cmd.client.agents.resume_agent_run(
            org_id, agent_run_id, text, model=model, images=images
        )
        _then(cmd, org_id, run, wait, timeout)


def _pr_command(
    act: Callable[[Agents], _PullRequestAction], done: str, summary: str
) -> Callable[..., None]:
    """Make a command that acts on a run's pull request (ban, unban, remove-from-pr).

    Args:
        act: Picks the client method to call, e.g. ``lambda a: a.ban_all_checks_for_agent_run``.
        done: The confirmation, with ``{agent_run_id}`` in it.
        summary: The command's help text.

    Returns:
        The command function, ready for ``app.command(name)``.

    """

    def command(
        ctx: typer.Context,
        org_id: OrgId,
        agent_run_id: AgentRunId,
        before_card_order_id: CardOrder = None,
        after_card_order_id: CardOrder = None,
        as_json: JsonFlag = False,
    ) -> None:
        with open_command(ctx, as_json) as cmd:
            answer = act(cmd.client.agents)(
                org_id,
                agent_run_id,
                before_card_order_id=before_card_order_id,
                after_card_order_id=after_card_order_id,
            )
            cmd.out.acknowledge(answer, done.format(agent_run_id=agent_run_id))

    command.__doc__ = summary
    return command


ban_checks = _pr_command(
    lambda agents: agents.ban_all_checks_for_agent_run,
    "Checks banned for agent run {agent_run_id}",
    "Stop failing checks on the run's pull request from triggering the agent.",
)
unban_checks = _pr_command(
    lambda agents: agents.unban_all_checks_for_agent_run,
    "Checks unbanned for agent run {agent_run_id}",
    "Let failing checks on the run's pull request trigger the agent again.",
)
remove_from_pr = _pr_command(
    lambda agents: agents.remove_codegen_from_pr,
    "Codegen removed from the pull request of run {agent_run_id}",
    "Make Codegen stop working on the pull request the run opened.",
)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    panel = "Agent runs"
    commands = (
        agent_run,
        agent_runs,
        get_agent_run,
        find_agent_run,
        wait_agent_run,
        resume_agent_run,
    )
    for command in commands:
        app.command(rich_help_panel=panel)(command)
    # Made by _pr_command, these share one function name: give each its own.
    app.command("ban-checks", rich_help_panel=panel)(ban_checks)
    app.command("unban-checks", rich_help_panel=panel)(unban_checks)
    app.command("remove-from-pr", rich_help_panel=panel)(remove_from_pr)
