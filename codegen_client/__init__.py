"""codegen-client: a typed Python client for the Codegen API."""

from codegen_client._client import AsyncCodegenClient, CodegenClient
from codegen_client._clock import Clock, ManualClock, ScaledClock, SystemClock
from codegen_client._core import CapturedResponses, capture_response
from codegen_client._exceptions import (
    CodegenAgentRunError,
    CodegenAgentRunPausedError,
    CodegenAgentRunTimeoutError,
    CodegenApiError,
    CodegenAuthError,
    CodegenBadRequestError,
    CodegenConnectionError,
    CodegenInputError,
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
from codegen_client._lifecycle import AgentRunPhase, agent_run_phase
from codegen_client._pagination import AsyncPaginator, Paginator
from codegen_client._timestamps import parse_timestamp

__version__ = "0.1.0"

__all__ = [
    "AgentRunPhase",
    "AsyncCodegenClient",
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
    "CodegenInputError",
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
    "Paginator",
    "ScaledClock",
    "SystemClock",
    "__version__",
    "agent_run_phase",
    "capture_response",
    "parse_timestamp",
]
