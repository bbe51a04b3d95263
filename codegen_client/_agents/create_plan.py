"""Creating an agent run without ever creating two.

The API has no idempotency key, and a run costs money. So each create tags its run with a token
in ``metadata`` (under `REQUEST_ID_KEY`; the caller's own keys are kept), and looks runs up
by that token:

- A caller's own token is an idempotency key: before the first POST the client looks through
  the current user's API runs for it, and a run carrying it is returned without posting. A
  token the client made itself is new, so that look-up is skipped.
- When the outcome of a POST is unknown (the answer was lost or timed out, a 5xx, a 2xx that is
  empty or cannot be read), the client looks for the run among the current user's runs with
  ``source_type=API`` (``users/me`` is asked once per client), newest first, paging until it
  reaches runs created before the POST was sent, less `CLOCK_SKEW_MARGIN`. It returns the
  newest run carrying the token.
- A run list may show a new run only some time after its create answered. So the look-up is
  repeated with backoff over a look-up window (`LOOKUP_WINDOW`, 15 s by default). A look
  that finds no run proves absence only when the list is shown to be fresh: each look first
  reads the organization's newest run, and only a run created after the failure (on the
  server's clock) shows that the list would hold this call's run too. Only then does the
  client post again (at most ``max_retries`` times).
- When absence is not proven before the window ends (the list lags more than the window, the
  organization starts no other runs, the look-ups failed, or had more than
  `LOOKUP_MAX_PAGES` pages to read), `CodegenCreateOutcomeUnknownError` is raised
  with the ``request_id`` and nothing more is posted: ``find_agent_run(org_id, request_id)``
  finds the run later.

So no lag makes two runs; a list that lags less than the window lets an ambiguous failure end
in the run (or, in a busy organization, a proven second POST) instead of that error. Two
assumptions remain: the API stores a run before it answers (or before the client's timeout
passes), and its ``Date`` header and its runs' ``created_at`` agree within a second.

"Before the POST" and "after the failure" are judged on the server's clock, so the client's
clock may be off by any amount: the ``Date`` header of a look-up answer, less the time the
client's own clock measured since the POST (or the failure), is that moment as the server saw
it. The look-up reads `CLOCK_SKEW_MARGIN` further back, for a ``Date`` stamped by another
machine than ``created_at``; a fresh run must be a second newer than the failure (``Date`` has
whole seconds). Without one readable ``Date`` header the look-up reads every page of the
user's API runs (up to the page limit) and cannot see that the list is fresh.

This module holds the decisions (`CreatePlan`), free of I/O; the look-up itself
(`RunScan`) is in `codegen_client._agents.lookup`, and the driver that sends what
the plan asks for is written once, in ``_async/create.py``, and generated for the sync client.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from codegen_client._agents.lookup import (
    CLOCK_SKEW_MARGIN,
    LOOKUP_MAX_PAGES,
    LOOKUP_PAGE_SIZE,
    LOOKUP_SOURCE_TYPE,
    REQUEST_ID_KEY,
    RunScan,
    created_at_of,
    found_or_raise,
    outcome_unknown,
    server_date,
    token_of,
)
from codegen_client._exceptions import (
    CodegenApiError,
    CodegenConnectionError,
    CodegenInputError,
    CodegenResponseError,
    CodegenServerError,
)
from codegen_client._retry import backoff
from codegen_client._settings import DEFAULT_CREATE_LOOKUP_WINDOW
from codegen_client._validation import check_argument, check_seconds

if TYPE_CHECKING:
    from codegen_client_generated.models.agent_run_page import AgentRunPage
    from codegen_client_generated.models.agent_run_response import AgentRunResponse

__all__ = [
    "CLOCK_SKEW_MARGIN",
    "LOOKUP_MAX_PAGES",
    "LOOKUP_PAGE_SIZE",
    "LOOKUP_SOURCE_TYPE",
    "LOOKUP_WINDOW",
    "REQUEST_ID_KEY",
    "CreatePlan",
    "PendingCreate",
    "RunScan",
    "found_or_raise",
    "is_ambiguous",
    "pending_create",
    "server_date",
    "tag_metadata",
]

logger = logging.getLogger("codegen_client")

LOOKUP_WINDOW = DEFAULT_CREATE_LOOKUP_WINDOW
"""Seconds after an ambiguous failure during which the run list is searched again."""
_PENDING_ATTRIBUTE = "codegen_pending_create"


def tag_metadata(metadata: Mapping[str, Any] | None) -> tuple[dict[str, Any], str, bool]:
    """Return the metadata to send (the caller's keys plus the token), the token, and whose.

    Returns:
        The metadata, the token, and True when the token is the caller's own.

    Raises:
        CodegenInputError: ``metadata`` is not a mapping, or carries an empty token.

    """
    if metadata is not None:
        # Checked before the token is added, so an error shows the caller's metadata only.
        check_argument("metadata", metadata)
    tagged = dict(metadata or {})
    token = tagged.get(REQUEST_ID_KEY)
    caller = token is not None
    if token is None:
        token = uuid.uuid4().hex
    elif not isinstance(token, str) or not token:
        raise CodegenInputError(f"metadata[{REQUEST_ID_KEY!r}] must be a non-empty string")
    tagged[REQUEST_ID_KEY] = token
    return tagged, token, caller


def check_request_id(request_id: object) -> str:
    """Return ``request_id`` when it is a non-empty string.

    Raises:
        CodegenInputError: It is not.

    """
    if not isinstance(request_id, str) or not request_id:
        raise CodegenInputError(f"request_id must be a non-empty string, got {request_id!r}")
    return request_id


def check_window(window: object) -> float:
    """Return the look-up window in seconds when it is a finite number >= 0 (the settings' check).

    Raises:
        CodegenInputError: It is not.

    """
    return check_seconds("the create look-up window", window, allow_zero=True)


def is_ambiguous(error: CodegenApiError) -> bool:
    """True when the POST may have created a run although the call failed."""
    if isinstance(error, CodegenConnectionError):
        return error.request_sent
    return isinstance(error, (CodegenServerError, CodegenResponseError))


class Step(NamedTuple):
    """What a driver must do next for a `CreatePlan`."""

    kind: Literal["post", "probe", "me", "page", "sleep", "done"]
    seconds: float = 0.0
    user_id: int = 0
    skip: int = 0


_DONE = Step("done")
_POST = Step("post")
_ME = Step("me")
_PROBE = Step("probe")
FRESH_MARGIN = 1.0
"""Seconds a run must be newer than the failure to show that the list is fresh."""
Phase = Literal["precheck", "post", "posting", "recover", "done"]


class CreatePlan:
    """The decisions of one duplicate-free create, without I/O; a driver feeds it the answers.

    The driver loops: ``step = plan.next_step(now)`` (which raises when the create failed),
    does the step, and reports with `took_post`, `took_user`, `took_page`
    or, for a request that raised, `failed`; ``"done"`` means `run` is the answer.

    Args:
        org_id: The organization.
        token: The request id in the POST's metadata.
        caller_token: The token is the caller's own: look it up before the first POST.
        max_retries: POSTs after the first, each only once a look-up proved none created a run.
        window: Seconds of look-ups after an ambiguous failure (see `LOOKUP_WINDOW`).

    Raises:
        CodegenInputError: ``window`` is not a number of seconds >= 0.

    """

    def __init__(
        self,
        org_id: int,
        token: str,
        *,
        caller_token: bool,
        max_retries: int,
        window: float = LOOKUP_WINDOW,
    ) -> None:
        self.org_id = org_id
        self.token = token
        self.max_retries = max_retries
        self.window = check_window(window)
        self.phase: Phase = "precheck" if caller_token else "post"
        self.user_id: int | None = None
        self.posts = 0
        self.sent_at: float | None = None
        self.failure: CodegenApiError | None = None
        self.failed_at = 0.0
        self.deadline = 0.0
        self.probing = False
        self.fresh = False
        self.looks = 0
        self.next_look_at = 0.0
        self.scan: RunScan | None = RunScan(token, None) if caller_token else None
        self.scan_started = 0.0
        self.answer: AgentRunResponse | None = None
        self.error: BaseException | None = None

    def next_step(self, now: float) -> Step:
        """The next thing to do at client-clock time ``now``.

        Raises:
            CodegenApiError: The create failed: the POST's own error when no run was
                created, or `CodegenCreateOutcomeUnknownError`.

        """
        if self.error is not None:
            raise self.error
        if self.answer is not None:
            return _DONE
        if self.scan is not None:
            if self.probing:
                return _PROBE
            if self.user_id is None:
                return _ME
            return Step("page", user_id=self.user_id, skip=self.scan.skip)
        if self.phase == "post":
            self.phase = "posting"
            self.posts += 1
            if self.sent_at is None:
                self.sent_at = now
            return _POST
        if now < self.next_look_at:
            return Step("sleep", seconds=self.next_look_at - now)
        self.scan = RunScan(self.token, self.sent_at)
        self.scan_started = now
        self.probing, self.fresh = True, False
        return self.next_step(now)

    def run(self) -> AgentRunResponse:
        """The run this create made or found (after a ``"done"`` step)."""
        if self.answer is None:
            raise RuntimeError("the create is not done")
        return self.answer

    def took_post(self, answer: object, now: float) -> None:
        """The POST answered with ``answer`` (a run, or nothing usable: ambiguous)."""
        run_id = getattr(answer, "id", None)
        if isinstance(run_id, int) and not isinstance(run_id, bool):
            self.answer = answer  # type: ignore[assignment]
            self.phase = "done"
            return
        self._recover(CodegenResponseError("the create answered with success but no run"), now)

    def took_probe(self, page: AgentRunPage, date: datetime | None, now: float) -> None:
        """Take the organization's newest run: does the list show runs newer than the failure."""
        self.probing = False
        items = list(page.items)
        if items and token_of(items[0]) == self.token:
            self.scan, self.answer, self.phase = None, items[0], "done"
            return
        created = created_at_of(items[0]) if items else None
        if created is not None and date is not None:
            failed = date - timedelta(seconds=max(now - self.failed_at, 0.0) - FRESH_MARGIN)
            self.fresh = created >= failed

    def took_user(self, user_id: int) -> None:
        """``users/me`` answered: the look-ups read this user's runs."""
        self.user_id = user_id

    def took_page(self, page: AgentRunPage, date: datetime | None, now: float) -> None:
        """A look-up page arrived (``date``: its ``Date``; ``now``: the client clock then)."""
        scan = self.scan
        if scan is None:
            raise RuntimeError("no look-up in progress")
        scan.take(page, date, now)
        if scan.more:
            return
        self.scan = None
        if scan.found is not None:
            logger.info(
                "agent run %s carries request id %s; using it instead of posting",
                scan.found.id,
                self.token,
            )
            self.answer, self.phase = scan.found, "done"
        elif self.phase == "precheck":
            if scan.cut_short:
                why = f"more than {scan.max_pages * LOOKUP_PAGE_SIZE} of your API runs to search"
                self.error = outcome_unknown(self.org_id, self.token, why, None)
            else:
                self.phase = "post"
        elif scan.cut_short:
            why = f"more than {scan.max_pages * LOOKUP_PAGE_SIZE} runs to search"
            self._end_look(now, why, None)
        elif not self.fresh:
            why = (
                f"within the {self.window:g} s look-up window the run list showed no run "
                "started after the failure, so it may lag"
            )
            self._end_look(now, why, None)
        else:
            self._end_look(now, None, None)

    def failed(self, error: CodegenApiError, now: float) -> None:
        """The step's request raised ``error``; `next_step` raises what must be raised."""
        if self.phase == "posting":
            if is_ambiguous(error):
                self._recover(error, now)
            else:
                self.error = error
        elif self.phase == "precheck":
            # Nothing was posted: the caller may simply repeat the call with the same token.
            self.error = error
        else:
            logger.warning("looking up agent run by request id %s failed: %s", self.token, error)
            self.scan, self.probing = None, False
            self._end_look(now, f"looking it up failed: {error}", error)

    def _recover(self, error: CodegenApiError, now: float) -> None:
        logger.info(
            "create_agent_run failed (%s); looking for request id %s for up to %g s",
            error,
            self.token,
            self.window,
        )
        self.phase = "recover"
        self.failure = error
        self.failed_at = now
        self.deadline = now + self.window
        self.looks = 0
        self.next_look_at = min(now + backoff(0), self.deadline)

    def _end_look(self, now: float, why: str | None, cause: CodegenApiError | None) -> None:
        """Conclude a look: why absence is not proven (None: it is), and the error if any."""
        if why is None:
            # Fresh past the failure, read to before the POST, and no run carries the token.
            if self.posts > self.max_retries:
                self.error = self.failure
            else:
                logger.info("no run carries request id %s; posting again", self.token)
                self.phase = "post"
            return
        if self.scan_started >= self.deadline:
            self.error = outcome_unknown(self.org_id, self.token, why, cause or self.failure)
            return
        self.looks += 1
        self.next_look_at = min(now + backoff(self.looks), self.deadline)

    @contextlib.contextmanager
    def guard(self) -> Iterator[None]:
        """Mark an interrupt (Ctrl-C, task cancelled) that came after a POST was sent.

        The exception gets a `PendingCreate` (read it with `pending_create`) and,
        on Python 3.11+, a note naming the request id.
        """
        try:
            yield
        except BaseException as exc:
            if not isinstance(exc, CodegenApiError) and self.posts and self.phase != "done":
                _mark_pending(exc, PendingCreate(self.org_id, self.token))
            raise


@dataclass(frozen=True)
class PendingCreate:
    """A create interrupted after its POST was sent: it may have started a run."""

    org_id: int
    request_id: str

    def describe(self) -> str:
        """One line: the request id and how to find the run."""
        return (
            f"an agent run may have been started with request id {self.request_id}; find it "
            f"with `codegen-client find-agent-run {self.org_id} {self.request_id}`"
        )


def _mark_pending(exc: BaseException, pending: PendingCreate) -> None:
    logger.warning("create_agent_run interrupted: %s", pending.describe())
    with contextlib.suppress(AttributeError, TypeError):
        setattr(exc, _PENDING_ATTRIBUTE, pending)
    add_note = getattr(exc, "add_note", None)  # Python 3.11+
    if add_note is not None:
        add_note(pending.describe())


def pending_create(exc: BaseException) -> PendingCreate | None:
    """The create an interrupt cut short after its POST was sent, if any."""
    pending = getattr(exc, _PENDING_ATTRIBUTE, None)
    return pending if isinstance(pending, PendingCreate) else None
