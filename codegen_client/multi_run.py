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

import asyncio
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from codegen_client._exceptions import (
    CodegenAgentRunPausedError,
    CodegenAgentRunTimeoutError,
    CodegenApiError,
    CodegenMultiRunNoCandidatesError,
    CodegenMultiRunSynthesisError,
    CodegenMultiRunTimeoutError,
)
from codegen_client._lifecycle import AgentRunPhase, agent_run_phase, status_of
from codegen_client._multi_run_plan import Candidate, MultiRunPlan, Role, make_plan
from codegen_client._multi_run_result import MultiRunEvent, MultiRunResult

if TYPE_CHECKING:
    from codegen_client._client import AsyncCodegenClient, CodegenClient
    from codegen_client._clock import Clock
    from codegen_client._multi_run_result import EventKind
    from codegen_client_generated.models.agent_run_response import AgentRunResponse

__all__ = ["AsyncMultiRunAgent", "MultiRunAgent", "MultiRunEvent", "MultiRunResult"]

logger = logging.getLogger("codegen_client")

ProgressCallback = Callable[[MultiRunEvent], Any]


class _Progress:
    """One multi-run's state: its runs (latest seen), the deadline, and the events it emits."""

    def __init__(self, plan: MultiRunPlan, clock: Clock, on_progress: ProgressCallback | None):
        self.plan = plan
        self.clock = clock
        self.deadline = clock.now() + plan.timeout
        self.on_progress = on_progress
        self.runs: list[AgentRunResponse] = []
        self.slots: dict[int, tuple[Role, int]] = {}

    def remaining(self) -> float:
        return self.deadline - self.clock.now()

    def create_args(self, role: Role, index: int) -> dict[str, Any]:
        plan = self.plan
        return {
            "repo_id": plan.repo_id,
            "model": plan.model_for(role, index),
            "agent_type": plan.agent_type,
            "metadata": plan.run_metadata(role, index),
        }

    def emit(self, kind: EventKind, run: AgentRunResponse | None = None, **extra: Any) -> None:
        if self.on_progress is None:
            return
        role, index = self.slots.get(run.id, (None, None)) if run is not None else (None, None)
        status = status_of(run) if run is not None else None
        event = MultiRunEvent(
            kind, self.plan.multi_run_id, run, role=role, index=index, status=status, **extra
        )
        self.on_progress(event)

    def created(self, run: AgentRunResponse, role: Role, index: int) -> None:
        self.runs.append(run)
        self.slots[run.id] = (role, index)
        self.emit("synthesis_started" if role == "synthesis" else "created", run)

    def update(self, run: AgentRunResponse) -> None:
        """Store a run's latest state (``on_status_change`` of the waits)."""
        for position, known in enumerate(self.runs):
            if known.id == run.id:
                self.runs[position] = run
                if status_of(known) != status_of(run):
                    self.emit("status_changed", run)
                return

    def candidate_runs(self) -> list[AgentRunResponse]:
        return [r for r in self.runs if self.slots[r.id][0] == "candidate"]

    def candidates(self) -> list[Candidate]:
        """The usable answers so far, in creation order."""
        return [
            Candidate(self.slots[run.id][1], run.id, str(run.result))
            for run in self.candidate_runs()
            if _usable(run)
        ]

    def still_working(self) -> list[int]:
        return [
            r.id for r in self.runs if agent_run_phase(status_of(r)) is AgentRunPhase.RUNNING
        ]

    def failed(self) -> list[AgentRunResponse]:
        return [r for r in self.candidate_runs() if not _usable(r)]

    def gather(self) -> list[Candidate]:
        """The candidates once all candidate runs settled; report failures; none is an error."""
        candidates, failed = self.candidates(), self.failed()
        if failed:
            listed = ", ".join(f"{r.id} ({status_of(r) or 'no status'})" for r in failed)
            logger.warning(
                "multi-run %s: %d of %d candidate runs gave no usable result: %s",
                self.plan.multi_run_id,
                len(failed),
                self.plan.concurrency,
                listed,
            )
        if not candidates:
            raise CodegenMultiRunNoCandidatesError(
                f"none of the {self.plan.concurrency} candidate runs completed with a result: "
                + ", ".join(f"{r.id} ({status_of(r) or 'no status'})" for r in failed),
                runs=self.runs,
                multi_run_id=self.plan.multi_run_id,
            )
        return candidates

    def timeout_error(self, stage: str) -> CodegenMultiRunTimeoutError:
        working = self.still_working()
        return CodegenMultiRunTimeoutError(
            f"multi-run {self.plan.multi_run_id} passed its {self.plan.timeout:g} s deadline "
            f"while {stage}; {len(self.candidates())} candidate(s) so far, "
            f"runs still working: {', '.join(map(str, working)) or 'none'}",
            runs=self.runs,
            pending=[r for r in self.runs if r.id in working],
            timeout=self.plan.timeout,
            candidates=[c.text for c in self.candidates()],
            multi_run_id=self.plan.multi_run_id,
        )

    def synthesis_error(
        self, reason: str, run: AgentRunResponse | None
    ) -> CodegenMultiRunSynthesisError:
        return CodegenMultiRunSynthesisError(
            f"multi-run {self.plan.multi_run_id}: synthesis {reason}; "
            f"the {len(self.candidates())} candidates are on this error",
            run=run,
            runs=self.runs,
            candidates=[c.text for c in self.candidates()],
            multi_run_id=self.plan.multi_run_id,
        )

    def finish(self, synthesis: AgentRunResponse | None) -> MultiRunResult:
        """Build the result; a synthesis run without a usable result is an error."""
        candidates = self.candidates()
        if synthesis is not None:
            self.update(synthesis)
            if not _usable(synthesis):
                status = status_of(synthesis) or "no status"
                raise self.synthesis_error(f"run {synthesis.id} ended {status}", synthesis)
            final = str(synthesis.result)
        else:
            final = candidates[0].text
        result = MultiRunResult(
            final=final,
            candidates=[c.text for c in candidates],
            candidate_runs=[r for r in self.candidate_runs() if _usable(r)],
            failed_runs=self.failed(),
            synthesis_run=synthesis,
            runs=list(self.runs),
            multi_run_id=self.plan.multi_run_id,
        )
        self.emit("done", result=result)
        return result

    def leave_message(self, error: BaseException) -> None:
        """Tell which runs keep working on Codegen when the multi-run stops early."""
        working = self.still_working()
        if not working:
            return
        interrupted = isinstance(error, (KeyboardInterrupt, asyncio.CancelledError))
        how = "was interrupted" if interrupted else f"stopped ({type(error).__name__})"
        message = (
            f"MultiRunAgent {how}; these agent runs are still working on Codegen (the API "
            f"cannot stop them): {', '.join(map(str, working))} (multi_run_id "
            f"{self.plan.multi_run_id}). Pick them up with "
            f"client.agents.wait_for_agent_runs({self.plan.org_id}, {working})."
        )
        logger.warning(message)
        add_note = getattr(error, "add_note", None)  # Python 3.11+: shown with the traceback
        if add_note is not None:
            add_note(message)


def _usable(run: AgentRunResponse) -> bool:
    text = run.result
    return (
        agent_run_phase(status_of(run)) is AgentRunPhase.COMPLETE
        and isinstance(text, str)
        and bool(text.strip())
    )


def _multi_run_plan(org_id: int, prompt: str, **options: Any) -> MultiRunPlan:
    return make_plan(org_id=org_id, prompt=prompt, **options)


class MultiRunAgent:
    """Runs one prompt on several agents and merges their answers with one more agent.

    Example:
        >>> result = client.multi_run_agent.create_multi_run(  # doctest: +SKIP
        ...     org_id=org_id, prompt="Add retries to the HTTP client", concurrency=3)
        >>> print(result["final"])  # doctest: +SKIP

    """

    def __init__(self, client: CodegenClient) -> None:
        self._client = client

    def create_multi_run(
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
            repo_id: The repository every run works in.
            model: Model of every run (the synthesis run's, when ``models`` is given).
            models: Models to spread the candidates across, round robin.
            temperature: 0.0..1.0, recorded in metadata only (the API has no temperature).
            synthesis_temperature: 0.0..1.0, recorded in metadata only.
            synthesis_prompt: Template of the synthesis prompt; placeholders ``{task}``,
                ``{candidates}`` (required) and ``{count}``; literal braces as ``{{``/``}}``.
            timeout: Seconds for everything (creating, waiting, synthesis): one deadline.
            on_progress: Called with a :class:`MultiRunEvent` at each step.
            agent_type: ``"codegen"`` or ``"claude_code"`` for every run.
            metadata: Extra metadata for every run (the ``multi_run_*`` and temperature keys
                are set by this method).
            poll_interval: First wait between status polls.
            max_poll_interval: Longest wait between status polls.

        Returns:
            A :class:`MultiRunResult`: ``result["final"]``, ``result["candidates"]``,
            ``result["agent_runs"]`` (plain dicts), or typed attributes.

        Raises:
            CodegenInputError: An argument is invalid (nothing was sent).
            CodegenMultiRunNoCandidatesError: No candidate run completed with a result.
            CodegenMultiRunSynthesisError: The synthesis run failed (carries the candidates).
            CodegenMultiRunTimeoutError: The deadline passed (carries runs and candidates).
            CodegenApiError: Creating a candidate run failed.

        """
        plan = _multi_run_plan(
            org_id,
            prompt,
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
        progress = _Progress(plan, self._client.clock, on_progress)
        try:
            return self._run(plan, progress)
        except BaseException as error:
            progress.leave_message(error)
            raise

    def _run(self, plan: MultiRunPlan, progress: _Progress) -> MultiRunResult:
        agents = self._client.agents
        for index in range(plan.concurrency):
            if progress.remaining() <= 0:
                raise progress.timeout_error("creating candidate runs")
            run = agents.create_agent_run(
                plan.org_id, plan.prompt, **progress.create_args("candidate", index)
            )
            progress.created(run, "candidate", index)
        try:
            settled = agents.wait_for_agent_runs(
                plan.org_id,
                [r.id for r in progress.runs],
                timeout=max(progress.remaining(), 1e-9),
                poll_interval=plan.poll_interval,
                max_poll_interval=plan.max_poll_interval,
                on_status_change=progress.update,
                raise_on_paused=False,
            )
        except CodegenAgentRunTimeoutError as error:
            raise progress.timeout_error("waiting for the candidate runs") from error
        for run in settled:
            progress.update(run)
        candidates = progress.gather()
        if len(candidates) == 1:
            return progress.finish(None)
        if progress.remaining() <= 0:
            raise progress.timeout_error("starting the synthesis run")
        try:
            synthesis = agents.create_agent_run(
                plan.org_id,
                plan.synthesis_text(candidates),
                **progress.create_args("synthesis", plan.concurrency),
            )
        except CodegenApiError as error:
            raise progress.synthesis_error(f"run could not start ({error})", None) from error
        progress.created(synthesis, "synthesis", plan.concurrency)
        try:
            synthesis = agents.wait_for_agent_run(
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
            raise progress.timeout_error("waiting for the synthesis run") from error
        return progress.finish(synthesis)


class AsyncMultiRunAgent:
    """The asyncio twin of :class:`MultiRunAgent` (``await client.multi_run_agent...``).

    Example:
        >>> result = await client.multi_run_agent.create_multi_run(  # doctest: +SKIP
        ...     org_id=org_id, prompt="Add retries to the HTTP client", concurrency=3)

    """

    def __init__(self, client: AsyncCodegenClient) -> None:
        self._client = client

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
        """Run ``prompt`` on several agents, then synthesize (see ``MultiRunAgent``).

        Cancelling the task (or Ctrl-C under ``asyncio.run``) leaves a warning with the ids
        of the runs still working, then propagates.
        """
        plan = _multi_run_plan(
            org_id,
            prompt,
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
        progress = _Progress(plan, self._client.clock, on_progress)
        try:
            return await self._run(plan, progress)
        except BaseException as error:
            progress.leave_message(error)
            raise

    async def _run(self, plan: MultiRunPlan, progress: _Progress) -> MultiRunResult:
        agents = self._client.agents
        for index in range(plan.concurrency):
            if progress.remaining() <= 0:
                raise progress.timeout_error("creating candidate runs")
            run = await agents.create_agent_run(
                plan.org_id, plan.prompt, **progress.create_args("candidate", index)
            )
            progress.created(run, "candidate", index)
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
            raise progress.timeout_error("waiting for the candidate runs") from error
        for run in settled:
            progress.update(run)
        candidates = progress.gather()
        if len(candidates) == 1:
            return progress.finish(None)
        if progress.remaining() <= 0:
            raise progress.timeout_error("starting the synthesis run")
        try:
            synthesis = await agents.create_agent_run(
                plan.org_id,
                plan.synthesis_text(candidates),
                **progress.create_args("synthesis", plan.concurrency),
            )
        except CodegenApiError as error:
            raise progress.synthesis_error(f"run could not start ({error})", None) from error
        progress.created(synthesis, "synthesis", plan.concurrency)
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
            raise progress.timeout_error("waiting for the synthesis run") from error
        return progress.finish(synthesis)
