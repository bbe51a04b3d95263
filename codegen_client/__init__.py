"""codegen-client: a typed Python client for the Codegen API."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from codegen_client._agents.phases import AgentRunPhase, agent_run_phase
from codegen_client._agents.pull_requests import pull_request_urls
from codegen_client._clock import Clock, ManualClock, ScaledClock, SystemClock
from codegen_client._exceptions import (
    CodegenAgentRunError,
    CodegenAgentRunPausedError,
    CodegenAgentRunTimeoutError,
    CodegenApiError,
    CodegenAuthError,
    CodegenBadRequestError,
    CodegenConnectionError,
    CodegenCreateOutcomeUnknownError,
    CodegenInputError,
    CodegenMultiRunAbortedError,
    CodegenMultiRunError,
    CodegenMultiRunNoCandidatesError,
    CodegenMultiRunSynthesisError,
    CodegenMultiRunTimeoutError,
    CodegenPermissionError,
    CodegenPlanLimitError,
    CodegenRateLimitError,
    CodegenResourceNotFoundError,
    CodegenResponseError,
    CodegenServerError,
    CodegenStatusError,
    CodegenTimeoutError,
    CodegenValidationError,
    FieldError,
)
from codegen_client._timestamps import parse_timestamp

if TYPE_CHECKING:
    from codegen_client._async.client import AsyncCodegenClient
    from codegen_client._async.multi_run import AsyncMultiRunAgent
    from codegen_client._async.pagination import AsyncPaginator
    from codegen_client._capture import CapturedResponses, capture_response
    from codegen_client._sync.client import CodegenClient
    from codegen_client._sync.multi_run import MultiRunAgent
    from codegen_client._sync.pagination import Paginator
    from codegen_client_generated.types import UNSET, Unset

# Names whose modules import httpx, loaded on first use (PEP 562): `codegen-client --help`
# and code that only needs the exceptions or clocks then start without paying for httpx.
_LAZY = {
    "AsyncCodegenClient": "codegen_client._async.client",
    "AsyncMultiRunAgent": "codegen_client._async.multi_run",
    "MultiRunAgent": "codegen_client._sync.multi_run",
    "AsyncPaginator": "codegen_client._async.pagination",
    "CodegenClient": "codegen_client._sync.client",
    "Paginator": "codegen_client._sync.pagination",
    "CapturedResponses": "codegen_client._capture",
    "capture_response": "codegen_client._capture",
    # The marker of a field the API left out (falsy); attrs loads with it.
    "UNSET": "codegen_client_generated.types",
    "Unset": "codegen_client_generated.types",
}

__version__ = "0.1.0"

__all__ = [
    "UNSET",
    "AgentRunPhase",
    "AsyncCodegenClient",
    "AsyncMultiRunAgent",
    "AsyncPaginator",
    "CapturedResponses",
    "Clock",
    "CodegenAgentRunError",
    "CodegenAgentRunPausedError",
    "CodegenAgentRunTimeoutError",
    "CodegenApiError",
    "CodegenAuthError",
    "CodegenBadRequestError",
    "CodegenClient",
    "CodegenConnectionError",
    "CodegenCreateOutcomeUnknownError",
    "CodegenInputError",
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
    "ManualClock",
    "MultiRunAgent",
    "Paginator",
    "ScaledClock",
    "SystemClock",
    "Unset",
    "__version__",
    "agent_run_phase",
    "capture_response",
    "parse_timestamp",
    "pull_request_urls",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    # The public names only: not the helpers this module imports, nor the loaded submodules.
    return sorted(__all__)
