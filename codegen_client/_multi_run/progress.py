"""The state of one multi-run: its runs as last seen, the shared deadline, events and errors."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from codegen_client._agents.phases import AgentRunPhase, agent_run_phase, status_of
from codegen_client._agents.wait_plan import cause_note, early_note
from codegen_client._exceptions import (
    CodegenApiError,
    CodegenMultiRunAbortedError,
    CodegenMultiRunNoCandidatesError,
    CodegenMultiRunSynthesisError,
    CodegenMultiRunTimeoutError,
)
from codegen_client._multi_run.plan import Candidate, MultiRunPlan, Role
from codegen_client._multi_run.result import MultiRunEvent, MultiRunResult

if TYPE_CHECKING:
    from codegen_client._clock import Clock
    from codegen_client._multi_run.result import EventKind
    from codegen_client_generated.models.agent_run_response import AgentRunResponse

__all__ = ["Progress", "ProgressCallback"]

logger = logging.getLogger("codegen_client")

ProgressCallback = Callable[[MultiRunEvent], Any]


class Progress:
    """One multi-run's state: its runs (latest seen), the deadline, and the events it emits."""

    def __init__(self, plan: MultiRunPlan, clock: Clock, on_progress: ProgressCallback | None):
        self.plan = plan
        self.clock = clock
        self.deadline = clock.now() + plan.timeout
        self.on_progress = on_progress
        self.runs: list[AgentRunResponse] = []
        self.slots: dict[int, tuple[Role, int]] = {}
        self.stage = "creating candidate runs"  # what the multi-run is doing, for errors

    def remaining(self) -> float:
        """Seconds left before the shared deadline (negative once it passed)."""
        return self.deadline - self.clock.now()

    def create_args(self, role: Role, index: int) -> dict[str, Any]:
        """Keyword arguments of ``create_agent_run`` for the run in this slot."""
        plan = self.plan
        return {
            "repo_id": plan.repo_id,
            "model": plan.model_for(role, index),
            "agent_type": plan.agent_type,
            "metadata": plan.run_metadata(role, index),
        }

    def emit(self, kind: EventKind, run: AgentRunResponse | None = None, **extra: Any) -> None:
        """Hand an event to ``on_progress``, if there is one."""
        if self.on_progress is None:
            return
        role, index = self.slots.get(run.id, (None, None)) if run is not None else (None, None)
        status = status_of(run) if run is not None else None
        event = MultiRunEvent(
            kind, self.plan.multi_run_id, run, role=role, index=index, status=status, **extra
        )
        self.on_progress(event)

    def created(self, run: AgentRunResponse, role: Role, index: int) -> None:
        """Record a new run in its slot and announce it."""
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
        """The candidate runs, in creation order."""
        return [r for r in self.runs if self.slots[r.id][0] == "candidate"]

    def candidates(self) -> list[Candidate]:
        """The usable answers so far, in creation order."""
        return [
            Candidate(self.slots[run.id][1], run.id, str(run.result))
            for run in self.candidate_runs()
            if _usable(run)
        ]

    def still_working(self) -> list[int]:
        """Ids of the runs last seen working."""
        return [r.id for r in self.runs if agent_run_phase(status_of(r)) is AgentRunPhase.RUNNING]

    def failed(self) -> list[AgentRunResponse]:
        """Candidate runs without a usable result (failed, paused, empty, or still working)."""
        return [r for r in self.candidate_runs() if not _usable(r)]

    def gather(self) -> list[Candidate]:
        """The candidates once all candidate runs settled; report failures; none is an error."""
        candidates, failed = self.candidates(), self.failed()
        listed = ", ".join(f"{r.id} ({status_of(r) or 'no status'})" for r in failed)
        if failed:
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
                + listed,
                runs=self.runs,
                multi_run_id=self.plan.multi_run_id,
            )
        return candidates

    def timeout_error(
        self, stage: str, cause: BaseException | None = None
    ) -> CodegenMultiRunTimeoutError:
        """The deadline error, with the runs and candidates so far.

        Args:
            stage: What the multi-run was doing.
            cause: What the call that could not end before the deadline ran into, if any
                (the message says so when the multi-run gave up before its deadline).

        """
        working = self.still_working()
        candidates = [c.text for c in self.candidates()]
        early = early_note(self.deadline, self.clock.now(), self.plan.timeout)
        what = f"passed its {self.plan.timeout:g} s deadline" if early is None else early
        return CodegenMultiRunTimeoutError(
            f"multi-run {self.plan.multi_run_id} {what} while {stage}; "
            f"{len(candidates)} candidate(s) so far, "
            f"runs still working: {', '.join(map(str, working)) or 'none'}"
            + cause_note(early, cause),
            runs=self.runs,
            pending=[r for r in self.runs if r.id in working],
            timeout=self.plan.timeout,
            candidates=candidates,
            multi_run_id=self.plan.multi_run_id,
        )

    def aborted_error(self, cause: CodegenApiError) -> CodegenMultiRunAbortedError:
        """The error for a call that failed after the first create, with what was done so far."""
        candidates = [c.text for c in self.candidates()]
        return CodegenMultiRunAbortedError(
            f"multi-run {self.plan.multi_run_id} stopped while {self.stage}: {cause}; "
            f"{len(self.runs)} run(s) created, {len(candidates)} candidate(s) so far",
            runs=self.runs,
            candidates=candidates,
            multi_run_id=self.plan.multi_run_id,
        )

    def synthesis_error(
        self, reason: str, run: AgentRunResponse | None
    ) -> CodegenMultiRunSynthesisError:
        """The synthesis error, with every candidate."""
        candidates = [c.text for c in self.candidates()]
        return CodegenMultiRunSynthesisError(
            f"multi-run {self.plan.multi_run_id}: synthesis {reason}; "
            f"the {len(candidates)} candidates are on this error",
            run=run,
            runs=self.runs,
            candidates=candidates,
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
