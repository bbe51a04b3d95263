"""Creating an agent run without ever creating two.

The API has no idempotency key, and a run costs money. So each create call tags its run with a
client token in ``metadata`` (under :data:`REQUEST_ID_KEY`; the caller's own keys are kept).
When the outcome of a POST is unknown (the answer was lost, timed out, was a 5xx, or could
not be read), the client looks for a run carrying the token among the newest runs and returns
it; it sends the POST again only when no such run exists. The core never repeats this POST on
its own (``x-repeatable: false`` in the spec); it does repeat 429s and failed connects, which the
server refused or never saw. A 402 is never repeated.

The guarantee rests on one assumption: the API has stored a run by the time it answers (or
fails to). A caller that passes its own ``codegen_client_request_id`` in ``metadata`` reuses
that token, which makes a create safe to repeat across processes too.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any

from codegen_client._core import backoff
from codegen_client._exceptions import (
    CodegenApiError,
    CodegenConnectionError,
    CodegenInputError,
    CodegenResponseError,
    CodegenServerError,
)
from codegen_client._validation import check_argument

if TYPE_CHECKING:
    from codegen_client._clock import Clock
    from codegen_client_generated.models.agent_run_page import AgentRunPage
    from codegen_client_generated.models.agent_run_response import AgentRunResponse

__all__ = [
    "LOOKUP_PAGES",
    "REQUEST_ID_KEY",
    "acreate_once",
    "create_once",
    "is_ambiguous",
    "tag_metadata",
]

logger = logging.getLogger("codegen_client")

REQUEST_ID_KEY = "codegen_client_request_id"
LOOKUP_PAGES = 3
LOOKUP_PAGE_SIZE = 100

Send = Callable[[], "AgentRunResponse"]
ListPage = Callable[[int, int], "AgentRunPage"]
ASend = Callable[[], Awaitable["AgentRunResponse"]]
AListPage = Callable[[int, int], Awaitable["AgentRunPage"]]


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


def _find(page: AgentRunPage, token: str) -> AgentRunResponse | None:
    # Oldest match wins, should a caller-supplied token ever have been used twice.
    matches = [run for run in page.items if _token_of(run) == token]
    return matches[-1] if matches else None


class _Attempts:
    """Counts repeats (another POST, or another look after a failed look) against max_retries."""

    def __init__(self, max_retries: int) -> None:
        self.max_retries = max_retries
        self.used = 0

    def spend(self, error: CodegenApiError, cause: BaseException | None = None) -> None:
        """Use one repeat, or raise ``error`` when none are left."""
        if self.used >= self.max_retries:
            raise error from cause
        self.used += 1


def create_once(
    send: Send, list_page: ListPage, clock: Clock, max_retries: int, token: str
) -> AgentRunResponse:
    """POST a create; after an ambiguous failure, find the run by ``token`` before posting again.

    Args:
        send: Sends the POST once (the core still repeats 429s and failed connects).
        list_page: Returns one newest-first page of runs: ``(skip, limit)``.
        clock: Where waits go.
        max_retries: How many times to POST again, or look again after a failed look.
        token: The client token the POST's metadata carries.

    Returns:
        The run created by this call (by the POST's answer, or found by its token).

    Raises:
        CodegenApiError: The create failed, and no run carrying the token exists.

    """
    attempts = _Attempts(max_retries)
    while True:
        try:
            return send()
        except CodegenApiError as error:
            if not is_ambiguous(error):
                raise
            failure = error
        while True:
            # The first pause also gives a server still busy with the POST time to store the run.
            clock.sleep(backoff(attempts.used))
            try:
                found = _look(list_page, token)
            except CodegenApiError as look_error:
                logger.warning("looking for agent run %s failed: %s", token, look_error)
                attempts.spend(failure, look_error)
                continue
            break
        if found is not None:
            logger.info("create_agent_run failed (%s); run %s exists, using it", failure, found.id)
            return found
        attempts.spend(failure)
        logger.info("create_agent_run failed (%s) and created nothing; posting again", failure)


def _look(list_page: ListPage, token: str) -> AgentRunResponse | None:
    for number in range(LOOKUP_PAGES):
        page = list_page(number * LOOKUP_PAGE_SIZE, LOOKUP_PAGE_SIZE)
        found = _find(page, token)
        if found is not None or len(page.items) < LOOKUP_PAGE_SIZE:
            return found
    return None


async def acreate_once(
    send: ASend, list_page: AListPage, clock: Clock, max_retries: int, token: str
) -> AgentRunResponse:
    """The async twin of :func:`create_once`."""
    attempts = _Attempts(max_retries)
    while True:
        try:
            return await send()
        except CodegenApiError as error:
            if not is_ambiguous(error):
                raise
            failure = error
        while True:
            await clock.asleep(backoff(attempts.used))
            try:
                found = await _alook(list_page, token)
            except CodegenApiError as look_error:
                logger.warning("looking for agent run %s failed: %s", token, look_error)
                attempts.spend(failure, look_error)
                continue
            break
        if found is not None:
            logger.info("create_agent_run failed (%s); run %s exists, using it", failure, found.id)
            return found
        attempts.spend(failure)
        logger.info("create_agent_run failed (%s) and created nothing; posting again", failure)


async def _alook(list_page: AListPage, token: str) -> AgentRunResponse | None:
    for number in range(LOOKUP_PAGES):
        page = await list_page(number * LOOKUP_PAGE_SIZE, LOOKUP_PAGE_SIZE)
        found = _find(page, token)
        if found is not None or len(page.items) < LOOKUP_PAGE_SIZE:
            return found
    return None
