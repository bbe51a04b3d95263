"""The look-up half of the duplicate-free create: finding runs by request id, proving absence.

A run belongs to the caller only when the *user-filtered* list (``user_id`` of ``users/me``,
``source_type=API``) shows it: `RunScan` reads those pages newest first and keeps the
newest run carrying the token. A single answer of a list request may also *prove* that no run
carries the token (`proves_absence`): the answer must be fresh past the moment the API
may last have stored the run, and reach back to before the POST, both judged on the server's
clock, with every item in newest-first order. Nothing is ever concluded from two answers put
together, since two requests may be served by replicas (or indexes) that lag differently.

The bounds, with the client's monotonic clock (``sent``/``received`` of an answer, the POST's
``sent_at``, the failure's ``failed_at``) and the answer's ``Date`` ``D`` (whole seconds):

- A run the POST made has ``created_at >= D - (received - sent_at) - CLOCK_SKEW``.
- It was stored, if at all, by ``D + DATE_RESOLUTION - (sent - failed_at) + STORE_GRACE``
  on the ``Date`` clock, so an answer listing a run created after that plus ``CLOCK_SKEW``
  also lists it (a list answer shows a prefix of the runs stored, in storage order).

`codegen_client._agents.create_plan` decides when to look, and what a look concludes.
"""

from __future__ import annotations

import email.utils
import itertools
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Literal, NamedTuple

from codegen_client._exceptions import (
    CodegenCreateOutcomeUnknownError,
    CodegenLookupInconclusiveError,
)
from codegen_client._timestamps import parse_timestamp

if TYPE_CHECKING:
    import httpx

    from codegen_client_generated.models.agent_run_page import AgentRunPage
    from codegen_client_generated.models.agent_run_response import AgentRunResponse

__all__ = [
    "CLOCK_SKEW",
    "DATE_RESOLUTION",
    "GENERATED_PREFIX",
    "LOOKUP_MAX_PAGES",
    "LOOKUP_PAGE_SIZE",
    "LOOKUP_SOURCE_TYPE",
    "REQUEST_ID_KEY",
    "STORE_GRACE",
    "Answer",
    "Look",
    "Reach",
    "RunScan",
    "created_at_of",
    "is_generated",
    "lookup_inconclusive",
    "outcome_unknown",
    "proves_absence",
    "server_date",
    "token_of",
]

REQUEST_ID_KEY = "codegen_client_request_id"
GENERATED_PREFIX = "cgc-"
"""How the request ids the client makes begin; it reveals one only after posting it."""
CLOCK_SKEW = 3.0
"""Seconds the server's ``Date`` header and its runs' ``created_at`` may disagree, either way."""
STORE_GRACE = 10.0
"""Seconds after the client gave up on a POST during which the API may still store its run."""
DATE_RESOLUTION = 1.0
"""``Date`` headers have whole seconds: the moment stamped is up to this much later."""
LOOKUP_PAGE_SIZE = 100
LOOKUP_MAX_PAGES = 200
"""Pages (of 100 runs) one scan reads at most; more leaves it cut short."""
LOOKUP_SOURCE_TYPE = "API"


def token_of(run: object) -> object:
    """The request id in a run's metadata (None when it has none)."""
    metadata = getattr(run, "metadata", None)
    properties = getattr(metadata, "additional_properties", metadata)
    return properties.get(REQUEST_ID_KEY) if isinstance(properties, Mapping) else None


def is_generated(token: str) -> bool:
    """True for a request id of the client's own making (so it may have been posted)."""
    return token.startswith(GENERATED_PREFIX)


def created_at_of(run: object) -> datetime | None:
    """A run's ``created_at`` as an aware UTC datetime (None when absent or unreadable)."""
    value = getattr(run, "created_at", None)
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)
        return aware.astimezone(timezone.utc)
    if isinstance(value, str):
        try:
            return parse_timestamp(value)
        except ValueError:
            return None
    return None


def server_date(response: httpx.Response | None) -> datetime | None:
    """The server's clock at a response: its one ``Date`` header (None: none, several, bad)."""
    if response is None:
        return None
    values = response.headers.get_list("date")
    if len(values) != 1:
        return None
    try:
        moment = email.utils.parsedate_to_datetime(values[0])
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


class Answer(NamedTuple):
    """One list answer, with its ``Date`` and when (client clock) it was asked and came."""

    page: AgentRunPage
    date: datetime | None
    sent: float
    received: float
    skip: int = 0


class Reach(NamedTuple):
    """What a look must cover, on the client's clock.

    Attributes:
        sent_at: When the first POST with the token was sent; None: unknown (any moment
            inside the idempotency window).
        failed_at: The latest moment the API may have started storing a run for it (the
            last ambiguous failure); None: no POST of it is known, so absence cannot be
            proven (and need not be).
        window: The idempotency window: older runs carrying the token do not count.

    """

    sent_at: float | None
    failed_at: float | None
    window: float


def _seconds(value: float) -> timedelta:
    return timedelta(seconds=value)


def _depth(reach: Reach, answer: Answer) -> datetime | None:
    """The oldest ``created_at`` a run made by the POST can have (server clock)."""
    if answer.date is None:
        return None
    if reach.sent_at is None:
        return answer.date - _seconds(reach.window + CLOCK_SKEW)
    return answer.date - _seconds(max(answer.received - reach.sent_at, 0.0) + CLOCK_SKEW)


def _newest(runs: list[AgentRunResponse]) -> AgentRunResponse:
    floor = datetime.min.replace(tzinfo=timezone.utc)
    return max(runs, key=lambda run: (created_at_of(run) or floor, run.id))


def _whole_list(answer: Answer, count: int) -> bool:
    """True when the answer holds the whole (filtered) list: nothing was left out."""
    total = answer.page.total
    if answer.skip != 0:
        return False
    if isinstance(total, int) and not isinstance(total, bool):
        return total == count
    return count < LOOKUP_PAGE_SIZE


def proves_absence(answer: Answer, token: str, reach: Reach) -> bool:
    """True when this one answer shows that no run carries ``token``, nor will.

    The answer must be fresh (its newest run was created after the API could have stored one
    for the token), reach back to before the POST (or be the whole list), list its runs
    newest first, and none of them, from before the POST on, may carry the token.
    """
    if answer.date is None or reach.failed_at is None:
        return False
    items = list(answer.page.items)
    stamps = [created_at_of(run) for run in items]
    if not items or any(stamp is None for stamp in stamps):
        return False
    known = [stamp for stamp in stamps if stamp is not None]
    if any(newer < older for newer, older in itertools.pairwise(known)):
        return False  # not newest first: this answer proves nothing
    stored_by = answer.date + _seconds(
        DATE_RESOLUTION - (answer.sent - reach.failed_at) + STORE_GRACE + CLOCK_SKEW
    )
    depth = _depth(reach, answer)
    if depth is None or not known[0] > stored_by:
        return False
    if not (known[-1] < depth or _whole_list(answer, len(items))):
        return False
    return not any(
        token_of(run) == token for run, stamp in zip(items, known, strict=True) if stamp >= depth
    )


def could_prove(reach: Reach, now: float) -> bool:
    """Whether a list answer asked at ``now`` can be fresh enough to prove absence."""
    if reach.failed_at is None:
        return False
    return now - reach.failed_at > STORE_GRACE + DATE_RESOLUTION


class RunScan:
    """One search: newest-first pages of the user's API runs, for a token, back to the POST.

    Args:
        token: The request id to find.
        reach: How far back to read (back to the POST, or the idempotency window), and which
            matches count (those inside the idempotency window).
        max_pages: Pages to read at most; more leaves the scan cut short.

    """

    def __init__(self, token: str, reach: Reach, max_pages: int | None = None):
        self.token = token
        self.reach = reach
        self.max_pages = LOOKUP_MAX_PAGES if max_pages is None else max_pages
        self.skip = 0
        self.pages = 0
        self.first: Answer | None = None
        self.depth: datetime | None = None
        self.horizon: datetime | None = None
        self.found: AgentRunResponse | None = None
        self.finished = False
        self.cut_short = False

    @property
    def more(self) -> bool:
        """Whether another page must be read."""
        return not (self.finished or self.cut_short)

    def _counts(self, run: AgentRunResponse) -> bool:
        if token_of(run) != self.token:
            return False
        created = created_at_of(run)
        return self.horizon is None or created is None or created >= self.horizon

    def take(self, answer: Answer) -> None:
        """Search one page (asked with ``skip=self.skip``)."""
        if self.first is None:
            self.first = answer
            self.depth = _depth(self.reach, answer)
            if answer.date is not None:
                self.horizon = answer.date - _seconds(self.reach.window)
        self.pages += 1
        items = list(answer.page.items)
        matches = [run for run in items if self._counts(run)]
        if matches:
            self.found = _newest(matches)
            self.finished = True
            return
        self.skip += len(items)
        total = answer.page.total if isinstance(answer.page.total, int) else None
        oldest = created_at_of(items[-1]) if items else None
        # A short page ends the list only when the total agrees (a server may cap page sizes).
        short = len(items) < LOOKUP_PAGE_SIZE and (total is None or self.skip >= total)
        deep = self.depth is not None and oldest is not None and oldest < self.depth
        if not items or short or deep:
            self.finished = True
        elif self.pages >= self.max_pages:
            self.cut_short = True


Verdict = Literal["found", "absent", "unproven"]


class Look:
    """One look for a token: the user's API runs, then perhaps the organization's newest runs.

    The user-filtered pages find the run. When they neither find it nor prove its absence, one
    page of the organization's newest runs (whoever started them) may still prove absence by
    itself, though never find: a run it shows carrying the token is not provably the caller's.

    Args:
        token: The request id.
        reach: What the look must cover.
        probe: Whether it may ask for the organization's newest runs.

    """

    def __init__(self, token: str, reach: Reach, *, probe: bool) -> None:
        self.token = token
        self.reach = reach
        self.scan = RunScan(token, reach)
        self.probe = probe
        self.probing = False
        self.verdict: Verdict | None = None
        self.seen_in_org = False

    def next_request(self) -> tuple[Literal["page", "probe"], int] | None:
        """What to ask next (and at which skip), or None once the look has a verdict."""
        if self.verdict is not None:
            return None
        if self.probing:
            return "probe", 0
        return "page", self.scan.skip

    def take(self, answer: Answer, now: float) -> None:
        """Take the answer to the request `next_request` named."""
        if self.probing:
            self.probing = False
            if proves_absence(answer, self.token, self.reach):
                self.verdict = "absent"
            else:
                self.seen_in_org = any(token_of(run) == self.token for run in answer.page.items)
                self.verdict = "unproven"
            return
        self.scan.take(answer)
        if self.scan.more:
            return
        if self.scan.found is not None:
            self.verdict = "found"
        elif self.scan.first is not None and proves_absence(
            self.scan.first, self.token, self.reach
        ):
            self.verdict = "absent"
        elif self.probe and could_prove(self.reach, now):
            self.probing = True
        else:
            self.verdict = "unproven"


def _recipe(org_id: int, token: str) -> str:
    where = "on any client" if is_generated(token) else "on this same client"
    return (
        f"find the run with client.agents.find_agent_run({org_id}, {token!r}) or "
        f"`codegen-client find-agent-run {org_id} {token}`; repeating the create with "
        f"metadata={{{REQUEST_ID_KEY!r}: {token!r}}} {where} never starts a second run (it "
        "returns that run, or posts only once it is proven that none was started)"
    )


def outcome_unknown(
    org_id: int, token: str, why: str, cause: BaseException | None, *, posted: int
) -> CodegenCreateOutcomeUnknownError:
    """The error for a create whose outcome no look-up could settle (``cause`` chained).

    Args:
        org_id: The organization.
        token: The request id.
        why: Why the look-ups could not tell.
        cause: The failure behind it, if any.
        posted: How many POSTs this call sent (0: it posted nothing).

    """
    if posted:
        times = "once" if posted == 1 else f"{posted} times"
        what = (
            f"could not tell whether this create started an agent run in organization "
            f"{org_id} ({why}); it was posted {times} and nothing more was posted"
        )
    else:
        what = (
            f"could not tell whether an agent run carrying request id {token!r} was started in "
            f"organization {org_id} ({why}); this call posted nothing"
        )
    error = CodegenCreateOutcomeUnknownError(
        f"{what}. Its request id is {token!r}: {_recipe(org_id, token)}",
        request_id=token,
        org_id=org_id,
        posted=posted > 0,
        method=getattr(cause, "method", None),
        url=getattr(cause, "url", None),
    )
    error.__cause__ = cause
    return error


def lookup_inconclusive(
    org_id: int, token: str, why: str, *, searched: bool
) -> CodegenLookupInconclusiveError:
    """The error of a search that could not say "found" or "proven absent"."""
    head = "cannot tell yet whether" if searched else "could not search whether"
    return CodegenLookupInconclusiveError(
        f"{head} an agent run carrying request id {token!r} was started in organization "
        f"{org_id}: {why}",
        request_id=token,
        org_id=org_id,
        searched=searched,
    )
