"""What every namespace of [`AsyncCodegenClient`][codegen_client.AsyncCodegenClient] is built on.

The namespaces themselves are generated from the spec
(``codegen_client_generated.resources._async``); `araw` makes the methods of their
``with_raw_response`` twins.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from codegen_client._response import RAW, RawResponse

if TYPE_CHECKING:
    from codegen_client._async.core import AsyncCore

__all__ = ["AsyncNamespace", "araw"]

P = ParamSpec("P")
T = TypeVar("T")


class AsyncNamespace:
    """A namespace of the client: its methods send through the client's core."""

    def __init__(self, core: AsyncCore) -> None:
        self._core = core

    def __repr__(self) -> str:
        return f"<{type(self).__name__} namespace>"


def araw(method: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[RawResponse[T]]]:
    """The method of a ``with_raw_response`` twin: the same call, answering with the raw response.

    Args:
        method: A namespace method that sends one request.

    Returns:
        A function with the method's arguments whose answer is a
        [`RawResponse`][codegen_client.RawResponse] (``parse()`` gives what the method returns).

    """

    @functools.wraps(method)
    async def raw_call(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        token = RAW.set(True)
        try:
            answer: RawResponse[T] = await method(*args, **kwargs)  # type: ignore[assignment]
        finally:
            RAW.reset(token)
        return answer

    return raw_call
