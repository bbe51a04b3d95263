"""What ``find_agent_run`` answers: the run, proven absent (None), or why it cannot tell yet.

Only the client that sent a create can prove that it started no run: it knows when it posted,
which bounds the one list answer that proves absence (see `codegen_client._agents.lookup`).
Any other client can find the run, or say that it cannot tell yet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from codegen_client._agents.create_plan import IDEMPOTENCY_WINDOW, Looking, Step
from codegen_client._agents.lookup import (
    LOOKUP_PAGE_SIZE,
    STORE_GRACE,
    Answer,
    Look,
    Reach,
    lookup_inconclusive,
    token_of,
)
from codegen_client._exceptions import (
    CodegenApiError,
    CodegenRateLimitError,
    CodegenServerError,
    CodegenStatusError,
)

if TYPE_CHECKING:
    from codegen_client._agents.ledger import Posting
    from codegen_client_generated.models.agent_run_response import AgentRunResponse

__all__ = ["FindPlan"]

_DONE = Step("done")


class FindPlan(Looking):
    """One look for a request id: found, proven absent, or the reason it cannot tell (yet).

    Args:
        org_id: The organization.
        token: The request id.
        posting: What this client knows of its POSTs with the token (None: it sent none, so
            absence cannot be proven: only the client that posted knows when it did).
        idempotency_window: Seconds back that runs are searched.

    """

    def __init__(
        self,
        org_id: int,
        token: str,
        posting: Posting | None,
        idempotency_window: float = IDEMPOTENCY_WINDOW,
    ) -> None:
        self.org_id = org_id
        self.token = token
        self.posting = posting
        self.user_id: int | None = None
        unsettled = posting is not None and posting.unsettled
        failed_at = posting.failed_at if posting is not None and unsettled else None
        sent_at = posting.sent_at if posting is not None and unsettled else None
        self.reach = Reach(sent_at, failed_at, idempotency_window)
        self.look: Look | None = Look(token, self.reach, probe=True)
        self.known_run = posting.run_id if posting is not None else None
        # Every POST of it from this client was proven to have made nothing.
        self.proven = posting is not None and posting.proven_absent and not unsettled
        self.found: AgentRunResponse | None = None

    def next_step(self) -> Step:
        """The next request, or ``"done"`` (then `result` answers).

        Raises:
            CodegenLookupInconclusiveError: It cannot tell (yet).

        """
        if self.known_run is not None:
            return Step("get", run_id=self.known_run)
        step = self._look_step()
        return step if step is not None else _DONE

    def took_run(self, run: AgentRunResponse) -> None:
        """The run this client's POST answered with, read again by id."""
        self.known_run = None
        if token_of(run) == self.token:
            self.found, self.look = run, None

    def failed_get(self) -> None:
        """Reading the known run failed: search for it instead."""
        self.known_run = None

    def took_list(self, answer: Answer, now: float) -> None:
        """A page of the user's runs, or the organization's newest runs, arrived."""
        if self.look is not None:
            self.look.take(answer, now)

    def failed(self, error: CodegenApiError) -> CodegenApiError:
        """What to raise when a search request failed (after the client's own retries).

        A refusal that names the caller's mistake (401, 403, 404, 422...) is raised as it is;
        a failure that may pass (no answer, a 5xx, a 429, an unreadable answer) means the
        search could not finish.
        """
        refused = isinstance(error, CodegenStatusError) and not isinstance(
            error, (CodegenRateLimitError, CodegenServerError)
        )
        if refused:
            return error
        why = f"looking it up failed ({error}); ask again later"
        return lookup_inconclusive(self.org_id, self.token, why, searched=False)

    def result(self) -> AgentRunResponse | None:
        """The run carrying the token, or None when no run does, nor will (proven).

        Raises:
            CodegenLookupInconclusiveError: It could not search, or cannot tell yet.

        """
        if self.found is not None:
            return self.found
        look = self.look
        if look is None or look.verdict is None:
            raise RuntimeError("the search is not done")
        if look.verdict == "found":
            return look.scan.found
        if look.verdict == "absent" or (self.proven and not look.scan.cut_short):
            return None
        if look.scan.cut_short:
            why = (
                f"more than {look.scan.max_pages * LOOKUP_PAGE_SIZE:,} of your API runs inside "
                "the idempotency window to search"
            )
            raise lookup_inconclusive(self.org_id, self.token, why, searched=False)
        if self.reach.failed_at is None:
            why = (
                "none of your API runs carries it now, which does not prove that none was "
                "started: the list may lag, and only the client that sent that request can "
                "prove absence (it knows when it sent it). Ask again later; do not start the "
                "run again on this answer alone"
            )
        elif look.seen_in_org:
            why = (
                "a run carrying it is listed in the organization, but not among your own API "
                "runs yet. Ask again later"
            )
        else:
            why = (
                "none of your API runs carries it now, but no list answer was fresh enough to "
                f"prove that none will (the API may store a run up to {STORE_GRACE:g} s after "
                "the client gave up, and the list may lag). Ask again later; do not start the "
                "run again on this answer alone"
            )
        raise lookup_inconclusive(self.org_id, self.token, why, searched=True)
