"""Every exception the client raises.

The hierarchy:

```text
CodegenApiError                       root: catch this to catch everything
├── CodegenInputError (ValueError)    bad argument or configuration; nothing was sent
├── CodegenConnectionError            no usable response (connect failed, connection dropped)
│   └── CodegenTimeoutError           the request timed out
├── CodegenResponseError              a success response the client could not read
├── CodegenCreateOutcomeUnknownError  a create failed ambiguously and no look-up could tell
│                                     whether it started a run (request_id)
├── CodegenLookupInconclusiveError    find_agent_run could not search, or cannot tell yet
├── CodegenStatusError                the API answered with an HTTP error status
│   ├── CodegenBadRequestError        400
│   ├── CodegenAuthError              401: missing or unknown API key
│   │   └── CodegenPermissionError    403: the key's user may not act in that organization
│   ├── CodegenPlanLimitError         402: the plan's agent-run allowance is used up
│   ├── CodegenResourceNotFoundError  404
│   ├── CodegenValidationError        422: the API rejected a parameter or the body
│   ├── CodegenRateLimitError         429 (after the client's own retries)
│   └── CodegenServerError            5xx (after the client's own retries)
└── CodegenAgentRunError              an agent run gave no usable result (runs)
    ├── CodegenAgentRunTimeoutError   a wait's deadline passed; carries the last known run(s)
    ├── CodegenAgentRunPausedError    a run is PAUSED, waiting for input (resume it)
    └── CodegenMultiRunError          MultiRunAgent failed; carries runs and candidates
        ├── CodegenMultiRunAbortedError       a call failed after the first run was created
        │                                     (402, 404, ...); the API error is __cause__
        ├── CodegenMultiRunNoCandidatesError  no candidate run completed with a result
        ├── CodegenMultiRunSynthesisError     the synthesis run gave no result
        └── CodegenMultiRunTimeoutError       the shared deadline passed; it is also a
                                              CodegenAgentRunTimeoutError
```

Every error carries ``status_code`` (None when there was no response), ``message`` (the server's
message where it sent one), ``response`` (the ``httpx.Response`` or None), ``method`` and ``url``.
No error shows the API key. It travels only in the Authorization header, which no error shows,
and where the server's own text echoes it (``Invalid token: Bearer sk-...``), or a webhook secret
or token the request carried, ``message``, ``str(error)`` and ``body`` show ``***`` instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence

    import httpx

    from codegen_client_generated.models.agent_run_response import AgentRunResponse

__all__ = [
    "CodegenAgentRunError",
    "CodegenAgentRunPausedError",
    "CodegenAgentRunTimeoutError",
    "CodegenApiError",
    "CodegenAuthError",
    "CodegenBadRequestError",
    "CodegenConnectionError",
    "CodegenCreateOutcomeUnknownError",
    "CodegenInputError",
    "CodegenLookupInconclusiveError",
    "CodegenMultiRunAbortedError",
    "CodegenMultiRunError",
    "CodegenMultiRunNoCandidatesError",
    "CodegenMultiRunSynthesisError",
    "CodegenMultiRunTimeoutError",
    "CodegenPermissionError",
    "CodegenPlanLimitError",
    "CodegenRateLimitError",
    "CodegenResourceNotFoundError",
    "CodegenResponseError",
    "CodegenServerError",
    "CodegenStatusError",
    "CodegenTimeoutError",
    "CodegenValidationError",
    "FieldError",
]


_REQUEST_ID_HEADERS = ("x-request-id", "request-id")
_LONGEST_REQUEST_ID = 200


def server_request_id_of(response: httpx.Response | None) -> str | None:
    """The id a server gave a request, from ``x-request-id`` or ``request-id`` (None if absent).

    Printable ASCII only, at most 200 characters: it is shown in messages and logs.
    """
    if response is None:
        return None
    for name in _REQUEST_ID_HEADERS:
        value: str | None = response.headers.get(name)
        if value and len(value) <= _LONGEST_REQUEST_ID and value.isascii() and value.isprintable():
            return value
    return None


class CodegenApiError(Exception):
    """Base class of every error the client raises.

    Attributes:
        message: What went wrong; the server's own message when it sent one.
        status_code: The HTTP status, or None when no response arrived.
        response: The ``httpx.Response``, or None when no response arrived.
        method: The HTTP method of the failed request, or None before any request.
        url: The URL of the failed request (no credentials), or None before any request.
        server_request_id: The id the server gave the request (its ``x-request-id`` or
            ``request-id`` header), or None. Support desks ask for it first. Not to be confused
            with the create token ``request_id`` of
            [`CodegenCreateOutcomeUnknownError`][codegen_client.CodegenCreateOutcomeUnknownError].

    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        response: httpx.Response | None = None,
        method: str | None = None,
        url: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.response = response
        self.method = method
        self.url = url
        self.server_request_id = server_request_id_of(response)

    def __str__(self) -> str:
        where = f"{self.method} {self.url}" if self.method and self.url else ""
        status = f"HTTP {self.status_code}" if self.status_code is not None else ""
        prefix = ": ".join(part for part in (status, where) if part)
        text = f"{prefix}: {self.message}" if prefix else self.message
        if self.server_request_id:
            text += f" (server request id {self.server_request_id})"
        return text

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, status_code={self.status_code!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception's own pickling calls cls(*args), which loses every keyword attribute and
        # fails where one is required (CodegenCreateOutcomeUnknownError's request_id). The
        # kept response's request has no Authorization header (see _secrets.strip_credentials).
        return (_unpickle, (type(self), self.args, dict(self.__dict__)))


class CodegenInputError(CodegenApiError, ValueError):
    """An argument or a setting is invalid; the client sent nothing."""


class CodegenConnectionError(CodegenApiError):
    """No usable response arrived: the connection failed or was dropped.

    Attributes:
        request_sent: False when the request surely never reached the server (connecting
            failed); True when it may have (the answer was lost), so repeating it could act twice.

    """

    def __init__(self, message: str, *, request_sent: bool = True, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.request_sent = request_sent


class CodegenTimeoutError(CodegenConnectionError):
    """The request timed out (connecting, writing, or waiting for the answer)."""


class CodegenResponseError(CodegenApiError):
    """The API answered with success, but the body could not be read."""


class CodegenCreateOutcomeUnknownError(CodegenApiError):
    """A create could not tell whether an agent run carrying its request id was started.

    Either its POST failed ambiguously (the answer was lost or timed out, a 5xx, an unreadable
    answer or one for another run) and no look-up proved within the look-up window that no run
    carries the call's token; or, before posting, the client could not settle whether a run
    with your request id exists (an earlier POST of it may have started one, or there were too
    many of your runs to search). The client does not post again, so at most one run exists.
    Repeating the create with the same request id on the same client is safe at any time: it
    returns that run, or posts only once it is proven that none was started.
    ``client.agents.find_agent_run(org_id, request_id)`` finds the run; the failure behind it
    is ``__cause__``.

    Attributes:
        request_id: The token in the run's ``metadata["codegen_client_request_id"]``.
        org_id: The organization the run was to start in.
        posted: Whether this call sent a POST (False: it posted nothing).

    """

    def __init__(
        self,
        message: str,
        *,
        request_id: str,
        org_id: int,
        posted: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(message, **kwargs)
        self.request_id = request_id
        self.org_id = org_id
        self.posted = posted


class CodegenLookupInconclusiveError(CodegenApiError):
    """``find_agent_run`` could not tell whether a run carrying the request id was started.

    Either it could not search all it had to (``searched`` is False: too many of your runs
    inside the idempotency window), or it searched and found none, but no list answer proved
    that none will show: the list may lag, the API may still store the run, or the client did
    not send that create itself (only the client that posted knows when, which bounds the
    proof). Ask again later; do not start the run again on this answer alone.

    Attributes:
        request_id: The request id searched for.
        org_id: The organization searched.
        searched: True when the search read everything it had to (and found nothing).

    """

    def __init__(
        self, message: str, *, request_id: str, org_id: int, searched: bool, **kwargs: Any
    ) -> None:
        super().__init__(message, **kwargs)
        self.request_id = request_id
        self.org_id = org_id
        self.searched = searched


class CodegenStatusError(CodegenApiError):
    """The API answered with an HTTP error status (or with a redirect that was not followed).

    Attributes:
        body: The parsed JSON error body, or the response text when it was not JSON.

    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        response: httpx.Response | None = None,
        method: str | None = None,
        url: str | None = None,
        body: Any = None,
    ) -> None:
        super().__init__(
            message, status_code=status_code, response=response, method=method, url=url
        )
        self.body = body


class CodegenBadRequestError(CodegenStatusError):
    """400: the API refused the request."""


class CodegenAuthError(CodegenStatusError):
    """401 (missing or unknown API key), or 403 through its subclass.

    The subclass is [`CodegenPermissionError`][codegen_client.CodegenPermissionError].
    """


class CodegenPermissionError(CodegenAuthError):
    """403: the key is valid but its user may not act in that organization."""


class CodegenPlanLimitError(CodegenStatusError):
    """402: the plan's allowance of agent runs is used up. Never retried."""


class CodegenResourceNotFoundError(CodegenStatusError):
    """404: no such organization, user, agent run or repository (or no repositories)."""


class FieldError:
    """One problem the API found with one parameter or body field (from a 422 ``detail``).

    Attributes:
        loc: Where the problem is, e.g. ``("query", "limit")`` or ``("body", "prompt")``.
        msg: What is wrong, in the server's words.
        type: The server's machine-readable error type.

    """

    __slots__ = ("loc", "msg", "type")

    def __init__(self, loc: tuple[str | int, ...], msg: str, type: str) -> None:
        self.loc = loc
        self.msg = msg
        self.type = type

    @property
    def field(self) -> str:
        """The field's name (the last part of ``loc``)."""
        return str(self.loc[-1]) if self.loc else ""

    def __repr__(self) -> str:
        return f"FieldError(loc={self.loc!r}, msg={self.msg!r}, type={self.type!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FieldError):
            return NotImplemented
        return (self.loc, self.msg, self.type) == (other.loc, other.msg, other.type)

    def __hash__(self) -> int:
        return hash((self.loc, self.msg, self.type))


class CodegenValidationError(CodegenStatusError):
    """422: the API rejected a parameter or the body.

    Attributes:
        errors: One [`FieldError`][codegen_client.FieldError] per problem the API listed.

    """

    def __init__(
        self,
        message: str,
        *,
        errors: list[FieldError] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(message, **kwargs)
        self.errors: list[FieldError] = errors or []


class CodegenRateLimitError(CodegenStatusError):
    """429: too many requests, still refused after the client's retries.

    Attributes:
        retry_after: Seconds the API asked to wait (``Retry-After``, else ``X-RateLimit-Reset``),
            or None when it did not say (or said nothing readable).

    """

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class CodegenServerError(CodegenStatusError):
    """5xx: the API or a gateway in front of it failed (still failing after retries)."""


class CodegenAgentRunError(CodegenApiError):
    """An agent run (or several) ended without a usable result, or not in time.

    These errors come from waiting, not from one HTTP exchange: ``status_code``, ``response``,
    ``method`` and ``url`` are None.

    Attributes:
        run: The run the error is about (its last known state), or None.
        runs: Every run involved, as last seen, in the order they were given or created.

    """

    def __init__(
        self,
        message: str,
        *,
        run: AgentRunResponse | None = None,
        runs: Sequence[AgentRunResponse] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(message, **kwargs)
        self.run = run
        self.runs: list[AgentRunResponse] = list(runs)


class CodegenAgentRunTimeoutError(CodegenAgentRunError):
    """A wait's deadline passed before the run(s) reached a final status.

    The runs keep working on Codegen (the API has no way to stop them); wait again to pick
    them up.

    Attributes:
        timeout: The deadline, in seconds, that passed.
        pending: The runs still working when the deadline passed (last known state).

    """

    def __init__(
        self,
        message: str,
        *,
        timeout: float | None = None,
        pending: Sequence[AgentRunResponse] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(message, **kwargs)
        self.timeout = timeout
        self.pending: list[AgentRunResponse] = list(pending)


class CodegenAgentRunPausedError(CodegenAgentRunError):
    """A run is ``PAUSED``: it waits for input. Give it some with ``resume_agent_run``.

    Attributes:
        paused: Every paused run (``run`` is the first of them).

    """

    def __init__(
        self,
        message: str,
        *,
        paused: Sequence[AgentRunResponse] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(message, **kwargs)
        self.paused: list[AgentRunResponse] = list(paused)


class CodegenMultiRunError(CodegenAgentRunError):
    """MultiRunAgent could not produce a final answer.

    Attributes:
        multi_run_id: The id recorded in every run's metadata (``multi_run_id``).
        candidates: The candidate answers gathered so far, in creation order.
        runs: Every run created so far (candidates, then synthesis), as last seen.

    """

    def __init__(
        self,
        message: str,
        *,
        multi_run_id: str | None = None,
        candidates: Sequence[str] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(message, **kwargs)
        self.multi_run_id = multi_run_id
        self.candidates: list[str] = list(candidates)


class CodegenMultiRunAbortedError(CodegenMultiRunError):
    """A call failed after the first run was created (a 402 or 404 on a later create, say).

    ``runs`` and ``candidates`` hold what was done; the API error that stopped the multi-run
    is ``__cause__`` (``raise ... from``), with its own ``status_code`` and ``response``.
    """


class CodegenMultiRunNoCandidatesError(CodegenMultiRunError):
    """No candidate run completed with a result; ``runs`` shows how each one ended."""


class CodegenMultiRunSynthesisError(CodegenMultiRunError):
    """The synthesis run ended without a result; ``candidates`` still holds every answer.

    ``run`` is the synthesis run (None when it could not be created).
    """


class CodegenMultiRunTimeoutError(CodegenMultiRunError, CodegenAgentRunTimeoutError):
    """MultiRunAgent's shared deadline passed; ``runs`` and ``candidates`` hold what was done."""


def _unpickle(cls: type[CodegenApiError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    """Rebuild a pickled error with every attribute, without calling its ``__init__``."""
    error = cls.__new__(cls, *args)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error
