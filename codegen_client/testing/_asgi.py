"""The offline Codegen API as an ASGI application, answering at the HTTP layer like FastAPI.

`FakeASGIApp` turns each ASGI ``http`` request into an ``httpx.Request``, answers it
with `FakeCodegenAPI.ahandle` and sends the response back. Around the fake it does what
the real service's HTTP stack does before a route runs: 400 for a target that is not a path or
a header value that is not ASCII, 414 for a target past 8 KiB, 431 for headers past 16 KiB,
413 for a body past the size limit, and 408 when a body stops arriving. A ``405`` carries
``Allow``. Connection faults (``drop_connection``, ``lost_response``) close the connection
without an answer, through the ``close_connection`` hook of the server that runs the app.
Every answer carries one ``Date``, from the fake's clock (the server must not add its own).
The method and the path reach the routes exactly as sent, and the URL is built from ``Host``,
as Starlette does; each remaining difference from a FastAPI app is listed in the offline-API
guide.

It needs no ASGI framework and imports nothing from the server: uvicorn runs it
(`codegen_client.testing.server`), and so could any ASGI server.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import httpx

from codegen_client.testing._app import FakeCodegenAPI
from codegen_client.testing._dispatch import BASE_PATH, FAULT_EXTENSION, SERVED_EXTENSION
from codegen_client.testing._routing import OPERATIONS, Router

__all__ = ["MAX_BODY_BYTES", "MAX_HEADER_BYTES", "MAX_TARGET_BYTES", "FakeASGIApp", "RequestLog"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
RequestLog = Callable[[str], None]
CloseConnection = Callable[[Scope], bool]

MAX_TARGET_BYTES = 8 * 1024
MAX_HEADER_BYTES = 16 * 1024
# Images travel as base64 data URIs in the JSON body, so the limit is generous.
MAX_BODY_BYTES = 32 * 1024 * 1024
# A Host header that names only a host and port (anything else could move the path or query).
_HOST = re.compile(r"(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?")
# Headers that describe one hop of the connection, not the message.
_HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "content-length"}


class _Refusal(Exception):
    """A request answered before it reaches the fake (bad target, headers or body)."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


class FakeASGIApp:
    """An ASGI 3 application serving a `FakeCodegenAPI`.

    Args:
        fake: The offline API to serve.
        body_timeout: Real seconds a request body may take to arrive before 408.
        max_body: Largest request body accepted, in bytes (larger: 413).
        log: Called with one line per request (method, path, status, fault); None: silent.
        close_connection: Closes the connection of a request's scope without an answer and
            returns True; supplied by the server (None: a fault answers 500 instead).

    Examples:
        >>> app = FakeASGIApp(FakeCodegenAPI())
        >>> uvicorn.run(app, port=8080)  # doctest: +SKIP

    """

    def __init__(
        self,
        fake: FakeCodegenAPI,
        *,
        body_timeout: float = 10.0,
        max_body: int = MAX_BODY_BYTES,
        log: RequestLog | None = None,
        close_connection: CloseConnection | None = None,
    ) -> None:
        self.fake = fake
        self.body_timeout = body_timeout
        self.max_body = max_body
        self.log = log
        self.close_connection = close_connection
        self._router = Router(OPERATIONS.values())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one ASGI scope: an ``http`` request (``lifespan`` is acknowledged).

        Args:
            scope: The ASGI scope.
            receive: Awaits the next message from the client.
            send: Sends a message to the client.

        """
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        path = scope.get("path", "")
        try:
            request = await self._request(scope, receive)
        except _Refusal as refusal:
            # The rest of a refused message is never read: the connection cannot be reused.
            self._log(scope["method"], path, refusal.status, None)
            status, headers, body = _json(refusal.status, {"detail": refusal.detail})
            await _send(send, status, [*headers, self._date()], body, close=True)
            return
        except _Disconnected:
            return
        try:
            response = await self.fake.ahandle(request)
        except httpx.TransportError:
            self._log(request.method, path, None, request.extensions.get(FAULT_EXTENSION))
            await self._drop(scope, receive, send)
            return
        status, headers, body = response.status_code, _headers_of(response), response.content
        if status == 405:
            below = path[len(BASE_PATH) :] if path.startswith(BASE_PATH + "/") else path
            headers.append((b"allow", ", ".join(self._router.allowed_methods(below)).encode()))
        # Logged before the answer leaves, so the line is there by the time the client has it.
        self._log(request.method, path, status, request.extensions.get(FAULT_EXTENSION))
        await _send(send, status, headers, body)

    async def _request(self, scope: Scope, receive: Receive) -> httpx.Request:
        raw_path: bytes = scope.get("raw_path") or scope["path"].encode()
        query: bytes = scope.get("query_string", b"")
        if not raw_path.startswith(b"/"):
            raise _Refusal(400, "Invalid request target: expected a path such as /v1/users/me")
        if len(raw_path) + len(query) > MAX_TARGET_BYTES:
            raise _Refusal(414, "URI Too Long")
        raw_headers: list[tuple[bytes, bytes]] = list(scope.get("headers", []))
        if sum(len(k) + len(v) + 4 for k, v in raw_headers) > MAX_HEADER_BYTES:
            raise _Refusal(431, "Request Header Fields Too Large")
        if any(not v.isascii() for _, v in raw_headers):
            raise _Refusal(400, "Invalid header value: only ASCII is allowed")
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in raw_headers]
        declared = next((v for k, v in headers if k.lower() == "content-length"), None)
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            raise _Refusal(413, "Request Entity Too Large")
        body = await self._body(receive)
        host, port = scope.get("server") or ("127.0.0.1", 80)
        target = raw_path.decode("ascii") + ("?" + query.decode("ascii") if query else "")
        try:
            url = httpx.URL(f"http://{_url_host(host)}:{port}{target}")
        except httpx.InvalidURL:
            raise _Refusal(400, "Invalid request target") from None
        # Starlette builds the request's URL (and so a redirect's Location) from Host.
        host_header = next((v for k, v in headers if k.lower() == "host"), "")
        if _HOST.fullmatch(host_header):
            with contextlib.suppress(httpx.InvalidURL):
                url = httpx.URL(f"http://{host_header}{target}")
        return httpx.Request(
            scope["method"],
            url,
            headers=[(k, v) for k, v in headers if k.lower() not in _HOP_HEADERS],
            content=body,
            extensions={SERVED_EXTENSION: (scope["method"], scope["path"])},
        )

    async def _body(self, receive: Receive) -> bytes:
        """Read the whole body (any framing; the server decodes chunks) within the timeout."""
        chunks: list[bytes] = []
        size = 0
        deadline = time.monotonic() + self.body_timeout
        while True:
            left = deadline - time.monotonic()
            try:
                message = await asyncio.wait_for(receive(), timeout=max(left, 0.0))
            except asyncio.TimeoutError:
                raise _Refusal(408, "Request Timeout: the body did not arrive") from None
            if message["type"] == "http.disconnect":
                raise _Disconnected
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                raise _Refusal(413, "Request Entity Too Large")
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    async def _drop(self, scope: Scope, receive: Receive, send: Send) -> None:
        """End the connection without an answer, as a failing network would."""
        if self.close_connection is not None and self.close_connection(scope):
            # Wait until the server has seen the close, so it does not answer 500 itself.
            while (await receive())["type"] != "http.disconnect":
                pass
            return
        body = b'{"detail":"Internal Server Error"}'
        headers = [(b"content-type", b"application/json"), self._date()]
        await _send(send, 500, headers, body, close=True)

    def _date(self) -> tuple[bytes, bytes]:
        """The ``Date`` header, from the fake's clock, as the fake's own answers carry it."""
        return b"date", self.fake.http_date().encode()

    def _log(self, method: str, path: str, status: int | None, fault: str | None) -> None:
        if self.log is None:
            return
        line = f"{method} {path} {status if status is not None else 'no answer'}"
        self.log(line + (f" fault={fault}" if fault else ""))


class _Disconnected(Exception):
    """The client went away before its request was complete."""


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


def _json(status: int, body: Any) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    content = json.dumps(body, separators=(",", ":")).encode()
    return status, [(b"content-type", b"application/json")], content


def _headers_of(response: httpx.Response) -> list[tuple[bytes, bytes]]:
    return [
        (name.lower(), value)
        for name, value in response.headers.raw
        if name.decode("latin-1").lower() not in _HOP_HEADERS
    ]


async def _send(
    send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes, close: bool = False
) -> None:
    all_headers = [*headers, (b"content-length", str(len(body)).encode())]
    if close:
        all_headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": all_headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
