"""codegen-client: a typed Python client for the Codegen API."""

# No import runs here, not even __future__ or typing: the command line takes over Ctrl-C
# right after this module (mypy reads a name TYPE_CHECKING as typing.TYPE_CHECKING).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from codegen_client._agents.activity import AgentRunSummary, CommandRun, FileChange, TestRun
    from codegen_client._agents.phases import AgentRunPhase, agent_run_phase
    from codegen_client._agents.pull_requests import pull_request_urls
    from codegen_client._aiohttp import DefaultAioHttpClient
    from codegen_client._async.client import AsyncCodegenClient
    from codegen_client._async.multi_run import AsyncMultiRunAgent
    from codegen_client._async.pagination import AsyncPaginator
    from codegen_client._capture import CapturedResponses, capture_response
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
        CodegenLookupInconclusiveError,
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
    from codegen_client._options import NOT_GIVEN, NotGiven
    from codegen_client._pacing import LocalRateLimitBackend, RateLimitBackend
    from codegen_client._pacing_redis import RedisRateLimitBackend
    from codegen_client._response import RawResponse
    from codegen_client._sync.client import CodegenClient
    from codegen_client._sync.multi_run import MultiRunAgent
    from codegen_client._sync.pagination import Paginator
    from codegen_client._timestamps import parse_timestamp
    from codegen_client_generated.types import UNSET, Unset

# Every public name is loaded on first use (PEP 562), so `import codegen_client` costs next to
# nothing: code that needs only the exceptions or clocks never pays for httpx, and the command
# line takes over Ctrl-C within a millisecond of starting (see codegen_client.cli.main).
_MODULES = {
    "codegen_client._agents.activity": (
        "AgentRunSummary",
        "CommandRun",
        "FileChange",
        "TestRun",
    ),
    "codegen_client._agents.phases": (
        "AgentRunPhase",
        "agent_run_phase",
    ),
    "codegen_client._agents.pull_requests": ("pull_request_urls",),
    "codegen_client._aiohttp": ("DefaultAioHttpClient",),
    "codegen_client._async.client": ("AsyncCodegenClient",),
    "codegen_client._async.multi_run": ("AsyncMultiRunAgent",),
    "codegen_client._async.pagination": ("AsyncPaginator",),
    "codegen_client._capture": (
        "CapturedResponses",
        "capture_response",
    ),
    "codegen_client._clock": (
        "Clock",
        "ManualClock",
        "ScaledClock",
        "SystemClock",
    ),
    "codegen_client._exceptions": (
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
    ),
    "codegen_client._options": (
        "NOT_GIVEN",
        "NotGiven",
    ),
    "codegen_client._pacing": (
        "LocalRateLimitBackend",
        "RateLimitBackend",
    ),
    "codegen_client._pacing_redis": ("RedisRateLimitBackend",),
    "codegen_client._response": ("RawResponse",),
    "codegen_client._sync.client": ("CodegenClient",),
    "codegen_client._sync.multi_run": ("MultiRunAgent",),
    "codegen_client._sync.pagination": ("Paginator",),
    "codegen_client._timestamps": ("parse_timestamp",),
    # The marker of a field the API left out (falsy); attrs loads with it.
    "codegen_client_generated.types": (
        "UNSET",
        "Unset",
    ),
}
_LAZY = {name: module for module, names in _MODULES.items() for name in names}

__version__ = "0.1.0"

__all__ = [
    "NOT_GIVEN",
    "UNSET",
    "AgentRunPhase",
    "AgentRunSummary",
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
    "CommandRun",
    "DefaultAioHttpClient",
    "FieldError",
    "FileChange",
    "LocalRateLimitBackend",
    "ManualClock",
    "MultiRunAgent",
    "NotGiven",
    "Paginator",
    "RateLimitBackend",
    "RawResponse",
    "RedisRateLimitBackend",
    "ScaledClock",
    "SystemClock",
    "TestRun",
    "Unset",
    "__version__",
    "agent_run_phase",
    "capture_response",
    "parse_timestamp",
    "pull_request_urls",
]


def __getattr__(name: str) -> "Any":
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    # __import__ rather than importlib.import_module: importing importlib loads warnings.
    value = getattr(__import__(module, fromlist=[name]), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    # The public names only: not the helpers this module imports, nor the loaded submodules.
    return sorted(__all__)
