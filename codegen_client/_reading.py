"""Reading a success (2xx) answer: decode once, check the shape, let the generated model parse.

The generated ``_parse_response`` of each operation knows only the 200 it documents, reads the
body again with ``response.json()`` and turns anything unexpected into None. Here the body is
decoded once, refused with a :class:`CodegenResponseError` when it is empty, cannot be decoded
or does not fit the spec's shape (see :mod:`codegen_client._shapes`), and only then handed to
the generated parser as the 200 answer it knows, so a 201 or 202 reads like a 200.
"""

from __future__ import annotations

import json
from types import ModuleType
from typing import Any

import httpx

from codegen_client._exceptions import CodegenResponseError
from codegen_client._shapes import body_problem

__all__ = ["read_success"]

_EMPTY = "the answer has no body"


class _Decoded:
    """A 2xx body decoded once, shown to a generated parser as the 200 answer it knows."""

    status_code = 200

    def __init__(self, data: Any) -> None:
        self.data = data

    def json(self) -> Any:
        return self.data


def read_success(module: ModuleType, response: httpx.Response, parser: Any) -> Any:
    """Read a 2xx answer into the operation's documented model (or list, or plain JSON).

    Args:
        module: The operation's generated module (``codegen_client_generated.api.<tag>.<op>``).
        response: A response with a 2xx status.
        parser: The generated ``Client`` the generated parsers expect.

    Returns:
        What the spec documents for the operation's 200. None only for an empty body of an
        operation whose body the spec leaves open (``Any``), such as a 204 to a delete.

    Raises:
        CodegenResponseError: The body is empty, cannot be decoded (not JSON, not UTF-8, nested
            too deep, an integer past Python's digit limit), or a field does not fit its type.
            The message names the operation, the field and what came.

    """
    from codegen_client_generated.shapes import RESPONSES

    operation_id = module.__name__.rpartition(".")[2]
    decoded = _decode(response)
    if isinstance(decoded, str):
        if decoded == _EMPTY and RESPONSES[operation_id].kind == "any":
            return None
        raise _unreadable(operation_id, response, decoded)
    problem = body_problem(operation_id, decoded.data)
    if problem is not None:
        raise _unreadable(operation_id, response, problem)
    try:
        return module._parse_response(client=parser, response=decoded)
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise _unreadable(operation_id, response, f"{type(exc).__name__}: {exc}") from None


def _decode(response: httpx.Response) -> _Decoded | str:
    """The decoded JSON body, or one line saying why there is none."""
    content = response.content
    if not content.strip():
        return _EMPTY
    try:
        return _Decoded(json.loads(content))
    except RecursionError:
        return "the body is nested deeper than the JSON decoder allows"
    except UnicodeDecodeError:
        return "the body is not UTF-8 text"
    except json.JSONDecodeError as exc:
        return f"the body is not JSON ({exc})"
    except ValueError as exc:  # e.g. an integer longer than Python's int digit limit
        return f"the body cannot be decoded ({exc})"


def _unreadable(operation_id: str, response: httpx.Response, problem: str) -> CodegenResponseError:
    """The error for a 2xx answer that does not give the operation's documented body."""
    return CodegenResponseError(
        f"{operation_id}: {problem}",
        status_code=response.status_code,
        response=response,
        method=response.request.method,
        url=str(response.request.url),
    )
