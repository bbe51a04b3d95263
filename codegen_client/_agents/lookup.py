"""The look-up half of the duplicate-free create: finding runs by their request id.

`RunScan` reads the current user's API runs newest first, back to the POST (judged on the
server's clock, from the answers' ``Date`` headers), and keeps the newest run carrying the token.
`codegen_client._agents.create_plan` decides when to scan, and what a finished scan proves.
"""

from __future__ import annotations

import email.utils
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from codegen_client._exceptions import CodegenCreateOutcomeUnknownError
from codegen_client._timestamps import parse_timestamp

if TYPE_CHECKING:
    import httpx

    from codegen_client_generated.models.agent_run_page import AgentRunPage
    from codegen_client_generated.models.agent_run_response import AgentRunResponse

__all__ = [
    "CLOCK_SKEW_MARGIN",
    "LOOKUP_MAX_PAGES",
    "LOOKUP_PAGE_SIZE",
    "LOOKUP_SOURCE_TYPE",
    "REQUEST_ID_KEY",
    "RunScan",
    "created_at_of",
    "found_or_raise",
    "outcome_unknown",
    "server_date",
    "token_of",
]

REQUEST_ID_KEY = "codegen_client_request_id"
CLOCK_SKEW_MARGIN = 300.0
"""Seconds before the POST (on the server's clock) that a look-up still reads."""
LOOKUP_PAGE_SIZE = 100
LOOKUP_MAX_PAGES = 100
"""Pages (of 100 runs) one look-up reads at most; more leaves it cut short."""
LOOKUP_SOURCE_TYPE = "API"


def token_of(run: object) -> object:
    """The request id in a run's metadata (None when it has none)."""
    metadata = getattr(run, "metadata", None)
    properties = getattr(metadata, "additional_properties", metadata)
    return properties.get(REQUEST_ID_KEY) if isinstance(properties, Mapping) else None


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


def _newest(runs: list[AgentRunResponse]) -> AgentRunResponse:
    floor = datetime.min.replace(tzinfo=timezone.utc)
    return max(runs, key=lambda run: (created_at_of(run) or floor, run.id))


class RunScan:
    """One look-up: newest-first pages of the user's API runs, searched for a token.

    Args:
        token: The request id to find.
        sent_at: The client-clock time the first POST was sent; None reads every page (a
            caller's token, which may be from any time).
        max_pages: Pages to read at most; more leaves the scan cut short.

    """

    def __init__(self, token: str, sent_at: float | None, max_pages: int | None = None):
        self.token = token
        self.sent_at = sent_at
        self.max_pages = LOOKUP_MAX_PAGES if max_pages is None else max_pages
        self.skip = 0
        self.pages = 0
        self.cutoff: datetime | None = None
        self.found: AgentRunResponse | None = None
        self.finished = False
        self.cut_short = False

    @property
    def more(self) -> bool:
        """Whether another page must be read."""
        return not (self.finished or self.cut_short)

    def take(self, page: AgentRunPage, date: datetime | None, now: float) -> None:
        """Search one page; ``date`` is its answer's ``Date``, ``now`` the client clock then."""
        if self.pages == 0 and self.sent_at is not None and date is not None:
            # The POST's moment on the server's clock, less the margin for its clocks' skew.
            before = max(now - self.sent_at, 0.0) + CLOCK_SKEW_MARGIN
            self.cutoff = date - timedelta(seconds=before)
        self.pages += 1
        items = list(page.items)
        matches = [run for run in items if token_of(run) == self.token]
        if matches:
            self.found = _newest(matches)
            self.finished = True
            return
        self.skip += len(items)
        total = page.total if isinstance(page.total, int) else None
        oldest = created_at_of(items[-1]) if items else None
        # A short page ends the list only when the total agrees (a server may cap page sizes).
        short = len(items) < LOOKUP_PAGE_SIZE and (total is None or self.skip >= total)
        if (
            not items
            or short
            or (self.cutoff is not None and oldest is not None and oldest < self.cutoff)
        ):
            self.finished = True
        elif self.pages >= self.max_pages:
            self.cut_short = True


def outcome_unknown(
    org_id: int, token: str, why: str, cause: BaseException | None
) -> CodegenCreateOutcomeUnknownError:
    """The error for a create whose outcome no look-up could settle (``cause`` chained)."""
    error = CodegenCreateOutcomeUnknownError(
        f"could not tell whether an agent run was started in organization {org_id} ({why}); "
        f"nothing more was posted. Its request id is {token!r}: find the run with "
        f"client.agents.find_agent_run({org_id}, {token!r}) or "
        f"`codegen-client find-agent-run {org_id} {token}`",
        request_id=token,
        org_id=org_id,
        method=getattr(cause, "method", None),
        url=getattr(cause, "url", None),
    )
    error.__cause__ = cause
    return error


def found_or_raise(scan: RunScan, org_id: int) -> AgentRunResponse | None:
    """The run a finished `find_run` scan found, or None.

    Raises:
        CodegenCreateOutcomeUnknownError: The scan was cut short (too many runs).

    """
    if scan.cut_short:
        why = f"more than {scan.max_pages * LOOKUP_PAGE_SIZE} of your API runs to search"
        raise outcome_unknown(org_id, scan.token, why, None)
    return scan.found
