"""codegen-client: a typed Python client for the Codegen API."""

from codegen_client._client import AsyncCodegenClient, CodegenClient
from codegen_client._clock import Clock, ManualClock, ScaledClock, SystemClock
from codegen_client._core import CapturedResponses, capture_response
from codegen_client._exceptions import (
    CodegenApiError,
    CodegenAuthError,
    CodegenBadRequestError,
    CodegenConnectionError,
    CodegenInputError,
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
from codegen_client._pagination import AsyncPaginator, Paginator
from codegen_client._timestamps import parse_timestamp

__version__ = "0.1.0"

__all__ = [
    "AsyncCodegenClient",
    "AsyncPaginator",
    "CapturedResponses",
    "Clock",
    "CodegenApiError",
    "CodegenAuthError",
    "CodegenBadRequestError",
    "CodegenClient",
    "CodegenConnectionError",
    "CodegenInputError",
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
    "capture_response",
    "parse_timestamp",
]
