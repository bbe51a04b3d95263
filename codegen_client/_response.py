"""Reading a success (2xx) answer, and the raw responses of ``with_raw_response``.

A 2xx body is decoded once and read by the operation's generated reader, which checks every
field against the spec while it builds the model (one walk). A body that is empty, cannot be
decoded, or does not fit is a [`CodegenResponseError`][codegen_client.CodegenResponseError]
naming the operation, the field and what came. Any 2xx reads like a 200.
"""

from __future__ import annotations

import contextvars
import json
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

import httpx

from codegen_client._exceptions import CodegenResponseError, server_request_id_of

__all__ = ["RAW", "RawResponse", "read_answer"]

T = TypeVar("T")
Reader = Callable[[Any], T]
Expected = Sequence[tuple[str, Any]]

# Set by ``with_raw_response``'s wrappers while their call runs: the core then answers with a
# RawResponse instead of reading the body.
RAW: contextvars.ContextVar[bool] = contextvars.ContextVar("codegen_client_raw", default=False)
_EMPTY = "the answer has no body"


def read_answer(
    operation_id: str,
    response: httpx.Response,
    read: Reader[T],
    expect: Expected | None = None,
    *,
    open_answer: bool = False,
) -> T:
    """Read a 2xx answer into what the operation returns.

    Args:
        operation_id: The operation, for the error message.
        response: A response with a 2xx status.
        read: The operation's generated reader (checks and builds in one walk).
        expect: ``(field, value)`` pairs the answer must hold (the run asked for, say).
        open_answer: The spec leaves the answer open (any JSON): an empty body is None.

    Returns:
        What the reader builds. None only for an empty body of an operation whose answer the
        spec leaves open (such as a 204 to a delete).

    Raises:
        CodegenResponseError: The body is empty, cannot be decoded (not JSON, not UTF-8, nested
            too deep, an integer past Python's digit limit), a field does not fit its type, or
            an expected field differs. The message names the operation, the field and what came.

    """
    content = response.content
    try:
        data = json.loads(content)
    except RecursionError:
        raise unreadable(
            operation_id, response, "the body is nested deeper than the JSON decoder allows"
        ) from None
    except UnicodeDecodeError:
        raise unreadable(operation_id, response, "the body is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        if not content.strip():
            if open_answer:
                return None  # type: ignore[return-value]
            raise unreadable(operation_id, response, _EMPTY) from None
        raise unreadable(operation_id, response, f"the body is not JSON ({exc})") from None
    except ValueError as exc:  # e.g. an integer longer than Python's int digit limit
        raise unreadable(operation_id, response, f"the body cannot be decoded ({exc})") from None
    try:
        result = read(data)
    except ValueError as exc:  # the generated readers' ShapeError
        raise unreadable(operation_id, response, str(exc)) from None
    except RecursionError:
        raise unreadable(operation_id, response, "the body is nested too deep to read") from None
    if expect:
        for field, wanted in expect:
            got = getattr(result, field, None)
            if got != wanted:
                problem = f"the answer is about {field} {got!r}, not the {wanted!r} asked for"
                raise unreadable(operation_id, response, problem)
    return result


def unreadable(operation_id: str, response: httpx.Response, problem: str) -> CodegenResponseError:
    """The error for a 2xx answer that does not give the operation's documented body."""
    return CodegenResponseError(
        f"{operation_id}: {problem}",
        status_code=response.status_code,
        response=response,
        method=response.request.method,
        url=str(response.request.url),
    )


class RawResponse(Generic[T]):
    """The raw answer of one call made through ``with_raw_response``.

    Examples:
        >>> raw = client.agents.with_raw_response.get_agent_run(1, 2)  # doctest: +SKIP
        >>> raw.status_code, raw.headers["content-type"], raw.server_request_id  # doctest: +SKIP
        (200, 'application/json', 'req_8f2c')
        >>> run = raw.parse()  # doctest: +SKIP

    Attributes:
        http_response: The ``httpx.Response``.
        status_code: Its HTTP status (a 2xx: other statuses raise as the plain call does).
        headers: Its headers.
        server_request_id: The id the server gave the request (``x-request-id`` or
            ``request-id``), or None. Not the create token of ``find_agent_run``.

    """

    def __init__(
        self,
        http_response: httpx.Response,
        operation_id: str,
        read: Reader[T],
        expect: Expected | None = None,
        *,
        open_answer: bool = False,
    ) -> None:
        self.http_response = http_response
        self.operation_id = operation_id
        self._read = read
        self._expect = expect
        self._open_answer = open_answer
        self._parsed: list[T] = []

    @property
    def status_code(self) -> int:
        """The HTTP status."""
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """The response headers."""
        return self.http_response.headers

    @property
    def server_request_id(self) -> str | None:
        """The server's id of the request, for support tickets (None when it sent none)."""
        return server_request_id_of(self.http_response)

    def parse(self) -> T:
        """Read the body into what the plain method returns, with the same checks and errors.

        Raises:
            CodegenResponseError: The body does not give the operation's documented answer.

        """
        if not self._parsed:
            answer = read_answer(
                self.operation_id,
                self.http_response,
                self._read,
                self._expect,
                open_answer=self._open_answer,
            )
            self._parsed.append(answer)
        return self._parsed[0]

    def __repr__(self) -> str:
        request_id = self.server_request_id
        shown = f", server_request_id={request_id!r}" if request_id else ""
        return f"<RawResponse {self.operation_id} [{self.status_code}]{shown}>"
