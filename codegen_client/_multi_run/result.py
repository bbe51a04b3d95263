"""What MultiRunAgent hands back: the result (a mapping with typed attributes) and its events."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from codegen_client._multi_run.plan import Role
    from codegen_client_generated.models.agent_run_response import AgentRunResponse

__all__ = ["EventKind", "MultiRunEvent", "MultiRunResult"]

EventKind = Literal["created", "status_changed", "synthesis_started", "done"]


@dataclass(frozen=True)
class MultiRunEvent:
    """One step of a multi-run, handed to ``on_progress``.

    Attributes:
        kind: ``created`` (a run started), ``status_changed`` (a run's status changed),
            ``synthesis_started`` (the synthesis run started), ``done`` (the final answer is in).
        multi_run_id: The multi-run this event belongs to.
        run: The run concerned (None for ``done``).
        role: ``candidate`` or ``synthesis`` (None for ``done``).
        index: The run's position among the candidates (0-based; the synthesis run's index
            is the number of candidates), or None for ``done``.
        status: The run's status as the API sent it (None for ``done``).
        result: The finished result (``done`` only).

    """

    kind: EventKind
    multi_run_id: str
    run: AgentRunResponse | None = None
    role: Role | None = None
    index: int | None = None
    status: str | None = None
    result: MultiRunResult | None = None

    def __str__(self) -> str:
        if self.kind == "done":
            return f"multi-run {self.multi_run_id}: done"
        run_id = self.run.id if self.run is not None else "?"
        return (
            f"multi-run {self.multi_run_id}: {self.role} run {run_id} {self.kind} ({self.status})"
        )


class MultiRunResult(Mapping[str, Any]):
    """The outcome of a multi-run: read it as a dict or through typed attributes.

    Keys (plain data): ``final``, ``candidates``, ``agent_runs`` (every run as a dict,
    candidates in creation order, then the synthesis run), ``failed_agent_runs``,
    ``synthesis_agent_run`` (a dict, or None when one candidate made synthesis needless) and
    ``multi_run_id``.

    Examples:
        >>> agent = client.multi_run_agent  # doctest: +SKIP
        >>> result = agent.create_multi_run(org_id=1, prompt="...")  # doctest: +SKIP
        >>> result["final"] == result.final  # doctest: +SKIP
        True

    Attributes:
        final: The final answer.
        candidates: Every usable candidate answer, in creation order.
        candidate_runs: The runs those candidates came from.
        failed_runs: Candidate runs that gave no usable result (failed, paused, or empty).
        synthesis_run: The synthesis run, or None.
        runs: Every run, as typed models.
        multi_run_id: The id recorded in every run's metadata.

    """

    def __init__(
        self,
        *,
        final: str,
        candidates: list[str],
        candidate_runs: list[AgentRunResponse],
        failed_runs: list[AgentRunResponse],
        synthesis_run: AgentRunResponse | None,
        runs: list[AgentRunResponse],
        multi_run_id: str,
    ) -> None:
        self.final = final
        self.candidates = candidates
        self.candidate_runs = candidate_runs
        self.failed_runs = failed_runs
        self.synthesis_run = synthesis_run
        self.runs = runs
        self.multi_run_id = multi_run_id
        self._data: dict[str, Any] = {
            "final": final,
            "candidates": list(candidates),
            "agent_runs": [run.to_dict() for run in runs],
            "failed_agent_runs": [run.to_dict() for run in failed_runs],
            "synthesis_agent_run": synthesis_run.to_dict() if synthesis_run else None,
            "multi_run_id": multi_run_id,
        }

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def to_dict(self) -> dict[str, Any]:
        """Return the plain-data view as a new dict."""
        return dict(self._data)

    def __repr__(self) -> str:
        return (
            f"MultiRunResult(multi_run_id={self.multi_run_id!r}, "
            f"candidates={len(self.candidates)}, failed={len(self.failed_runs)}, "
            f"synthesized={self.synthesis_run is not None})"
        )
