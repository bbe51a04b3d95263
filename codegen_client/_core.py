"""What the sync and async cores share: building a request, reading its answer, timing repeats.

A namespace method names an operation of the generated table and passes its arguments; the core
(the send loop of ``_async/core.py`` and its sync twin, on top of `BaseCore` here)
checks them against the spec, builds the ``httpx.Request`` itself (so the caller's own httpx
client adds no headers, cookies or query of its own by construction), paces it, sends it through
the httpx client (transports, mounts, proxies and event hooks apply), repeats what is safe to
repeat, maps error statuses to exceptions, and reads the answer with the operation's generated
reader (one walk that checks and builds the model).
"""

from __future__ import annotations

import json
import logging
import re
import weakref
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, cast
from urllib.parse import quote

import httpx

from codegen_client._auth import CodegenAuth
from codegen_client._capture import record
from codegen_client._clock import Clock
from codegen_client._deadline import DeadlinePassed, time_left
from codegen_client._errors_map import status_error
from codegen_client._exceptions import CodegenApiError, CodegenRateLimitError
from codegen_client._options import NOT_GIVEN, NotGiven
from codegen_client._pacing import RateLimitBackend, RateLimiter, budget_namespace
from codegen_client._process import drop_pool, has_pooled_connections, watch_fork
from codegen_client._response import RAW, RawResponse, read_answer
from codegen_client._retry import default_retry_delay
from codegen_client._secrets import strip_credentials
from codegen_client._settings import Settings, check_timeout
from codegen_client._validation import check_call, check_headers, invalid

if TYPE_CHECKING:
    from codegen_client_generated.operations import Operation

__all__ = ["BaseCore", "Route"]

logger = logging.getLogger("codegen_client")

# httpx's own client would add these; the core builds requests itself, so it sets them.
_ACCEPT_ENCODING = "gzip, deflate"
_JSON = "application/json"
_PLACEHOLDER = r"\{(\w+)\}"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
_REMEMBERED_TIMEOUTS = 32


class Route(NamedTuple):
    """Where a request goes for pacing and repeats.

    ``group`` is the rate-limit budget (an operation's id); ``repeatable`` says whether
    repeating the request after an unknown outcome is harmless.
    """

    group: str
    repeatable: bool


def _route_patterns() -> list[tuple[str, re.Pattern[str], str]]:
    """(method, path pattern, operation id) of every operation, for `route_of`."""
    from codegen_client_generated.operations import OPERATIONS

    patterns = []
    for op in OPERATIONS.values():
        pattern = re.sub(
            _PLACEHOLDER, r"[^/]+", re.escape(op.path).replace(r"\{", "{").replace(r"\}", "}")
        )
        patterns.append((op.method, re.compile(pattern + "/?"), op.operation_id))
    return patterns


class BaseCore:
    """Building requests and reading answers, and the decisions of the send loop.

    A core belongs to one client; ``with_options`` makes another core over the same httpx
    client, rate limiter and clock, with other settings.
    """

    def __init__(
        self,
        settings: Settings,
        clock: Clock,
        limiter: RateLimiter | None = None,
        backend: RateLimitBackend | None = None,
    ) -> None:
        self.settings = settings
        self.clock = clock
        # The key is not among the headers: self.auth sets it as httpx sends each request, so
        # no header dict holding it sits in a local variable while a request is built.
        self.auth = CodegenAuth(settings.api_key)
        own = {
            "User-Agent": settings.user_agent,
            "Accept": _JSON,
            "Accept-Encoding": _ACCEPT_ENCODING,
        }
        # The headers of a request without and with a JSON body, each with its names by their
        # lower case (a caller's header replaces one of them whatever its case).
        defaults = dict(settings.default_headers)
        self._headers, self._names = _layered(own, defaults, self.auth.holds)
        self._json_headers, self._json_names = _layered(
            {**own, "Content-Type": _JSON}, defaults, self.auth.holds
        )
        self._timeout = _timeout_dict(settings.timeout)
        self._timeouts: dict[float, dict[str, float | None]] = {}  # see _call_timeouts
        # The operation table loads with the first client, not with the import.
        from codegen_client_generated.operations import OPERATIONS

        limits = {
            op_id: (op.rate_limit.requests, op.rate_limit.period_seconds)
            for op_id, op in OPERATIONS.items()
            if op.rate_limit is not None
        }
        # A 429 without Retry-After waits out the documented window, paced or not.
        self._windows = {op_id: period for op_id, (_, period) in limits.items()}
        self._limits = limits
        self.limiter = limiter or RateLimiter(
            clock,
            limits,
            backend=backend,
            namespace=budget_namespace(settings.base_url, settings.api_key.get_secret_value()),
        )
        self._paced = settings.rate_limits
        self._routes: list[tuple[str, re.Pattern[str], str]] | None = None
        # Makes a new httpx client like the first, when the client made its own (None: the
        # caller's): after a fork, and on a new event loop.
        self.make_http: Callable[[], Any] | None = None
        self._loop: weakref.ref[Any] | None = None
        watch_fork(self)
        # Per send, whatever the caller's httpx client was made with: its ``auth=`` never runs
        # (the Codegen key is in our own Authorization header) and redirects are not followed.
        self.send_options: dict[str, Any] = {"auth": self.auth, "follow_redirects": False}

    # -- building ------------------------------------------------------------------------------

    def build(
        self,
        op: Operation,
        path_args: tuple[Any, ...],
        query: Mapping[str, Any] | None,
        body: Mapping[str, Any] | None,
        timeout: float | httpx.Timeout | NotGiven,
        extra_headers: Mapping[str, str] | None,
        extra_query: Mapping[str, Any] | None,
        extra_body: Mapping[str, Any] | None,
    ) -> httpx.Request:
        """Check the arguments and build the request (nothing is sent).

        Raises:
            CodegenInputError: An argument or a per-request option is invalid.

        """
        path, params, content = check_call(op, path_args, query, body)
        url = self.settings.base_url + (
            op.path.format(
                **{
                    name: quote(str(value), safe="")
                    for name, value in zip(op.path_params, path, strict=True)
                }
            )
            if path
            else op.path
        )
        if extra_body is not None:
            if content is None:
                raise invalid(f"extra_body: {op.operation_id} sends no body")
            content = {**content, **_mapping("extra_body", extra_body)}
        return self._request(op.method, url, params, content, timeout, extra_headers, extra_query)

    def build_custom(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | None,
        body: Any,
        timeout: float | httpx.Timeout | NotGiven,
        extra_headers: Mapping[str, str] | None,
        repeatable: bool | None,
    ) -> tuple[Route, httpx.Request]:
        """Build a request to a path the spec may not have (``client.get`` and friends).

        Returns:
            Its route (see `route_of`) and the request.

        Raises:
            CodegenInputError: The path leaves the base URL, or an option is invalid.

        """
        relative = _relative_path(path)
        _check_url_text(relative, None)
        request = self._request(
            method, self.settings.base_url + relative, None, body, timeout, extra_headers, params
        )
        return self.route_of(method, relative, repeatable), request

    def _request(
        self,
        method: str,
        url: str,
        params: Mapping[str, Any] | None,
        body: Any,
        timeout: float | httpx.Timeout | NotGiven,
        extra_headers: Mapping[str, str] | None,
        extra_query: Mapping[str, Any] | None,
    ) -> httpx.Request:
        if body is None:
            headers, names, content = self._headers, self._names, None
        else:
            headers, names, content = self._json_headers, self._json_names, _json_bytes(body)
        if extra_headers is not None:
            headers = check_headers(
                extra_headers, self.auth.holds, into=headers.copy(), names=names
            )
        if extra_query is not None:
            extra = _mapping("extra_query", extra_query)
            # What check_call passed is checked; what the caller adds to the query is not yet.
            _check_url_text(None, extra)
            params = {**(params or {}), **extra}
        timeouts = self._timeout if timeout is NOT_GIVEN else self._call_timeouts(timeout)
        try:
            return httpx.Request(
                method,
                url,
                params=params or None,
                headers=headers,
                content=content,
                extensions={"timeout": timeouts},
            )
        except httpx.InvalidURL as exc:  # e.g. a query value over 64 KiB (extra_query=)
            raise invalid(
                f"the arguments do not make a valid URL for {method} "
                f"{url.removeprefix(self.settings.base_url)[:80]} ({exc})"
            ) from None

    def _call_timeouts(self, timeout: Any) -> dict[str, float | None]:
        """The timeout extension of a call's own ``timeout=`` (checked; numbers are remembered).

        Raises:
            CodegenInputError: Not a valid timeout.

        """
        # A caller that passes its timeout on every call mostly passes the same few numbers.
        # A bool is neither type, so True is never taken for 1 second.
        number = type(timeout) is float or type(timeout) is int
        if number and (known := self._timeouts.get(timeout)) is not None:
            return known
        timeouts = _timeout_dict(check_timeout("timeout", timeout))
        if number:
            if len(self._timeouts) >= _REMEMBERED_TIMEOUTS:
                self._timeouts.clear()
            self._timeouts[timeout] = timeouts
        return timeouts

    def route_of(self, method: str, relative: str, repeatable: bool | None) -> Route:
        """The route of a request to ``relative`` (a checked path below the base URL).

        Its group is its operation's if the spec has the path. It may be repeated when
        ``repeatable`` says so, or by default for GET, HEAD, OPTIONS, PUT and DELETE.
        """
        if self._routes is None:
            self._routes = _route_patterns()
        group = next(
            (
                op_id
                for verb, pattern, op_id in self._routes
                if verb == method and pattern.fullmatch(relative)
            ),
            f"{method} {relative}",
        )
        if repeatable is None:
            repeatable = method in _SAFE_METHODS
        return Route(group, repeatable)

    # -- reading -------------------------------------------------------------------------------

    def answer(
        self,
        op_id: str,
        response: httpx.Response,
        read: Callable[[Any], Any],
        expect: Sequence[tuple[str, Any]] | None = None,
        *,
        open_answer: bool = False,
    ) -> Any:
        """What a call returns for a 2xx answer: the read model, or a raw response.

        Raises:
            CodegenResponseError: The body does not give the operation's documented answer.

        """
        if RAW.get():
            return RawResponse(response, op_id, read, expect, open_answer=open_answer)
        return read_answer(op_id, response, read, expect, open_answer=open_answer)

    # -- pacing and repeats --------------------------------------------------------------------

    def next_delay(self, route: Route, attempt: int, error: CodegenApiError) -> float | None:
        """The wait before retry number ``attempt``, or None when the error must be raised.

        Raises:
            DeadlinePassed: The wait would reach the deadline of the wait around the call.

        """
        if attempt >= self.settings.max_retries:
            return None
        window = self._windows.get(route.group)
        delay = default_retry_delay(attempt, error, window, route.repeatable)
        if delay is None:
            return None
        left = time_left(self.clock)
        if left is not None and delay >= left:
            raise DeadlinePassed(error)
        if isinstance(error, CodegenRateLimitError) and delay > self.settings.max_retry_wait:
            logger.info(
                "not retrying %s: its 429 asks for a wait of %.0fs, more than max_retry_wait (%gs)",
                route.group,
                delay,
                self.settings.max_retry_wait,
            )
            return None
        logger.info(
            "retrying %s in %.2fs (retry %d of %d) after: %s",
            route.group,
            delay,
            attempt + 1,
            self.settings.max_retries,
            error,
        )
        return delay

    def pace(self, group: str) -> float:
        """Book a send slot within the group's rate limit; return the pause before it.

        Raises:
            DeadlinePassed: The slot lies at or past the deadline of the wait around the call.

        """
        if not self._paced:
            return 0.0
        return self._booked(group, self.limiter.reserve(group, within=time_left(self.clock)))

    async def apace(self, operation_id: str) -> float:
        """The awaitable `pace`, for the async client (a Redis back end awaits I/O).

        Raises:
            DeadlinePassed: The slot lies at or past the deadline of the wait around the call.

        """
        if not self._paced:
            return 0.0
        pause = await self.limiter.areserve(operation_id, within=time_left(self.clock))
        return self._booked(operation_id, pause)

    def _booked(self, group: str, pause: float | None) -> float:
        """The pause before a booked slot (logged), or `DeadlinePassed` when none was booked."""
        if pause is None:
            raise DeadlinePassed()
        if pause > 0:
            self.log_pacing(group, pause)
        return pause

    def check_loop(self) -> None:
        """Keep an async client's connections on the event loop that opened them.

        On a new loop (a second ``asyncio.run()``), a client that made its own httpx client
        makes a new one: the old one's connections belong to the old, maybe closed, loop.

        Raises:
            CodegenInputError: The caller's own ``httpx.AsyncClient`` holds connections of
                another event loop.

        """
        core: Any = self  # the send loop's subclass holds ``http``
        if not isinstance(core.http, httpx.AsyncClient):
            return
        import asyncio

        loop = asyncio.get_running_loop()
        seen = self._loop() if self._loop is not None else None
        if seen is loop:
            return
        if self._loop is not None:
            if self.make_http is not None:
                self.http = self.make_http()
            elif has_pooled_connections(core.http):
                raise invalid(
                    "this AsyncCodegenClient's http_client has connections of another event "
                    "loop (an earlier asyncio.run()), and cannot be used on this one: make the "
                    "httpx.AsyncClient inside the loop that uses it, or let the client make its "
                    "own (it then opens new connections on each new loop)"
                )
        self._loop = weakref.ref(loop)

    def after_fork(self) -> None:
        """In a forked child: never use the parent's connections or its pacing locks."""
        if self.make_http is not None:
            # The old client is abandoned, not closed: closing could end the parent's TLS.
            self.http = self.make_http()
        else:
            drop_pool(cast(Any, self).http)
        self._loop = None
        after = getattr(self.limiter.backend, "after_fork", None)
        if after is not None:
            after()

    def bound_timeout(self, request: httpx.Request, error: CodegenApiError | None) -> None:
        """Cap the request's timeouts by the time left before the deadline, if there is one.

        Args:
            request: The request about to be sent (its ``timeout`` extension is replaced).
            error: The previous try's failure, if any (carried by `DeadlinePassed`).

        Raises:
            DeadlinePassed: No time is left.

        """
        left = time_left(self.clock)
        if left is None:
            return
        if left <= 0:
            raise DeadlinePassed(error)
        timeouts = request.extensions.get("timeout") or self._timeout
        capped = {
            name: left if value is None else min(value, left) for name, value in timeouts.items()
        }
        request.extensions = {**request.extensions, "timeout": capped}

    def log_pacing(self, group: str, pause: float) -> None:
        """Log at INFO that a call waits for its rate limit (the CLI's ``-v`` shows it)."""
        requests, period = self._limits[group]
        logger.info("pacing %s: waiting %.2fs (limit %d per %gs)", group, pause, requests, period)


def outcome(response: httpx.Response) -> CodegenApiError | None:
    """The error a response stands for, or None for a success to read."""
    captured = record(response)
    logger.debug("%s %s -> %d", response.request.method, response.request.url, response.status_code)
    # Only a 2xx is a success; an unfollowed redirect, say, is an error.
    error = None if 200 <= response.status_code < 300 else status_error(response)
    # A captured response is kept with its request: not with the key on it (an error's
    # response lost it in status_error, once the key was known for redaction).
    if captured:
        strip_credentials(response)
    return error


def _names(headers: Mapping[str, str]) -> dict[str, str]:
    """The names of ``headers`` by their lower case."""
    return {name.lower(): name for name in headers}


def _layered(
    own: dict[str, str], defaults: Mapping[str, str], holds_key: Callable[[str], bool]
) -> tuple[dict[str, str], dict[str, str]]:
    """``own`` headers with ``defaults`` laid over them by lower-case name, and their names."""
    headers = check_headers(defaults, holds_key, into=dict(own), names=_names(own))
    return headers, _names(headers)


def _timeout_dict(timeout: float | httpx.Timeout) -> dict[str, float | None]:
    if isinstance(timeout, httpx.Timeout):
        return timeout.as_dict()
    return {"connect": timeout, "read": timeout, "write": timeout, "pool": timeout}


def _json_bytes(body: Any) -> bytes:
    """The body as compact UTF-8 JSON (httpx's own encoding of ``json=``)."""
    try:
        return json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()
    except (TypeError, ValueError) as exc:
        raise invalid(f"the body cannot be sent as JSON: {exc}") from None


def _mapping(name: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, Mapping) or not all(isinstance(key, str) for key in value):
        raise invalid(f"{name} must be a dict with string keys, got {type(value).__name__}")
    return dict(value)


def _check_url_text(path: str | None, params: Mapping[str, Any] | None) -> None:
    """Refuse text a URL cannot carry (a lone surrogate) before httpx fails on it.

    Raises:
        CodegenInputError: The path or a query parameter holds a lone surrogate.

    """
    pieces: list[tuple[str, Any]] = [("the path", path)]
    for key, value in (params or {}).items():
        values = value if isinstance(value, (list, tuple)) else [value]
        pieces += [(f"query parameter {key!r}", item) for item in (key, *values)]
    for what, text in pieces:
        if not isinstance(text, str):
            continue
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise invalid(
                f"{what} contains a lone surrogate at position {exc.start}; only valid "
                "Unicode text can be sent in a URL"
            ) from None


def _relative_path(path: Any) -> str:
    """``path`` as a path below the base URL; anything that could leave it is refused."""
    if not isinstance(path, str) or not path:
        raise invalid(f"path must be a non-empty string, got {path!r}")
    shown = repr(path)[1:-1][:200]
    if "://" in path or path.startswith("//") or "\\" in path:
        raise invalid(f"path must be below the base URL, not a URL of its own: '{shown}'")
    if any(ord(c) < 33 or ord(c) == 127 for c in path) or "?" in path or "#" in path:
        raise invalid(
            f"path must hold no spaces, control characters, query or fragment (pass params=): "
            f"'{shown}'"
        )
    relative = "/" + path.lstrip("/")
    if any(part in (".", "..") for part in relative.split("/")) or "%2e" in relative.lower():
        raise invalid(f"path must not step out of the base URL with '..': '{shown}'")
    return relative
