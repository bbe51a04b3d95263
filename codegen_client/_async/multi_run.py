"""MultiRunAgent: run one prompt on several agents, then have one more agent merge the answers.

Built only on the public ``client.agents`` methods: candidate runs are created one after the
other (the client paces creates within the documented 10 per minute), waited for together (one
request per poll round, whatever their number), and the ``result`` of each ``COMPLETE`` run
becomes a candidate. With two or more candidates a synthesis run gets the task and every
candidate; with one, that candidate is the final answer. All of it shares one deadline.

The API has no temperature: ``temperature`` and ``synthesis_temperature`` are recorded in each
run's metadata (with ``multi_run_id``, ``multi_run_index``, ``multi_run_role``) for tracing,
and do not change what the agents do. Pass ``models=[...]`` for real diversity.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from codegen_client._agents.wait_plan import DEADLINE_GRACE
from codegen_client._deadline import DeadlinePassed, deadline_at
from codegen_client._exceptions import (
    CodegenAgentRunPausedError,
    CodegenAgentRunTimeoutError,
    CodegenApiError,
    CodegenMultiRunError,
)
from codegen_client._multi_run.plan import MultiRunPlan, make_plan
from codegen_client._multi_run.progress import Progress, ProgressCallback
from codegen_client._multi_run.result import MultiRunResult

if TYPE_CHECKING:
    from codegen_client._async.agents import AsyncAgents
    from codegen_client._clock import Clock

__all__ = ["AsyncMultiRunAgent"]


class AsyncMultiRunAgent:
    """Runs one prompt on several agents and merges their answers with one more agent.

    Examples:
        >>> result = await client.multi_run_agent.create_multi_run(  # doctest: +SKIP
        ...     org_id=org_id, prompt="Add retries to the HTTP client", concurrency=3)
        >>> print(result["final"])  # doctest: +SKIP

    """

    def __init__(self, agents: AsyncAgents, clock: Clock) -> None:
        self._agents = agents
        self._clock = clock

    async def create_multi_run(
        self,
        org_id: int,
        prompt: str,
        concurrency: int = 3,
        repo_id: int | None = None,
        model: str | None = None,
        models: Sequence[str] | None = None,
        temperature: float = 0.7,
        synthesis_temperature: float = 0.2,
        synthesis_prompt: str | None = None,
        timeout: float = 600.0,
        on_progress: ProgressCallback | None = None,
        *,
        agent_type: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        poll_interval: float = 1.0,
        max_poll_interval: float = 30.0,
    ) -> MultiRunResult:
        """Run ``prompt`` on ``concurrency`` agents, then synthesize one final answer.

        Every argument is checked before the first request. Runs keep working on Codegen if
        this call stops early (error, deadline, Ctrl-C): a warning lists their ids.

        Args:
            org_id: The organization.
            prompt: The task, sent as is to every candidate run.
            concurrency: Number of candidate runs, 1..20 (one needs no synthesis).
            repo_id: The repository every run works in (sent with ``agent_type="codegen"``
                unless you pass an ``agent_type``, as ``create_agent_run`` does).
            model: Model of every run (the synthesis run's, when ``models`` is given).
            models: Models to spread the candidates across, round robin.
            temperature: 0.0..1.0, recorded in metadata only (the API has no temperature).
            synthesis_temperature: 0.0..1.0, recorded in metadata only.
            synthesis_prompt: Template of the synthesis prompt; placeholders ``{task}``,
                ``{candidates}`` (required) and ``{count}``; literal braces as ``{{``/``}}``.
            timeout: Seconds for everything (creating, waiting, synthesis): one deadline.
            on_progress: Called with a
                [`MultiRunEvent`][codegen_client.multi_run.MultiRunEvent] at each step (a
                plain function, also for AsyncMultiRunAgent: it is called, not awaited).
            agent_type: ``"codegen"`` or ``"claude_code"`` for every run.
            metadata: Extra metadata for every run (the ``multi_run_*`` and temperature keys
                and ``codegen_client_request_id`` are set by this method, per run).
            poll_interval: First wait between status polls.
            max_poll_interval: Longest wait between status polls.

        Returns:
            A [`MultiRunResult`][codegen_client.multi_run.MultiRunResult]:
            ``result["final"]``, ``result["candidates"]``, ``result["agent_runs"]`` (plain
            dicts), or typed attributes.

        Raises:
            CodegenInputError: An argument is invalid (nothing was sent).
            CodegenMultiRunNoCandidatesError: No candidate run completed with a result.
            CodegenMultiRunSynthesisError: The synthesis run failed (carries the candidates).
            CodegenMultiRunTimeoutError: The deadline passed (carries runs and candidates);
                no pause, retry wait or request of any call runs past it.
            CodegenMultiRunAbortedError: A call failed after the first run was created (a 402
                or 404 on a later create, say): carries runs and candidates, and the API error
                as ``__cause__``.
            CodegenApiError: Creating the first candidate run failed (nothing was created).

        """
        plan = make_plan(
            org_id=org_id,
            prompt=prompt,
            concurrency=concurrency,
            repo_id=repo_id,
            model=model,
            models=models,
            agent_type=agent_type,
            temperature=temperature,
            synthesis_temperature=synthesis_temperature,
            synthesis_prompt=synthesis_prompt,
            timeout=timeout,
            poll_interval=poll_interval,
            max_poll_interval=max_poll_interval,
            metadata=metadata,
            on_progress=on_progress,
        )
        progress = Progress(plan, self._clock, on_progress)
        try:
            try:
                # Every call gets the time left: no pause, retry or request runs past it.
                with deadline_at(progress.deadline + DEADLINE_GRACE):
                    return await self._run(plan, progress)
            except DeadlinePassed as passed:
                raise progress.timeout_error(progress.stage, passed.error) from passed.error
            except CodegenApiError as error:
                if not progress.runs or isinstance(error, CodegenMultiRunError):
                    raise
                raise progress.aborted_error(error) from error
        except BaseException as error:
            progress.leave_message(error)
            raise

    async def _run(self, plan: MultiRunPlan, progress: Progress) -> MultiRunResult:
        agents = self._agents
        for index in range(plan.concurrency):
            progress.stage = "creating candidate runs"
            if progress.remaining() <= 0:
                raise progress.timeout_error(progress.stage)
            run = await agents.create_agent_run(
                plan.org_id, plan.prompt, **progress.create_args("candidate", index)
            )
            progress.created(run, "candidate", index)
        progress.stage = "waiting for the candidate runs"
        try:
            settled = await agents.wait_for_agent_runs(
                plan.org_id,
                [r.id for r in progress.runs],
                timeout=max(progress.remaining(), 1e-9),
                poll_interval=plan.poll_interval,
                max_poll_interval=plan.max_poll_interval,
                on_status_change=progress.update,
                raise_on_paused=False,
            )
        except CodegenAgentRunTimeoutError as error:
            raise progress.timeout_error(progress.stage, error.__cause__) from error
        for run in settled:
            progress.update(run)
        candidates = progress.gather()
        if len(candidates) == 1:
            return progress.finish(None)
        progress.stage = "starting the synthesis run"
        if progress.remaining() <= 0:
            raise progress.timeout_error(progress.stage)
        try:
            synthesis = await agents.create_agent_run(
                plan.org_id,
                plan.synthesis_text(candidates),
                **progress.create_args("synthesis", plan.concurrency),
            )
        except CodegenApiError as error:
            raise progress.synthesis_error(f"run could not start ({error})", None) from error
        progress.created(synthesis, "synthesis", plan.concurrency)
        progress.stage = "waiting for the synthesis run"
        try:
            synthesis = await agents.wait_for_agent_run(
                plan.org_id,
                synthesis.id,
                timeout=max(progress.remaining(), 1e-9),
                poll_interval=plan.poll_interval,
                max_poll_interval=plan.max_poll_interval,
                on_status_change=progress.update,
            )
        except CodegenAgentRunPausedError as error:
            raise progress.synthesis_error(f"run {synthesis.id} is PAUSED", error.run) from error
        except CodegenAgentRunTimeoutError as error:
            raise progress.timeout_error(progress.stage, error.__cause__) from error
        return progress.finish(synthesis)
