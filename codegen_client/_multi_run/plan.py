"""MultiRunAgent's plan: every argument checked before any request, plus the prompts it sends.

The API has no temperature. The two temperatures are recorded in each run's metadata (with the
multi-run's id, the run's index and its role) so runs can be traced in the Codegen UI; real
diversity between candidates comes from spreading them across ``models``.
"""

from __future__ import annotations

import inspect
import math
import string
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from codegen_client._agents.create_plan import REQUEST_ID_KEY
from codegen_client._agents.phases import check_wait_arguments
from codegen_client._validation import check_argument, check_arguments, check_int, invalid

__all__ = [
    "DEFAULT_SYNTHESIS_PROMPT",
    "MAX_CONCURRENCY",
    "PLACEHOLDERS",
    "Candidate",
    "MultiRunPlan",
    "Role",
    "check_synthesis_prompt",
    "make_plan",
]

MAX_CONCURRENCY = 20
PLACEHOLDERS = frozenset({"task", "candidates", "count"})
RESERVED_METADATA = frozenset(
    {
        "multi_run_id",
        "multi_run_index",
        "multi_run_role",
        "multi_run_size",
        "temperature",
        "synthesis_temperature",
        # Each run needs a token of its own: with one shared token, a create whose answer was
        # lost would find an earlier candidate and take it for the run it had just created.
        REQUEST_ID_KEY,
    }
)
Role = Literal["candidate", "synthesis"]

DEFAULT_SYNTHESIS_PROMPT = """\
Several agents worked on the same task independently. Their {count} answers are below, each \
between <candidate> tags. Compare them: keep what is correct and best in each, fix what is \
wrong, resolve any disagreement, and write one final answer to the task. Reply with the final \
answer only, without mentioning the candidates.

<task>
{task}
</task>

{candidates}
"""


@dataclass(frozen=True)
class Candidate:
    """One usable answer: the ``result`` of a COMPLETE candidate run."""

    index: int
    agent_run_id: int
    text: str


def check_synthesis_prompt(template: str) -> str:
    """Check a custom synthesis prompt: known placeholders only, and ``{candidates}`` present.

    Raises:
        CodegenInputError: The template is not a string, holds a lone surrogate, has broken
            braces, an unknown placeholder, a conversion or format spec, or no ``{candidates}``.

    """
    if not isinstance(template, str) or not template.strip():
        raise invalid(f"synthesis_prompt must be a non-empty string, got {template!r}")
    # Checked now, not when the synthesis run's create checks its prompt: by then the
    # candidates have run (and cost money).
    try:
        template.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise invalid(
            f"synthesis_prompt contains a lone surrogate ({template[exc.start]!r} at position "
            f"{exc.start}); only valid Unicode text can be sent as UTF-8"
        ) from None
    known = ", ".join("{" + name + "}" for name in sorted(PLACEHOLDERS))
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise invalid(
            f"synthesis_prompt has unbalanced braces ({exc}); write literal braces as {{{{ and }}}}"
        ) from None
    used = set()
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            shown = "{" + name + (f"!{conversion}" if conversion else "")
            shown += (f":{spec}" if spec else "") + "}"
            raise invalid(
                f"synthesis_prompt uses {shown}; the placeholders are {known} "
                "(write literal braces as {{ and }})"
            )
        used.add(name)
    if "candidates" not in used:
        raise invalid("synthesis_prompt must contain {candidates}")
    return template


def _fence(text: str, tag: str) -> str:
    # An answer that quotes the closing tag would blur where it ends; break the tag up.
    return text.replace(f"</{tag}", f"<\\/{tag}")


@dataclass(frozen=True)
class MultiRunPlan:
    """A checked multi-run request; builds each run's metadata and the synthesis prompt."""

    org_id: int
    prompt: str
    concurrency: int
    repo_id: int | None
    model: str | None
    models: tuple[str, ...] | None
    agent_type: str | None
    temperature: float
    synthesis_temperature: float
    synthesis_prompt: str
    timeout: float
    poll_interval: float
    max_poll_interval: float
    metadata: Mapping[str, Any] = field(default_factory=dict)
    multi_run_id: str = field(default_factory=lambda: uuid.uuid4().hex)

    def model_for(self, role: Role, index: int) -> str | None:
        """The model of candidate ``index`` (round robin over ``models``) or of the synthesis."""
        if role == "candidate" and self.models:
            return self.models[index % len(self.models)]
        return self.model

    def run_metadata(self, role: Role, index: int) -> dict[str, Any]:
        """The metadata a run carries: the caller's keys plus the multi-run's trace."""
        return {
            **self.metadata,
            "multi_run_id": self.multi_run_id,
            "multi_run_index": index,
            "multi_run_role": role,
            "multi_run_size": self.concurrency,
            "temperature": self.temperature,
            "synthesis_temperature": self.synthesis_temperature,
        }

    def synthesis_text(self, candidates: Sequence[Candidate]) -> str:
        """The synthesis run's prompt: the task and every candidate, clearly delimited."""
        blocks = "\n\n".join(
            f'<candidate number="{n}" agent_run_id="{c.agent_run_id}">\n'
            f"{_fence(c.text.strip(), 'candidate')}\n</candidate>"
            for n, c in enumerate(candidates, start=1)
        )
        return self.synthesis_prompt.format(
            task=_fence(self.prompt.strip(), "task"),
            candidates=blocks,
            count=len(candidates),
        )


def _unit_interval(name: str, value: object) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or not 0.0 <= value <= 1.0
    ):
        raise invalid(f"{name} must be a number from 0.0 to 1.0, got {value!r}")
    return float(value)


def make_plan(
    *,
    org_id: int,
    prompt: str,
    concurrency: int,
    repo_id: int | None,
    model: str | None,
    models: Sequence[str] | None,
    agent_type: str | None,
    temperature: float,
    synthesis_temperature: float,
    synthesis_prompt: str | None,
    timeout: float,
    poll_interval: float,
    max_poll_interval: float,
    metadata: Mapping[str, Any] | None,
    on_progress: Callable[..., Any] | None,
) -> MultiRunPlan:
    """Check every argument of ``create_multi_run`` (nothing is sent) and return the plan.

    Raises:
        CodegenInputError: An argument is invalid; the message names it.

    """
    # The per-name rules every request uses; checked here so no run starts before a bad value.
    check_arguments(
        {
            "org_id": org_id,
            "prompt": prompt,
            "repo_id": repo_id,
            "model": model,
            "agent_type": agent_type,
            "metadata": metadata,
        }
    )
    check_int("concurrency", concurrency, 1, MAX_CONCURRENCY)
    checked_models: tuple[str, ...] | None = None
    if models is not None:
        if isinstance(models, str) or not isinstance(models, Sequence) or not models:
            raise invalid(f"models must be a non-empty list of names, got {models!r}")
        checked_models = tuple(check_argument("model", m) for m in models)
    temp = _unit_interval("temperature", temperature)
    synth_temp = _unit_interval("synthesis_temperature", synthesis_temperature)
    template = (
        DEFAULT_SYNTHESIS_PROMPT
        if synthesis_prompt is None
        else check_synthesis_prompt(synthesis_prompt)
    )
    if timeout is None:
        raise invalid("timeout must be a number of seconds > 0, got None")
    check_wait_arguments(timeout, poll_interval, max_poll_interval)
    clash = sorted(RESERVED_METADATA & set(metadata or {}))
    if clash:
        raise invalid(f"metadata keys {clash} are set for each run by MultiRunAgent")
    if on_progress is not None and not callable(on_progress):
        raise invalid("on_progress must be callable or None")
    if inspect.iscoroutinefunction(on_progress):
        # Events are handed over synchronously (also by AsyncMultiRunAgent): a coroutine
        # would be dropped unawaited, and the callback would silently never run.
        raise invalid("on_progress must be a plain function: it is called, not awaited")
    return MultiRunPlan(
        org_id=org_id,
        prompt=prompt,
        concurrency=concurrency,
        repo_id=repo_id,
        model=model,
        models=checked_models,
        agent_type=agent_type,
        temperature=temp,
        synthesis_temperature=synth_temp,
        synthesis_prompt=template,
        timeout=float(timeout),
        poll_interval=poll_interval,
        max_poll_interval=max_poll_interval,
        metadata=dict(metadata or {}),
    )
