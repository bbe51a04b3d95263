"""What one client remembers of its creates: the POSTs of each request id, and creates in flight.

- A `Posting` records, on the client's clock, when the first POST with a request id was
  sent, when the last one failed ambiguously, and the run it answered with. A repeat of the
  create with that id (the recovery an outcome-unknown error names) then knows that a run may
  exist and when it may have been stored: it returns the known run, or posts only once a
  look-up proved that none was started.
- A `Flight` is a create with a caller's request id that is under way: creates with the
  same id on the same client (other threads or tasks) wait for it and return its run instead
  of sending a POST of their own. `join_flight` (blocking) and
  ``ajoin_flight`` (async) wait for one.

One `CreateLedger` belongs to each client (`ledger_of` its core), guarded by a
lock, so threads sharing a blocking client, and tasks sharing an async one, see the same; the
clients ``with_options`` makes share it with theirs.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from codegen_client_generated.models.agent_run_response import AgentRunResponse

__all__ = ["CreateLedger", "Flight", "Posting", "ledger_of"]

MAX_POSTINGS = 100_000
"""Request ids a ledger keeps at most (the oldest go first); each is a few hundred bytes."""


class Posting:
    """What this client knows of its POSTs with one request id (client-clock seconds)."""

    __slots__ = ("failed_at", "proven_absent", "run_id", "sent_at", "touched")

    def __init__(self, now: float) -> None:
        self.sent_at: float | None = None
        self.failed_at: float | None = None
        self.run_id: int | None = None
        self.proven_absent = False
        self.touched = now

    @property
    def unsettled(self) -> bool:
        """True when a POST was sent whose run (if any) has not been seen."""
        return self.sent_at is not None and self.run_id is None

    def sending(self, now: float) -> None:
        """A POST is being sent now."""
        if self.sent_at is None:
            self.sent_at = now
        self.proven_absent = False

    def clear(self) -> None:
        """Forget the POSTs: none of them started a run (proven by a list answer, or refused)."""
        self.sent_at = self.failed_at = None
        self.proven_absent = True


Key = tuple[int, str]


class Flight:
    """A create under way with one request id; others with the same id wait for its outcome."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._wakers: list[Callable[[], None]] = []
        self.followers = 0
        self.run: AgentRunResponse | None = None
        self.error: BaseException | None = None

    def finish(self, run: AgentRunResponse | None, error: BaseException | None) -> None:
        """End the flight: its run, its error, or neither (the leader was interrupted)."""
        with self._lock:
            self.run, self.error = run, error
            self._done.set()
            wakers, self._wakers = self._wakers, []
        for wake in wakers:
            wake()

    def on_done(self, wake: Callable[[], None]) -> None:
        """Call ``wake`` once the flight has ended (at once if it has)."""
        with self._lock:
            if not self._done.is_set():
                self._wakers.append(wake)
                return
        wake()

    def wait(self) -> None:
        """Block until the flight has ended."""
        self._done.wait()

    def outcome(self) -> AgentRunResponse | None:
        """The leader's run; None when it was interrupted (then another create must lead).

        Raises:
            BaseException: The leader's error (the create failed: the same holds here).

        """
        if self.error is not None:
            raise self.error
        return self.run


class CreateLedger:
    """The postings and flights of one client; every method is safe from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.joined = threading.Condition(self._lock)
        """Notified whenever a create joins a flight as a follower (tests wait on it)."""
        self._postings: OrderedDict[Key, Posting] = OrderedDict()
        self._flights: dict[Key, Flight] = {}

    def posting(self, org_id: int, token: str, now: float, window: float) -> Posting:
        """The posting of ``token`` (made if new); forgets postings idle longer than ``window``."""
        key = (org_id, token)
        with self._lock:
            posting = self._postings.pop(key, None) or Posting(now)
            posting.touched = now
            self._postings[key] = posting  # the most recently used last
            while self._postings:
                oldest_key, oldest = next(iter(self._postings.items()))
                if len(self._postings) <= MAX_POSTINGS and now - oldest.touched <= window:
                    break
                del self._postings[oldest_key]
            return posting

    def known(self, org_id: int, token: str) -> Posting | None:
        """The posting of ``token`` if this client sent it."""
        with self._lock:
            return self._postings.get((org_id, token))

    def board(self, org_id: int, token: str) -> tuple[Flight, bool]:
        """Join the flight of ``token``, or start one; True when the caller leads it."""
        key = (org_id, token)
        with self._lock:
            flight = self._flights.get(key)
            if flight is None:
                flight = self._flights[key] = Flight()
                return flight, True
            flight.followers += 1
            self.joined.notify_all()
            return flight, False

    def land(self, org_id: int, token: str, flight: Flight) -> None:
        """Take ``flight`` off the board (a later create with the token starts its own)."""
        with self._lock:
            if self._flights.get((org_id, token)) is flight:
                del self._flights[(org_id, token)]

    def flight(self, org_id: int, token: str) -> Flight | None:
        """The flight of ``token`` under way, if any."""
        with self._lock:
            return self._flights.get((org_id, token))


_LEDGERS: weakref.WeakKeyDictionary[object, CreateLedger] = weakref.WeakKeyDictionary()
_LEDGERS_LOCK = threading.Lock()


def ledger_of(core: object) -> CreateLedger:
    """The ledger of the client whose core is ``core`` (made on first use).

    It is kept per rate limiter, which a client shares with the clients its ``with_options``
    makes: they are one client to the API, so they share one ledger too.
    """
    owner = getattr(core, "limiter", core)
    with _LEDGERS_LOCK:
        ledger = _LEDGERS.get(owner)
        if ledger is None:
            ledger = _LEDGERS[owner] = CreateLedger()
        return ledger
