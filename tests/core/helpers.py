"""A scripted transport for unit tests of the core: answers in order, records requests."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

from codegen_client import AsyncCodegenClient, CodegenClient, ManualClock

Answer = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


class Script:
    """Answers each request with the next scripted answer (the last one repeats)."""

    def __init__(self, *answers: Answer) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        if callable(answer):
            return answer(request)
        # A fresh copy each time: a response object can only be sent once.
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)

    def client(self, clock: ManualClock | None = None, **kwargs: Any) -> CodegenClient:
        kwargs.setdefault("api_key", "sk-test-key")
        return CodegenClient(
            http_client=httpx.Client(transport=httpx.MockTransport(self)),
            clock=clock or ManualClock(),
            **kwargs,
        )

    def async_client(self, clock: ManualClock | None = None, **kwargs: Any) -> AsyncCodegenClient:
        kwargs.setdefault("api_key", "sk-test-key")
        return AsyncCodegenClient(
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(self)),
            clock=clock or ManualClock(),
            **kwargs,
        )


def run_body(run_id: int = 7, **extra: Any) -> dict[str, Any]:
    """A minimal agent run body as the API sends it."""
    return {"id": run_id, "organization_id": 1, "status": "ACTIVE", **extra}


def echo_run(request: httpx.Request) -> httpx.Response:
    """A run body (id 7); a create's answer carries the metadata it was sent, as the API's does."""
    sent = json.loads(request.content) if request.method == "POST" and request.content else {}
    metadata = sent.get("metadata") if isinstance(sent, dict) else None
    return httpx.Response(200, json=run_body(metadata=metadata) if metadata else run_body())
