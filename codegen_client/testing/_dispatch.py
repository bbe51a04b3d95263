"""The request pipeline: route, fault, authenticate, rate-limit, validate, handle, log.

Order, as FastAPI would run it: unknown route (404, 405, or Starlette's 307 to the path with
or without its trailing slash), then the bearer token (401), then the operation's rate limit
(429), then parameter and body validation (400 or 422), then the handler (403 for foreign
organizations, 404 for unknown ids, 200). Injected faults are decided when the request arrives
and act around that pipeline (see `codegen_client.testing._faults`).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from typing import Any

import httpx

from codegen_client.testing._errors import ApiError, detail_error, rate_limited
from codegen_client.testing._faults import Fault, FaultPlan
from codegen_client.testing._handlers import HANDLERS, Call
from codegen_client.testing._ratelimit import SlidingWindowLimiter
from codegen_client.testing._records import RequestRecord, record_of
from codegen_client.testing._routing import OPERATIONS, RouteMatch, Router
from codegen_client.testing._runs import RunBook
from codegen_client.testing._state import State, User
from codegen_client.testing._time import FakeTime
from codegen_client.testing._validation import RequestReader

__all__ = ["BASE_PATH", "FAULT_EXTENSION", "SERVED_EXTENSION", "Dispatcher", "Exchange"]

BASE_PATH = "/v1"
# The kind of the fault that fired is noted on the request, so a server can log it.
FAULT_EXTENSION = "codegen_fake_fault"
# A server puts (method, path) here exactly as they came: httpx upper-cases the method and
# removes dot segments from the path, and the routes must see neither change.
SERVED_EXTENSION = "codegen_fake_served"


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    """Encode ``body`` compactly, as FastAPI's JSONResponse does."""
    content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    all_headers = {"content-type": "application/json", **(headers or {})}
    return httpx.Response(status, headers=all_headers, content=content)


@dataclass
class Exchange:
    """A request between arrival and answer: what to wait for and which fault fires."""

    request: httpx.Request
    path: str
    route: RouteMatch | None
    method: str
    fault: Fault | None
    arrived: float
    wait: float = 0.0
    timed_out: bool = False


class Dispatcher:
    """Runs requests against the state; thread-safe (one lock around every state change)."""

    def __init__(self, state: State, runs: RunBook, time: FakeTime, rate_limits: bool) -> None:
        missing = set(OPERATIONS) - set(HANDLERS)
        if missing:
            raise RuntimeError(f"operations without a handler: {sorted(missing)}")
        self.state = state
        self.runs = runs
        self.time = time
        self.rate_limits = rate_limits
        self.lock = threading.RLock()
        self.router = Router(OPERATIONS.values())
        self.limiter = SlidingWindowLimiter()
        self.faults = FaultPlan()
        self.requests: list[RequestRecord] = []
        self.date_offset = 0.0
        self._answered = 0

    def begin(self, request: httpx.Request) -> Exchange:
        """Route ``request`` and draw its fault; the caller then waits ``wait`` seconds."""
        method, raw_path = request.extensions.get(
            SERVED_EXTENSION, (request.method, request.url.path)
        )
        path = raw_path[len(BASE_PATH) :] if raw_path.startswith(BASE_PATH + "/") else ""
        with self.lock:
            route = self.router.match(method, path) if path else None
            op_id = route.operation.operation_id if route else None
            exchange = Exchange(
                request, path or raw_path, route, method, self.faults.take(op_id), self.time.now()
            )
        fault = exchange.fault
        if fault is not None:
            request.extensions[FAULT_EXTENSION] = fault.kind
        if fault is not None and fault.kind == "slow":
            timeout = (request.extensions.get("timeout") or {}).get("read")
            if timeout is not None and timeout < fault.delay:
                exchange.wait, exchange.timed_out = float(timeout), True
            else:
                exchange.wait = fault.delay
        return exchange

    def finish(self, exchange: Exchange) -> httpx.Response:
        """Answer the exchange (after its wait), applying its fault.

        Raises:
            httpx.TransportError: for connection faults and slow answers past the timeout.

        """
        fault, request = exchange.fault, exchange.request
        kind = fault.kind if fault is not None else None
        with self.lock:
            if fault is not None and (kind == "drop_connection" or exchange.timed_out):
                if exchange.timed_out and fault.store_after is not None:
                    # The server goes on working after the client gave up, and stores late.
                    late = self.time.now() + fault.store_after
                    with self.runs.storing_late(late, exchange.arrived):
                        self._respond(exchange)
                self._log(exchange, None)
                if exchange.timed_out:
                    raise httpx.ReadTimeout(
                        "[fake] answer slower than the timeout", request=request
                    )
                raise fault.transport_error(request)
            if fault is not None and kind in ("status", "html_502", "rate_limit"):
                response = fault.response()
            else:
                response = self._respond(exchange)
            # The server's clock, as a real server states it (whole seconds, GMT), and the id a
            # support desk would ask for.
            response.headers["date"] = self.time.http_date(self.time.now() + self.date_offset)
            self._answered += 1
            response.headers["x-request-id"] = f"req_{self._answered:06d}"
            self._log(exchange, response.status_code)
            if fault is not None and kind == "lost_response":
                raise fault.transport_error(request)
        response.request = request
        return response

    def _log(self, exchange: Exchange, status: int | None) -> None:
        route = exchange.route
        self.requests.append(
            record_of(
                exchange.request,
                exchange.path,
                route.operation.operation_id if route else None,
                status,
                exchange.arrived,
                exchange.fault.kind if exchange.fault else None,
            )
        )

    def _no_route(self, exchange: Exchange) -> httpx.Response:
        """405 for a path served with other methods, else Starlette's slash redirect, else 404.

        Starlette redirects (307) to the path without its trailing slashes, or with one added,
        when any route serves that path; the Location is absolute and keeps the query.
        """
        full_path = exchange.request.extensions.get(
            SERVED_EXTENSION, (exchange.method, exchange.request.url.path)
        )[1]
        if full_path.startswith(BASE_PATH + "/") and self.router.path_exists(exchange.path):
            return json_response(405, {"detail": "Method Not Allowed"})
        if full_path != "/":
            other = full_path.rstrip("/") if full_path.endswith("/") else full_path + "/"
            if other.startswith(BASE_PATH + "/") and self.router.path_exists(
                other[len(BASE_PATH) :]
            ):
                url = exchange.request.url
                query = "?" + url.query.decode("ascii") if url.query else ""
                location = f"{url.scheme}://{url.netloc.decode('ascii')}{other}{query}"
                return httpx.Response(307, headers={"location": location})
        return json_response(404, {"detail": "Not Found"})

    def _authenticate(self, request: httpx.Request) -> tuple[str, User]:
        # As FastAPI's HTTPBearer: no header, another scheme or no token is "Not authenticated".
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise detail_error(401, "Not authenticated")
        user_id = self.state.tokens.get(token)
        if user_id is None:
            raise detail_error(401, "Invalid or expired API token")
        return token, self.state.users[user_id]

    def _respond(self, exchange: Exchange) -> httpx.Response:
        route = exchange.route
        if route is None:
            return self._no_route(exchange)
        operation = route.operation
        now = self.time.now()
        try:
            token, user = self._authenticate(exchange.request)
            limit = operation.rate_limit
            key = (token, operation.operation_id)
            # Counted when the request arrived, as a server does, not when a slow answer left.
            arrived = exchange.arrived
            if (
                self.rate_limits
                and limit is not None
                and not self.limiter.allow(key, limit, arrived)
            ):
                raise rate_limited()
            reader = RequestReader(exchange.request, route.path_params, operation)
            call = Call(self.state, self.runs, user, reader, now)
            body = HANDLERS[operation.operation_id](call)
        except ApiError as error:
            headers = {"www-authenticate": "Bearer"} if error.status == 401 else None
            return json_response(error.status, error.body, headers)
        return json_response(200, body)
