"""Creating an agent run without ever creating two.

The API has no idempotency key, and a run costs money. So each create tags its run with a token
in ``metadata`` (under `REQUEST_ID_KEY`; the caller's own keys are kept), and looks runs up
by that token. A run is the caller's only when the list of the current user's API runs
(``users/me``, then ``source_type=API``) shows it carrying the token, or when it answered the
caller's own POST.

- A caller's own token is an idempotency key within the idempotency window (24 hours by
  default): before the first POST the client reads the user's API runs of that window, newest
  first, and returns the newest run carrying the token without posting. A token the client
  made itself (`GENERATED_PREFIX`) is new, so that look-up is skipped.
- When the outcome of a POST is unknown (the answer was lost or timed out, a 5xx, a 2xx that is
  empty, unreadable, or about another run), the client looks again and again over the look-up
  window (`LOOKUP_WINDOW`, 30 s by default), since the list may lag, and returns the run
  once the user's list shows it.
- It posts again (at most ``max_retries`` times) only when one list answer proves that no run
  carries the token (`proves_absence`): fresh past the
  moment the API may last have stored the run, reaching back to before the POST, token-free.
  Otherwise [`CodegenCreateOutcomeUnknownError`][codegen_client.CodegenCreateOutcomeUnknownError]
  is raised and nothing more is posted.
- The client remembers its POSTs (`codegen_client._agents.ledger`). A repeat with a token
  it posted and whose run it has not seen, or with a token of its own making that another
  client posted, is looked up the same way and posted only once absence is proven: repeating
  a create with the request id of an outcome-unknown error never starts a second run.

This module holds the decisions of a create (`CreatePlan`), free of I/O; those of
``find_agent_run`` are in `codegen_client._agents.find_plan`, the look itself in
`codegen_client._agents.lookup`, and the driver that sends what a plan asks for is written
once, in ``_async/create.py``, and generated for the sync client.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from codegen_client._agents.ledger import Posting
from codegen_client._agents.lookup import (
    CLOCK_SKEW,
    GENERATED_PREFIX,
    LOOKUP_MAX_PAGES,
    LOOKUP_PAGE_SIZE,
    LOOKUP_SOURCE_TYPE,
    REQUEST_ID_KEY,
    STORE_GRACE,
    Answer,
    Look,
    Reach,
    RunScan,
    is_generated,
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
from codegen_client._settings import DEFAULT_CREATE_LOOKUP_WINDOW, DEFAULT_IDEMPOTENCY_WINDOW
from codegen_client._validation import check_argument, check_seconds

if TYPE_CHECKING:
    from codegen_client_generated.models.agent_run_response import AgentRunResponse

__all__ = [
    "CLOCK_SKEW",
    "IDEMPOTENCY_WINDOW",
    "LOOKUP_MAX_PAGES",
    "LOOKUP_PAGE_SIZE",
    "LOOKUP_SOURCE_TYPE",
    "LOOKUP_WINDOW",
    "REQUEST_ID_KEY",
    "STORE_GRACE",
    "Answer",
    "CreatePlan",
    "Looking",
    "PendingCreate",
    "RunScan",
    "Step",
    "is_ambiguous",
    "pending_create",
    "server_date",
    "tag_metadata",
]

logger = logging.getLogger("codegen_client")

LOOKUP_WINDOW = DEFAULT_CREATE_LOOKUP_WINDOW
"""Seconds after an ambiguous failure during which the run list is searched again."""
IDEMPOTENCY_WINDOW = DEFAULT_IDEMPOTENCY_WINDOW
"""Seconds during which a caller's token returns the run it started."""
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
        token = GENERATED_PREFIX + uuid.uuid4().hex
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


def check_window(window: object, name: str = "the create look-up window") -> float:
    """Return a window in seconds when it is a finite number >= 0 (the settings' check).

    Raises:
        CodegenInputError: It is not.

    """
    return check_seconds(name, window, allow_zero=True)


def is_ambiguous(error: CodegenApiError) -> bool:
    """True when the POST may have created a run although the call failed."""
    if isinstance(error, CodegenConnectionError):
        return error.request_sent
    return isinstance(error, (CodegenServerError, CodegenResponseError))


def check_answer(answer: object, token: str) -> AgentRunResponse:
    """Return ``answer`` when it is the run a create with ``token`` started.

    Raises:
        CodegenResponseError: No run, an id that is not a positive integer, or a run that does
            not carry the token (the answer is about another run).

    """
    run_id = getattr(answer, "id", None)
    if isinstance(run_id, bool) or not isinstance(run_id, int) or run_id <= 0:
        raise CodegenResponseError(
            f"the create answered with success but no run (id {run_id!r} is not a positive integer)"
        )
    if token_of(answer) != token:
        raise CodegenResponseError(
            f"the create answered with run {run_id}, which does not carry this call's request "
            f"id {token!r}: an answer about another run"
        )
    return answer  # type: ignore[return-value]


class Step(NamedTuple):
    """What a driver must do next for a plan."""

    kind: Literal["post", "probe", "me", "page", "get", "sleep", "done"]
    seconds: float = 0.0
    user_id: int = 0
    skip: int = 0
    run_id: int = 0


_DONE = Step("done")
_POST = Step("post")
_ME = Step("me")
_PROBE = Step("probe")
Phase = Literal["known", "precheck", "post", "posting", "recover", "done"]


class Looking:
    """What a plan shares: the look under way, and the user whose runs it reads."""

    token: str
    user_id: int | None
    look: Look | None

    def _look_step(self) -> Step | None:
        """The request the look under way needs, if any."""
        if self.look is None:
            return None
        wanted = self.look.next_request()
        if wanted is None:
            return None
        kind, skip = wanted
        if kind == "probe":
            return _PROBE
        if self.user_id is None:
            return _ME
        return Step("page", user_id=self.user_id, skip=skip)

    def took_user(self, user_id: int) -> None:
        """``users/me`` answered: the look-ups read this user's runs."""
        self.user_id = user_id


class CreatePlan(Looking):
    """The decisions of one duplicate-free create, without I/O; a driver feeds it the answers.

    The driver loops: ``step = plan.next_step(now)`` (which raises when the create failed),
    does the step, and reports with `took_post`, `took_user`, `took_list`,
    `took_run` or, for a request that raised, `failed`; ``"done"`` means
    `run` is the answer.

    Args:
        org_id: The organization.
        token: The request id in the POST's metadata.
        caller_token: The token is the caller's own: look it up before the first POST.
        max_retries: POSTs after the first, each only once a look-up proved none created a run.
        window: Seconds of look-ups after an ambiguous failure (see `LOOKUP_WINDOW`).
        idempotency_window: Seconds back that a caller's token is looked up.
        posting: What this client knows of earlier POSTs with the token (its ledger's record,
            which the plan keeps up to date).

    Raises:
        CodegenInputError: A window is not a number of seconds >= 0.

    """

    def __init__(
        self,
        org_id: int,
        token: str,
        *,
        caller_token: bool,
        max_retries: int,
        window: float = LOOKUP_WINDOW,
        idempotency_window: float = IDEMPOTENCY_WINDOW,
        posting: Posting | None = None,
    ) -> None:
        self.org_id = org_id
        self.token = token
        self.max_retries = max_retries
        self.window = check_window(window)
        self.idempotency_window = check_window(idempotency_window, "the idempotency window")
        self.posting = posting if posting is not None else Posting(0.0)
        self.phase: Phase = "post"
        if caller_token:
            self.phase = "known" if self.posting.run_id is not None else "precheck"
        self.user_id: int | None = None
        self.posts = 0
        self.started: float | None = None
        self.failure: CodegenApiError | None = None
        self.deadline = 0.0
        self.looks = 0
        self.next_look_at = 0.0
        self.look: Look | None = None
        self.look_started = 0.0
        self.answer: AgentRunResponse | None = None
        self.error: BaseException | None = None

    def _reach(self) -> Reach:
        """What a look must cover: back to this client's first POST, or the whole window."""
        posting = self.posting
        failed_at = posting.failed_at
        if failed_at is None and self._possibly_posted():
            # Sent but never settled (an interrupt), or another client's: it may fail now.
            failed_at = self.started
        return Reach(posting.sent_at, failed_at, self.idempotency_window)

    def _possibly_posted(self) -> bool:
        """Whether a POST with the token may have started a run this client has not seen.

        True for a POST of this client that never settled, and for a request id of the
        client's own making that this client did not settle (another client revealed it, so
        it was posted there).
        """
        posting = self.posting
        return posting.unsettled or (is_generated(self.token) and not posting.proven_absent)

    def next_step(self, now: float) -> Step:
        """The next thing to do at client-clock time ``now``.

        Raises:
            CodegenApiError: The create failed: the POST's own error when no run was
                created, or `CodegenCreateOutcomeUnknownError`.

        """
        if self.started is None:
            self.started = now
        if self.error is not None:
            raise self.error
        if self.answer is not None:
            return _DONE
        step = self._look_step()
        if step is not None:
            return step
        if self.phase == "known" and self.posting.run_id is not None:
            return Step("get", run_id=self.posting.run_id)
        if self.phase in ("known", "precheck"):
            self.phase = "precheck"
            self.look = Look(self.token, self._reach(), probe=False)
            return self.next_step(now)
        if self.phase == "post":
            self.phase = "posting"
            self.posts += 1
            self.posting.sending(now)
            return _POST
        if now < self.next_look_at:
            return Step("sleep", seconds=self.next_look_at - now)
        self.look = Look(self.token, self._reach(), probe=True)
        self.look_started = now
        return self.next_step(now)

    def run(self) -> AgentRunResponse:
        """The run this create made or found (after a ``"done"`` step)."""
        if self.answer is None:
            raise RuntimeError("the create is not done")
        return self.answer

    def _done(self, run: AgentRunResponse) -> None:
        self.answer, self.phase, self.look = run, "done", None
        self.posting.run_id = run.id

    def took_post(self, answer: object, now: float) -> None:
        """The POST answered with ``answer``: the run, or (when it is not) an ambiguous failure."""
        try:
            run = check_answer(answer, self.token)
        except CodegenResponseError as error:
            self._recover(error, now)
        else:
            self._done(run)

    def took_run(self, run: AgentRunResponse) -> None:
        """The run this client's earlier POST answered with, read again by its id."""
        if token_of(run) == self.token:
            self._done(run)
        else:
            # Not the run it was: search as for any caller token.
            self.posting.run_id = None
            self.phase = "precheck"

    def took_list(self, answer: Answer, now: float) -> None:
        """A list answer arrived for the look under way (a page or the organization's probe)."""
        look = self.look
        if look is None:
            raise RuntimeError("no look-up in progress")
        look.take(answer, now)
        if look.verdict is not None:
            self.look = None
            self._conclude(look, now)

    def _conclude(self, look: Look, now: float) -> None:
        if look.verdict == "found" and look.scan.found is not None:
            logger.info(
                "agent run %s carries request id %s; using it instead of posting",
                look.scan.found.id,
                self.token,
            )
            self._done(look.scan.found)
        elif look.verdict == "absent":
            self._absent()
        elif self.phase == "precheck":
            if self._possibly_posted():
                # A POST with this token may have started a run: post only on proof.
                self._start_looking(now, self.started or now)
            elif look.scan.cut_short:
                why = (
                    f"more than {look.scan.max_pages * LOOKUP_PAGE_SIZE:,} of your API runs "
                    "inside the idempotency window to search"
                )
                self.error = outcome_unknown(self.org_id, self.token, why, None, posted=0)
            else:
                self.phase = "post"
        else:
            if look.seen_in_org:
                why = (
                    "a run carrying it is listed in the organization, but your own API runs "
                    "do not show it yet"
                )
            elif look.scan.cut_short:
                why = f"more than {look.scan.max_pages * LOOKUP_PAGE_SIZE:,} runs to search"
            else:
                why = (
                    f"within the {self.window:g} s look-up window no run of yours carried it, "
                    "and no list answer was fresh enough to prove that none will (the list may "
                    "lag, or the API may still store it)"
                )
            self._end_look(now, why, None)

    def _absent(self) -> None:
        """A list answer proved that no POST with the token started a run, nor will."""
        self.posting.clear()
        if self.posts > self.max_retries:
            self.error = self.failure
        else:
            logger.info("no run carries request id %s (proven); posting", self.token)
            self.phase = "post"

    def failed(self, error: CodegenApiError, now: float) -> None:
        """The step's request raised ``error``; `next_step` raises what must be raised."""
        if self.phase == "posting":
            if is_ambiguous(error):
                self._recover(error, now)
            else:
                # Refused (402, 404, 422...): this POST made nothing, and the ones before it
                # were proven absent.
                self.posting.clear()
                self.error = error
        elif self.phase == "known":
            self.phase = "precheck"  # the known run cannot be read: search for it instead
        elif self.phase == "precheck" and not self._possibly_posted():
            # Nothing was posted: the caller may simply repeat the call with the same token.
            _add_note(error, f"nothing was posted (request id {self.token})")
            self.look, self.error = None, error
        else:
            logger.warning("looking up agent run by request id %s failed: %s", self.token, error)
            self.look = None
            if self.phase == "precheck":
                self._start_looking(now, self.started or now)
            else:
                self._end_look(now, f"looking it up failed: {error}", error)

    def _recover(self, error: CodegenApiError, now: float) -> None:
        logger.info(
            "create_agent_run failed (%s); looking for request id %s for up to %g s",
            error,
            self.token,
            self.window,
        )
        self.failure = error
        self.posting.failed_at = now
        self._start_looking(now, now)

    def _start_looking(self, now: float, since: float) -> None:
        self.phase = "recover"
        self.deadline = since + self.window
        self.looks = 0
        # Past the deadline already (a window of 0), it still looks once.
        self.next_look_at = max(now, min(now + backoff(0), self.deadline))

    def _end_look(self, now: float, why: str, cause: CodegenApiError | None) -> None:
        """Conclude a look that proved nothing: look again, or give up at the deadline."""
        if self.look_started >= self.deadline:
            self._give_up(why, cause)
            return
        self.looks += 1
        self.next_look_at = min(now + backoff(self.looks), self.deadline)

    def _give_up(self, why: str, cause: CodegenApiError | None) -> None:
        self.error = outcome_unknown(
            self.org_id, self.token, why, cause or self.failure, posted=self.posts
        )

    @contextlib.contextmanager
    def guard(self, now: Callable[[], float]) -> Iterator[None]:
        """Mark an interrupt (Ctrl-C, task cancelled) that came after a POST was sent.

        The exception gets a `PendingCreate` (read it with `pending_create`) and,
        on Python 3.11+, a note naming the request id; the ledger notes when it came.
        """
        try:
            yield
        except BaseException as exc:
            if not isinstance(exc, CodegenApiError) and self.posts and self.phase != "done":
                if self.phase == "posting":
                    self.posting.failed_at = now()
                _mark_pending(exc, PendingCreate(self.org_id, self.token))
            raise


def _add_note(exc: BaseException, note: str) -> None:
    add_note = getattr(exc, "add_note", None)  # Python 3.11+
    if add_note is not None:
        add_note(note)


@dataclass(frozen=True)
class PendingCreate:
    """A create interrupted after its POST was sent: it may have started a run."""

    org_id: int
    request_id: str

    def describe(self) -> str:
        """One line: the request id and the recovery that cannot start the run twice."""
        return (
            f"an agent run may have been started with request id {self.request_id}; "
            f"`codegen-client find-agent-run {self.org_id} {self.request_id}` shows it once "
            "listed, and says when it cannot tell yet: do not start the run again until it has "
            "shown the run or proven that none was started"
        )


def _mark_pending(exc: BaseException, pending: PendingCreate) -> None:
    logger.warning("create_agent_run interrupted: %s", pending.describe())
    with contextlib.suppress(AttributeError, TypeError):
        setattr(exc, _PENDING_ATTRIBUTE, pending)
    _add_note(exc, pending.describe())


def pending_create(exc: BaseException) -> PendingCreate | None:
    """The create an interrupt cut short after its POST was sent, if any."""
    pending = getattr(exc, _PENDING_ATTRIBUTE, None)
    return pending if isinstance(pending, PendingCreate) else None
