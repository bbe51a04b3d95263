"""The client's operations as MCP tools, for coding agents (``codegen-client mcp``).

Built on the official ``mcp`` SDK (the ``mcp`` extra) over one `AsyncCodegenClient`, so
the tools keep what the library promises: a create with a ``request_id`` never starts a second
run (a repeated tool call returns the first one's run, even while it is still being made), waits
and multi-runs end on their deadline with the runs' current state and report progress as MCP
progress notifications, and the API key is never part of a result, an error or a log line.
Results are JSON objects with the models' own field names; a failure is an MCP tool error
(``isError``) naming the problem, never a traceback.
"""

from __future__ import annotations

import math
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Annotated, Any

import anyio
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field

from codegen_client._agents.create_plan import REQUEST_ID_KEY
from codegen_client._agents.phases import AgentRunPhase, agent_run_phase
from codegen_client._exceptions import (
    CodegenAgentRunTimeoutError,
    CodegenApiError,
    CodegenMultiRunTimeoutError,
)

if TYPE_CHECKING:
    from codegen_client._async.client import AsyncCodegenClient
    from codegen_client._multi_run.result import MultiRunEvent

__all__ = ["DEFAULT_TIMEOUT", "TOOLS", "CodegenTools", "build_server"]

DEFAULT_TIMEOUT = 600.0
"""Seconds ``wait_for_agent_run`` and ``create_multi_run`` wait by default."""
TOOLS = (
    "get_organizations",
    "get_repositories",
    "find_repository",
    "create_agent_run",
    "get_agent_run",
    "list_agent_runs",
    "wait_for_agent_run",
    "get_agent_run_logs",
    "create_multi_run",
)
INSTRUCTIONS = (
    "Codegen runs AI coding agents (agent runs) on an organization's repositories. "
    "Find the organization with get_organizations and the repository with find_repository "
    "(owner/name). Start a run with create_agent_run, always passing a request_id of your own "
    "and the same one when you repeat the call: a repeat then returns the run already started "
    "instead of starting (and billing) a second one. Follow it with wait_for_agent_run, which "
    "returns the run when it finishes or, at its timeout, as it is then: call it again while "
    "the status is ACTIVE. A PAUSED run waits for input from a person."
)

OrgId = Annotated[int, Field(description="Organization id (see get_organizations).")]
RunId = Annotated[int, Field(description="Agent run id.")]
Skip = Annotated[int, Field(description="Items to pass over.")]
Limit = Annotated[int, Field(description="Page size, 1..100.")]
Timeout = Annotated[
    float,
    Field(description="Seconds to wait at most; the current state is returned then."),
]
Json = dict[str, Any]


def _fail(error: CodegenApiError) -> ToolError:
    """The tool error for a library error: its kind and its one-line message (never the key)."""
    return ToolError(f"{type(error).__name__}: {' '.join(str(error).split())}")


@asynccontextmanager
async def _as_tool_errors() -> AsyncIterator[None]:
    try:
        yield
    except CodegenApiError as error:
        raise _fail(error) from None


class _Progress:
    """Sends MCP progress notifications: seconds waited (client clock) of the timeout."""

    def __init__(self, ctx: Context, client: AsyncCodegenClient, timeout: float) -> None:
        self.ctx = ctx
        self.clock = client.clock
        self.start = self.clock.now()
        self.timeout = timeout
        self.last = -1.0

    def elapsed(self) -> float:
        """Seconds of the client's clock since the tool call began."""
        return self.clock.now() - self.start

    async def report(self, message: str) -> None:
        """Send one notification (progress only grows, as the protocol asks)."""
        self.last = max(self.elapsed(), math.nextafter(self.last, math.inf))
        await self.ctx.report_progress(self.last, self.timeout, message)


class _Creates:
    """One create at a time per request id, so a repeated call cannot race the first one."""

    def __init__(self) -> None:
        self._locks: dict[str, tuple[anyio.Lock, int]] = {}

    @asynccontextmanager
    async def holding(self, request_id: str | None) -> AsyncIterator[None]:
        """Hold the request id's lock (no lock for a call without one)."""
        if request_id is None:
            yield
            return
        lock, users = self._locks.get(request_id, (anyio.Lock(), 0))
        self._locks[request_id] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[request_id]
            if users == 1:
                del self._locks[request_id]
            else:
                self._locks[request_id] = (lock, users - 1)


def _tagged(metadata: Json | None, request_id: str | None) -> Json | None:
    """The create's metadata with ``request_id`` under the library's key."""
    if request_id is None:
        return metadata
    tagged = dict(metadata or {})
    if tagged.get(REQUEST_ID_KEY, request_id) != request_id:
        raise ToolError(f"request_id and metadata[{REQUEST_ID_KEY!r}] differ: pass one of them")
    tagged[REQUEST_ID_KEY] = request_id
    return tagged


def _unfinished(error: CodegenMultiRunTimeoutError) -> Json:
    """A multi-run cut by its deadline, with a finished one's keys (``final`` is None)."""
    runs = [run.to_dict() for run in error.runs]

    def role(run: Json) -> Any:
        return (run.get("metadata") or {}).get("multi_run_role")

    return {
        "final": None,
        "candidates": list(error.candidates),
        "agent_runs": runs,
        "failed_agent_runs": [
            run
            for run in runs
            if role(run) == "candidate"
            and agent_run_phase(run.get("status")) is AgentRunPhase.FAILED
        ],
        "synthesis_agent_run": next((run for run in runs if role(run) == "synthesis"), None),
        "multi_run_id": error.multi_run_id,
    }


def _event_text(event: MultiRunEvent) -> str:
    if event.run is None:
        return "multi-run done"
    role = event.role or "run"
    number = f" {(event.index or 0) + 1}" if role == "candidate" else ""
    return f"{role}{number}: agent run {event.run.id} {event.status or 'created'}"


class CodegenTools:
    """The tools, one method each, over one client; their docstrings are the descriptions."""

    def __init__(self, client: AsyncCodegenClient) -> None:
        self.client = client
        self.creates = _Creates()

    async def get_organizations(self, skip: Skip = 0, limit: Limit = 100) -> Json:
        """One page of the organizations you belong to: items (id, name), total."""
        async with _as_tool_errors():
            page = await self.client.organizations.get_organizations(skip=skip, limit=limit)
        return page.to_dict()

    async def get_repositories(self, org_id: OrgId, skip: Skip = 0, limit: Limit = 100) -> Json:
        """One page of an organization's repositories: items (id, full_name, ...), total."""
        async with _as_tool_errors():
            page = await self.client.repositories.get_repositories(org_id, skip=skip, limit=limit)
        return page.to_dict()

    async def find_repository(
        self,
        org_id: OrgId,
        full_name: Annotated[str, Field(description="owner/name (or a GitHub or git remote URL).")],
    ) -> Json:
        """The organization's repository called owner/name; its id is create_agent_run's repo_id.

        The error for an unknown name lists the closest names.
        """
        async with _as_tool_errors():
            repo = await self.client.repositories.find_repository(org_id, full_name)
        return repo.to_dict()

    async def create_agent_run(
        self,
        org_id: OrgId,
        prompt: Annotated[str, Field(description="What the agent should do.")],
        request_id: Annotated[
            str | None,
            Field(
                description=(
                    "Your idempotency key, unique per task: a repeated call with the same "
                    "request_id returns the run the first one started instead of a new run."
                )
            ),
        ] = None,
        repo_id: Annotated[
            int | None, Field(description="Repository id (see find_repository).")
        ] = None,
        model: Annotated[str | None, Field(description="A model value.")] = None,
        agent_type: Annotated[str | None, Field(description="codegen or claude_code.")] = None,
        metadata: Annotated[
            Json | None, Field(description="A JSON object stored with the run.")
        ] = None,
        images: Annotated[
            list[str] | None, Field(description="Images as base64 data URIs.")
        ] = None,
    ) -> Json:
        """Start an agent run (it costs money: pass a request_id, and reuse it on a retry).

        Returns the run (id, status, web_url, ...); follow it with wait_for_agent_run.
        """
        tagged = _tagged(metadata, request_id)
        async with self.creates.holding(request_id), _as_tool_errors():
            run = await self.client.agents.create_agent_run(
                org_id,
                prompt,
                repo_id=repo_id,
                model=model,
                agent_type=agent_type,
                images=images,
                metadata=tagged,
            )
        return run.to_dict()

    async def get_agent_run(self, org_id: OrgId, agent_run_id: RunId) -> Json:
        """One agent run: status, web_url, github_pull_requests, and result once COMPLETE."""
        async with _as_tool_errors():
            run = await self.client.agents.get_agent_run(org_id, agent_run_id)
        return run.to_dict()

    async def list_agent_runs(
        self,
        org_id: OrgId,
        user_id: Annotated[int | None, Field(description="Only runs of this user.")] = None,
        source_type: Annotated[
            str | None, Field(description="Only runs from this source (API, SLACK, ...).")
        ] = None,
        skip: Skip = 0,
        limit: Limit = 100,
    ) -> Json:
        """One page of the organization's agent runs, newest first: items, total."""
        async with _as_tool_errors():
            page = await self.client.agents.list_agent_runs(
                org_id, user_id=user_id, source_type=source_type, skip=skip, limit=limit
            )
        return page.to_dict()

    async def wait_for_agent_run(
        self, org_id: OrgId, agent_run_id: RunId, ctx: Context, timeout: Timeout = DEFAULT_TIMEOUT
    ) -> Json:
        """Wait until a run stops working (or the timeout passes) and return it as it is then.

        Status ACTIVE after the timeout: still working, call again. COMPLETE: result holds the
        answer. PAUSED: it waits for input. Progress notifications count seconds waited.
        """
        progress = _Progress(ctx, self.client, timeout)

        async def seen(run: Any) -> None:
            await progress.report(f"agent run {run.id}: {run.status}")

        async with _as_tool_errors():
            try:
                (run,) = await self.client.agents.wait_for_agent_runs(
                    org_id,
                    [agent_run_id],
                    timeout=timeout,
                    on_status_change=seen,
                    raise_on_paused=False,
                )
                ending = f"agent run {run.id}: {run.status}"
            except CodegenAgentRunTimeoutError as error:
                if error.run is None:
                    raise
                run = error.run
                ending = f"agent run {run.id}: still {run.status} after {timeout:g} s"
        await progress.report(ending)
        return run.to_dict()

    async def get_agent_run_logs(
        self,
        org_id: OrgId,
        agent_run_id: RunId,
        skip: Skip = 0,
        limit: Limit = 100,
        reverse: Annotated[bool, Field(description="Newest entries first.")] = False,
    ) -> Json:
        """One page of a run's log (thoughts and tool calls): logs, total_logs, and the run."""
        async with _as_tool_errors():
            page = await self.client.agents_alpha.get_agent_run_logs(
                org_id, agent_run_id, skip=skip, limit=limit, reverse=reverse
            )
        return page.to_dict()

    async def create_multi_run(
        self,
        org_id: OrgId,
        prompt: Annotated[str, Field(description="The task every candidate run works on.")],
        ctx: Context,
        concurrency: Annotated[int, Field(description="Candidate runs, 1..20.")] = 3,
        repo_id: Annotated[int | None, Field(description="Repository id.")] = None,
        model: Annotated[str | None, Field(description="Model of every run.")] = None,
        models: Annotated[
            list[str] | None, Field(description="Models for the candidates, round robin.")
        ] = None,
        agent_type: Annotated[str | None, Field(description="codegen or claude_code.")] = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
    ) -> Json:
        """Run several agents on one prompt, then one more that merges their answers.

        Returns final, candidates and agent_runs. At the timeout it returns what there is then
        (final null, the runs as they are); the runs keep working on Codegen.
        """
        progress = _Progress(ctx, self.client, timeout)
        sent, received = anyio.create_memory_object_stream[str](math.inf)

        async def forward() -> None:
            async with received:
                async for message in received:
                    await progress.report(message)

        def on_progress(event: MultiRunEvent) -> None:
            sent.send_nowait(_event_text(event))

        async with anyio.create_task_group() as group:
            group.start_soon(forward)
            try:
                with sent:
                    async with _as_tool_errors():
                        try:
                            result = await self.client.multi_run_agent.create_multi_run(
                                org_id,
                                prompt,
                                concurrency=concurrency,
                                repo_id=repo_id,
                                model=model,
                                models=models,
                                agent_type=agent_type,
                                timeout=timeout,
                                on_progress=on_progress,
                            )
                        except CodegenMultiRunTimeoutError as error:
                            return _unfinished(error)
            finally:
                sent.close()
        return dict(result)


def build_server(client: AsyncCodegenClient) -> MCPServer:
    """An MCP server whose tools call ``client`` (which it does not close).

    Args:
        client: The client every tool uses (its settings, clock and rate limits).

    Returns:
        The server; ``await server.run_stdio_async()`` serves it on stdin and stdout.

    """
    from codegen_client import __version__

    server: MCPServer = MCPServer(
        "codegen-client", instructions=INSTRUCTIONS, version=__version__, log_level="WARNING"
    )
    tools = CodegenTools(client)
    for name in TOOLS:
        server.add_tool(getattr(tools, name), name=name, structured_output=True)
    return server
