"""Injected faults: failures the offline API produces on purpose, once or at random.

Kinds (``Fault.kind``):

- ``status``: answer ``status`` (500/502/503...) with a JSON body, without acting.
- ``html_502``: answer 502 with a gateway's ``text/html`` page, without acting.
- ``rate_limit``: answer 429 with the documented body, with ``Retry-After`` if asked.
- ``drop_connection``: raise a transport error before acting (nothing happened).
- ``lost_response``: act (e.g. really create the run), then raise a transport error, so the
  client cannot know whether its request took effect.
- ``slow``: wait ``delay`` clock seconds before answering; when the request's read timeout
  is shorter, wait that long and raise ``httpx.ReadTimeout`` instead, without acting; or, with
  ``store_after``, a create still stores its run that many seconds after the timeout (with the
  ``created_at`` of the request's arrival), as a server that was still working does.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import httpx

from codegen_client.testing._errors import message_error, rate_limited

__all__ = ["FAULT_KINDS", "Fault", "FaultKind", "FaultPlan"]

FaultKind = Literal["status", "html_502", "rate_limit", "drop_connection", "lost_response", "slow"]
"""What a `Fault` makes go wrong (each kind is described in the guide)."""
TransportErrorName = Literal["connect", "remote_protocol", "read_timeout"]
FAULT_KINDS: tuple[FaultKind, ...] = (
    "status",
    "html_502",
    "rate_limit",
    "drop_connection",
    "lost_response",
    "slow",
)
"""Every fault kind, in the order of the guide."""

_GATEWAY_PAGE = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)


@dataclass(frozen=True)
class Fault:
    """A failure to produce for the next ``count`` matching requests.

    Args:
        kind: What goes wrong (see the module docstring).
        operation_id: Only requests to this operation; None matches every request.
        count: How many requests it hits.
        status: HTTP status for ``status`` faults.
        retry_after: ``Retry-After`` seconds for ``rate_limit`` (None: no header, like the
            real service).
        delay: Clock seconds a ``slow`` answer takes.
        error: Transport error for ``drop_connection`` (default ``connect``) and
            ``lost_response`` (default ``read_timeout``).
        store_after: For a ``slow`` create that times out: seconds after the timeout at which
            its run is stored anyway (None: never stored).

    Examples:
        >>> fake.inject(Fault("status", "create_agent_run", status=503, count=2))  # doctest: +SKIP

    """

    kind: FaultKind
    operation_id: str | None = None
    count: int = 1
    status: int = 503
    retry_after: float | None = None
    delay: float = 30.0
    error: TransportErrorName | None = None
    store_after: float | None = None

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; expected one of {FAULT_KINDS}")
        if self.count < 1:
            raise ValueError("count must be >= 1")
        if self.store_after is not None and (self.kind != "slow" or not self.store_after >= 0):
            raise ValueError("store_after needs a slow fault and a number of seconds >= 0")

    def response(self) -> httpx.Response:
        """Return the answer of a ``status``, ``html_502`` or ``rate_limit`` fault."""
        if self.kind == "html_502":
            return httpx.Response(
                502, headers={"content-type": "text/html"}, content=_GATEWAY_PAGE.encode()
            )
        if self.kind == "rate_limit":
            headers = {}
            if self.retry_after is not None:
                headers["retry-after"] = f"{self.retry_after:g}"
            return httpx.Response(429, headers=headers, json=rate_limited().body)
        phrase = httpx.codes.get_reason_phrase(self.status) or "Error"
        return httpx.Response(self.status, json=message_error(self.status, phrase).body)

    def transport_error(self, request: httpx.Request) -> httpx.TransportError:
        """Return the exception a connection fault raises."""
        default: TransportErrorName = (
            "connect" if self.kind == "drop_connection" else "read_timeout"
        )
        name = self.error or default
        if name == "connect":
            return httpx.ConnectError("[fake] connection refused", request=request)
        if name == "remote_protocol":
            return httpx.RemoteProtocolError(
                "[fake] server disconnected without sending a response", request=request
            )
        return httpx.ReadTimeout("[fake] timed out waiting for the response", request=request)


@dataclass
class _Pending:
    fault: Fault
    remaining: int


class FaultPlan:
    """Queued faults (first matching one fires) plus an optional seeded random mix."""

    def __init__(self) -> None:
        self._queue: list[_Pending] = []
        self._share = 0.0
        self._kinds: tuple[FaultKind, ...] = ()
        self._operations: frozenset[str] | None = None
        self._rng = random.Random(0)

    def inject(self, fault: Fault) -> None:
        """Queue ``fault`` behind those already queued."""
        self._queue.append(_Pending(fault, fault.count))

    def set_rate(
        self,
        share: float,
        kinds: Sequence[FaultKind],
        seed: int,
        operation_ids: Sequence[str] | None,
    ) -> None:
        """Make a ``share`` of requests fail with a kind drawn from ``kinds``."""
        if not 0.0 <= share <= 1.0:
            raise ValueError("share must be within [0, 1]")
        for kind in kinds:
            Fault(kind)  # validates the kind
        if share and not kinds:
            raise ValueError("kinds must not be empty")
        self._share = share
        self._kinds = tuple(kinds)
        self._operations = frozenset(operation_ids) if operation_ids is not None else None
        self._rng = random.Random(seed)

    def take(self, operation_id: str | None) -> Fault | None:
        """Consume the fault for a request to ``operation_id`` (None: no fault)."""
        for pending in self._queue:
            wanted = pending.fault.operation_id
            if wanted is None or wanted == operation_id:
                pending.remaining -= 1
                if pending.remaining == 0:
                    self._queue.remove(pending)
                return pending.fault
        if self._share and (self._operations is None or operation_id in self._operations):
            # Draw both numbers every time so one seed gives one sequence of faults.
            roll, pick = self._rng.random(), self._rng.randrange(len(self._kinds))
            if roll < self._share:
                return Fault(self._kinds[pick], operation_id, delay=5.0)
        return None

    @property
    def pending(self) -> list[Fault]:
        """Return the queued faults not yet used up."""
        return [p.fault for p in self._queue]

    def clear(self) -> None:
        """Drop queued faults and switch the random mix off."""
        self._queue.clear()
        self._share = 0.0
