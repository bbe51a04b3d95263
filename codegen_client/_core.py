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

import importlib
import logging
from types import ModuleType
from typing import Any, TypeVar

import httpx

from codegen_client._auth import CodegenAuth
from codegen_client._capture import record
from codegen_client._clock import Clock
from codegen_client._deadline import DeadlinePassed, time_left
from codegen_client._errors_map import status_error
from codegen_client._exceptions import CodegenApiError, CodegenInputError, CodegenRateLimitError
from codegen_client._pacing import RateLimiter
from codegen_client._retry import default_retry_delay
from codegen_client._secrets import HiddenKey
from codegen_client._settings import Settings
from codegen_client._validation import check_arguments

__all__ = ["make_body"]

logger = logging.getLogger("codegen_client")
T = TypeVar("T")

# Headers the client sets itself, or that describe the request's body or connection.
_OWN_HEADERS = frozenset(
    {"authorization", "user-agent", "accept", "accept-encoding", "connection", "host"}
    | {"content-type", "content-length"}
)


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
        try:
            request = http.build_request(
                kwargs["method"].upper(),
                self.settings.base_url + kwargs["url"],
                params=kwargs.get("params"),
                json=kwargs.get("json"),
                headers=headers,
                timeout=self._timeout,
            )
        except (httpx.InvalidURL, UnicodeError) as exc:  # e.g. a query value over 64 KiB
            raise CodegenInputError(
                f"{operation_id}: the arguments do not make a valid URL ({exc})"
            ) from None
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
    record(response)
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
