"""Creating an agent run without ever creating two.

The API has no idempotency key, and a run costs money. So each create call tags its run with a
client token in ``metadata`` (under :data:`REQUEST_ID_KEY`; the caller's own keys are kept).
When the outcome of a POST is unknown (the answer was lost, timed out, was a 5xx, or could
not be read), the client looks for a run carrying the token among the newest runs and returns
it; it sends the POST again only when no such run exists. The core never repeats this POST on
its own (it is in ``NOT_REPEATABLE``); it does repeat 429s and failed connects, which the
server refused or never saw. A 402 is never repeated.

The guarantee rests on one assumption: the API has stored a run by the time it answers (or
fails to). A caller that passes its own ``codegen_client_request_id`` in ``metadata`` reuses
that token, which makes a create safe to repeat across processes too.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from codegen_client._exceptions import (
    CodegenApiError,
    CodegenConnectionError,
    CodegenInputError,
    CodegenResponseError,
    CodegenServerError,
)
from codegen_client._validation import check_argument

if TYPE_CHECKING:
    from codegen_client_generated.models.agent_run_page import AgentRunPage
    from codegen_client_generated.models.agent_run_response import AgentRunResponse

__all__ = [
    "LOOKUP_PAGES",
    "LOOKUP_PAGE_SIZE",
    "REQUEST_ID_KEY",
    "Attempts",
    "find_token",
    "is_ambiguous",
    "tag_metadata",
]


REQUEST_ID_KEY = "codegen_client_request_id"
LOOKUP_PAGES = 3
LOOKUP_PAGE_SIZE = 100


def tag_metadata(metadata: Mapping[str, Any] | None) -> tuple[dict[str, Any], str]:
    """Return the metadata to send (the caller's keys plus the token) and the token.

    Raises:
        CodegenInputError: ``metadata`` is not a mapping, or carries an empty token.

    """
    if metadata is not None:
        # Checked before the token is added, so an error shows the caller's metadata only.
        check_argument("metadata", metadata)
    tagged = dict(metadata or {})
    token = tagged.get(REQUEST_ID_KEY)
    if token is None:
        token = uuid.uuid4().hex
    elif not isinstance(token, str) or not token:
        raise CodegenInputError(f"metadata[{REQUEST_ID_KEY!r}] must be a non-empty string")
    tagged[REQUEST_ID_KEY] = token
    return tagged, token


def is_ambiguous(error: CodegenApiError) -> bool:
    """True when the POST may have created a run although the call failed."""
    if isinstance(error, CodegenConnectionError):
        return error.request_sent
    return isinstance(error, (CodegenServerError, CodegenResponseError))


def _token_of(run: AgentRunResponse) -> object:
    metadata = getattr(run, "metadata", None)
    properties = getattr(metadata, "additional_properties", metadata)
    return properties.get(REQUEST_ID_KEY) if isinstance(properties, Mapping) else None


def find_token(page: AgentRunPage, token: str) -> AgentRunResponse | None:
    """The run on ``page`` that carries ``token``, or None."""
    # Oldest match wins, should a caller-supplied token ever have been used twice.
    matches = [run for run in page.items if _token_of(run) == token]
    return matches[-1] if matches else None


class Attempts:
    """Counts repeats (another POST, or another look after a failed look) against max_retries."""

    def __init__(self, max_retries: int) -> None:
        self.max_retries = max_retries
        self.used = 0

    def spend(self, error: CodegenApiError, cause: BaseException | None = None) -> None:
        """Use one repeat, or raise ``error`` when none are left."""
        if self.used >= self.max_retries:
            raise error from cause
        self.used += 1
