"""The one place a request is sent: auth, pacing, retries, error mapping and parsing.

A resource method names an operation of the spec and passes its arguments; the core (the
send loop of ``_async/core.py`` and its sync twin, on top of :class:`_BaseCore` here) checks the
arguments, lets the generated module build the request (``_get_kwargs``), paces it within the
operation's rate limit, sends it on the client's httpx client with the client's own base URL and
headers, retries what is safe to retry, maps error statuses to exceptions and lets the generated
module parse the success body (``_parse_response``).
The generated ``sync_detailed`` wrappers are not used: they would hide the ``httpx.Response``
that errors and :func:`capture_response` hand to users.
"""

from __future__ import annotations

import contextlib
import contextvars
import importlib
import logging
import random
from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any, TypeVar

import httpx

from codegen_client._auth import CodegenAuth
from codegen_client._clock import Clock
from codegen_client._errors_map import status_error
from codegen_client._exceptions import (
    CodegenApiError,
    CodegenConnectionError,
    CodegenInputError,
    CodegenRateLimitError,
    CodegenServerError,
)
from codegen_client._ratelimit import RateLimiter
from codegen_client._secrets import HiddenKey
from codegen_client._validation import check_arguments

__all__ = [
    "CapturedResponses",
    "DeadlinePassed",
    "Settings",
    "backoff",
    "bounded_pause",
    "capture_response",
    "deadline_at",
    "make_body",
]

logger = logging.getLogger("codegen_client")
T = TypeVar("T")

RETRYABLE_STATUS = frozenset({500, 502, 503, 504})
# Headers the client sets itself, or that describe the request's body or connection.
_OWN_HEADERS = frozenset(
    {"authorization", "user-agent", "accept", "accept-encoding", "connection", "host"}
    | {"content-type", "content-length"}
)


@dataclass(frozen=True)
class Settings:
    """A client's resolved configuration (see ``CodegenClient`` for the meaning of each)."""

    api_key: str
    base_url: str
    timeout: float
    max_retries: int
    user_agent: str
    rate_limits: bool
    allow_insecure_http: bool = False
    max_retry_wait: float = 120.0
    # Seconds a create looks for its run after an ambiguous failure (LOOKUP_WINDOW).
    create_lookup_window: float = 15.0

    def __repr__(self) -> str:
        # The key is never shown, not even in part.
        return (
            f"Settings(base_url={self.base_url!r}, timeout={self.timeout!r}, "
            f"max_retries={self.max_retries!r}, user_agent={self.user_agent!r}, "
            f"rate_limits={self.rate_limits!r}, "
            f"allow_insecure_http={self.allow_insecure_http!r}, "
            f"max_retry_wait={self.max_retry_wait!r}, "
            f"create_lookup_window={self.create_lookup_window!r}, api_key=<hidden>)"
        )


class CapturedResponses:
    """The raw ``httpx.Response`` of each call made inside :func:`capture_response`."""

    def __init__(self) -> None:
        self.responses: list[httpx.Response] = []
        # Set when the block ends: tasks started inside it copied the context and must not
        # append afterwards.
        self.closed = False

    @property
    def response(self) -> httpx.Response | None:
        """The last response received, or None when no call got one."""
        return self.responses[-1] if self.responses else None


_captures: contextvars.ContextVar[tuple[CapturedResponses, ...]] = contextvars.ContextVar(
    "codegen_client_captures", default=()
)


@contextlib.contextmanager
def capture_response() -> Iterator[CapturedResponses]:
    """Collect the raw responses of the calls made in this block (this thread or task only).

    Example:
        >>> with client.capture_response() as captured:  # doctest: +SKIP
        ...     run = client.agents.get_agent_run(org_id=1, agent_run_id=2)
        >>> captured.response.headers["content-type"]  # doctest: +SKIP
        'application/json'

    """
    captured = CapturedResponses()
    token = _captures.set((*_captures.get(), captured))
    try:
        yield captured
    finally:
        captured.closed = True
        _captures.reset(token)


def _record(response: httpx.Response) -> None:
    for captured in _captures.get():
        if not captured.closed:
            captured.responses.append(response)


# The deadline (on the client's clock) of the wait or multi-run around the current call.
_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "codegen_client_deadline", default=None
)


class DeadlinePassed(Exception):
    """A call cannot finish before the deadline of :func:`deadline_at` around it.

    Never reaches users: whoever set the deadline turns it into its own timeout error.

    Attributes:
        error: The failure that would have been retried, or None.

    """

    def __init__(self, error: CodegenApiError | None = None) -> None:
        super().__init__("deadline passed")
        self.error = error


@contextlib.contextmanager
def deadline_at(at: float | None) -> Iterator[None]:
    """Bound every call made in this block (this thread or task) by ``at``, on the client's clock.

    No pacing pause, retry wait or request timeout of those calls runs past it: the core
    raises :class:`DeadlinePassed` instead. Nested blocks keep the earlier deadline.

    Args:
        at: The deadline as a reading of the client's clock; None adds no bound.

    """
    current = _deadline.get()
    if at is None or (current is not None and current <= at):
        yield
        return
    token = _deadline.set(at)
    try:
        yield
    finally:
        _deadline.reset(token)


def time_left(clock: Clock) -> float | None:
    """Seconds left before the current deadline, or None when no deadline is set."""
    at = _deadline.get()
    return None if at is None else at - clock.now()


def bounded_pause(clock: Clock, seconds: float) -> float:
    """``seconds``, if waiting that long ends before the current deadline.

    Raises:
        DeadlinePassed: The pause would reach the deadline.

    """
    left = time_left(clock)
    if left is not None and seconds >= left:
        raise DeadlinePassed()
    return seconds


def default_retry_delay(
    operation_id: str, attempt: int, error: CodegenApiError, window: float | None
) -> float | None:
    """How long to wait before repeating a failed call, or None to give up.

    Args:
        operation_id: The operation that failed.
        attempt: 0 for the first retry, 1 for the second, ...
        error: What the failed try raised.
        window: The operation's rate-limit window in seconds, if it has one.

    Returns:
        Seconds to wait, or None when repeating is unsafe or pointless.

    """
    if isinstance(error, CodegenRateLimitError):
        # Refused before acting: always safe. Without Retry-After, wait out the window.
        if error.retry_after is not None:
            return error.retry_after
        return window if window is not None else backoff(attempt)
    from codegen_client_generated.operations import OPERATIONS

    # False (x-repeatable in the spec) for the operations that start work: a run, an event or a
    # token. create_agent_run has its own duplicate-free recovery.
    repeatable = OPERATIONS[operation_id].repeatable
    if isinstance(error, CodegenConnectionError):
        if not error.request_sent or repeatable:
            return backoff(attempt)
        return None
    if isinstance(error, CodegenServerError) and error.status_code in RETRYABLE_STATUS:
        return backoff(attempt) if repeatable else None
    return None


def backoff(attempt: int) -> float:
    """Exponential backoff with jitter: about 0.5 s, 1 s, 2 s, ... capped at 8 s.

    Args:
        attempt: 0 for the first repeat, 1 for the second, ...

    Returns:
        Seconds to wait: a random share (50 to 100 %) of the capped exponential step.

    """
    base: float = min(8.0, 0.5 * 2**attempt)
    return base * (0.5 + random.random() / 2)


class _BaseCore:
    """What the sync and async cores share: building requests and reading responses."""

    def __init__(self, settings: Settings, clock: Clock) -> None:
        from codegen_client_generated.operations import OPERATIONS

        self.settings = settings
        self.clock = clock
        self._operations = OPERATIONS
        self._modules: dict[str, ModuleType] = {}
        # The key is not among the headers: self.auth sets it as httpx sends each request, so
        # no header dict holding it sits in a local variable while a request is built.
        self.auth = CodegenAuth(HiddenKey(settings.api_key))
        self._headers = {"User-Agent": settings.user_agent, "Accept": "application/json"}
        self._timeout = httpx.Timeout(settings.timeout)
        limits = {
            op_id: (op.rate_limit.requests, op.rate_limit.period_seconds)
            for op_id, op in OPERATIONS.items()
            if op.rate_limit is not None
        }
        # A 429 without Retry-After waits out the documented window, paced or not.
        self._windows = {op_id: period for op_id, (_, period) in limits.items()}
        self._limits = limits
        self.limiter = RateLimiter(clock, limits if settings.rate_limits else {})
        self._parser: Any = None
        # Per send, whatever the caller's httpx client was made with: its ``auth=`` never runs
        # (the Codegen key is in our own Authorization header) and redirects are not followed.
        self.send_options: dict[str, Any] = {"auth": self.auth, "follow_redirects": False}

    def _module(self, operation_id: str) -> ModuleType:
        module = self._modules.get(operation_id)
        if module is None:
            operation = self._operations[operation_id]
            tag = operation.tag.replace("-", "_")
            module = importlib.import_module(f"codegen_client_generated.api.{tag}.{operation_id}")
            self._modules[operation_id] = module
        return module

    def build_request(
        self, http: httpx.Client | httpx.AsyncClient, operation_id: str, arguments: dict[str, Any]
    ) -> tuple[httpx.Request, ModuleType]:
        """Check the arguments and build the request (nothing is sent).

        Raises:
            CodegenInputError: An argument is invalid.

        """
        module = self._module(operation_id)
        checked = check_arguments(arguments)
        try:
            kwargs = module._get_kwargs(**checked)
        except TypeError as exc:
            raise CodegenInputError(f"{operation_id}: {exc}") from None
        headers = dict(self._headers)
        headers.update(kwargs.get("headers") or {})
        request = http.build_request(
            kwargs["method"].upper(),
            self.settings.base_url + kwargs["url"],
            params=kwargs.get("params"),
            json=kwargs.get("json"),
            headers=headers,
            timeout=self._timeout,
        )
        return request, module

    def parse(self, module: ModuleType, response: httpx.Response) -> Any:
        """Read a success (any 2xx) body into the operation's documented model.

        Args:
            module: The operation's generated module.
            response: A response with a 2xx status.

        Returns:
            The model, list or JSON the spec documents (None only for an empty body where the
            spec leaves the body open).

        Raises:
            CodegenResponseError: The body is empty, cannot be decoded, or a field does not fit
                its type (see :func:`codegen_client._reading.read_success`).

        """
        from codegen_client._reading import read_success

        if self._parser is None:
            from codegen_client_generated.client import Client

            self._parser = Client(base_url=self.settings.base_url)
        return read_success(module, response, self._parser)

    def next_delay(self, operation_id: str, attempt: int, error: CodegenApiError) -> float | None:
        """The wait before retry number ``attempt``, or None when the error must be raised.

        Raises:
            DeadlinePassed: The wait would reach the deadline of the wait around the call.

        """
        if attempt >= self.settings.max_retries:
            return None
        delay = default_retry_delay(operation_id, attempt, error, self._windows.get(operation_id))
        if delay is None:
            return None
        left = time_left(self.clock)
        if left is not None and delay >= left:
            raise DeadlinePassed(error)
        if isinstance(error, CodegenRateLimitError) and delay > self.settings.max_retry_wait:
            logger.info(
                "not retrying %s: its 429 asks for a wait of %.0fs, more than max_retry_wait (%gs)",
                operation_id,
                delay,
                self.settings.max_retry_wait,
            )
            return None
        logger.info(
            "retrying %s in %.2fs (retry %d of %d) after: %s",
            operation_id,
            delay,
            attempt + 1,
            self.settings.max_retries,
            error,
        )
        return delay

    def drop_foreign_headers(
        self, http: httpx.Client | httpx.AsyncClient, request: httpx.Request
    ) -> None:
        """Remove what the caller's httpx client added to ``request``.

        That is its default headers (credentials for other services, say) and its cookies:
        Codegen gets only the client's own headers.
        """
        for name, value in http.headers.items():
            lower = name.lower()
            if lower in _OWN_HEADERS or request.headers.get(name) != value:
                continue
            del request.headers[name]
        if "cookie" in request.headers:
            del request.headers["cookie"]

    def pace(self, operation_id: str) -> float:
        """Book a send slot within the operation's rate limit; return the pause before it.

        Raises:
            DeadlinePassed: The slot lies at or past the deadline of the wait around the call.

        """
        left = time_left(self.clock)
        pause = self.limiter.reserve(operation_id, within=left)
        if pause is None:
            raise DeadlinePassed()
        if pause > 0:
            self.log_pacing(operation_id, pause)
        return pause

    def bound_timeout(self, request: httpx.Request, error: CodegenApiError | None) -> None:
        """Cap the request's timeouts by the time left before the deadline, if there is one.

        Args:
            request: The request about to be sent (its ``timeout`` extension is replaced).
            error: The previous try's failure, if any (carried by :class:`DeadlinePassed`).

        Raises:
            DeadlinePassed: No time is left.

        """
        left = time_left(self.clock)
        if left is None:
            return
        if left <= 0:
            raise DeadlinePassed(error)
        timeouts = request.extensions.get("timeout") or self._timeout.as_dict()
        capped = {
            name: left if value is None else min(value, left) for name, value in timeouts.items()
        }
        request.extensions = {**request.extensions, "timeout": capped}

    def log_pacing(self, operation_id: str, pause: float) -> None:
        """Log at INFO that a call waits for its rate limit (the CLI's ``-v`` shows it)."""
        requests, period = self._limits[operation_id]
        logger.info(
            "pacing %s: waiting %.2fs (limit %d per %gs)", operation_id, pause, requests, period
        )


def _outcome(response: httpx.Response) -> CodegenApiError | None:
    """The error a response stands for, or None for a success to parse."""
    _record(response)
    logger.debug("%s %s -> %d", response.request.method, response.request.url, response.status_code)
    # Only a 2xx is a success: the generated parsers turn any other status they do not list
    # (an unfollowed redirect, say) into None, which no caller expects.
    return None if 200 <= response.status_code < 300 else status_error(response)


def make_body(body_type: type[T], /, **fields: Any) -> T:
    """Check body fields by name and build the generated request model (Nones left out).

    Raises:
        CodegenInputError: A field is invalid; the message names it.

    """
    checked = check_arguments(fields)
    try:
        return body_type.from_dict(checked)  # type: ignore[attr-defined, no-any-return]
    except KeyError as missing:
        raise CodegenInputError(f"{missing.args[0]} is required") from None
    except (TypeError, ValueError) as exc:
        raise CodegenInputError(f"{body_type.__name__}: {exc}") from None
