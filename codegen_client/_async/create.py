"""The duplicate-free create loop; :mod:`codegen_client._lifecycle_create` explains it."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from codegen_client._core import backoff, bounded_pause
from codegen_client._exceptions import CodegenApiError
from codegen_client._lifecycle_create import (
    LOOKUP_PAGE_SIZE,
    LOOKUP_PAGES,
    Attempts,
    find_token,
    is_ambiguous,
)

if TYPE_CHECKING:
    from codegen_client._clock import Clock
    from codegen_client_generated.models.agent_run_page import AgentRunPage
    from codegen_client_generated.models.agent_run_response import AgentRunResponse

__all__ = ["create_once"]

logger = logging.getLogger("codegen_client")

Send = Callable[[], Awaitable["AgentRunResponse"]]
ListPage = Callable[[int, int], Awaitable["AgentRunPage"]]


async def create_once(
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
    attempts = Attempts(max_retries)
    while True:
        try:
            return await send()
        except CodegenApiError as error:
            if not is_ambiguous(error):
                raise
            failure = error
        while True:
            # The first pause also gives a server still busy with the POST time to store the run.
            await clock.asleep(bounded_pause(clock, backoff(attempts.used)))
            try:
                found = await _look(list_page, token)
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


async def _look(list_page: ListPage, token: str) -> AgentRunResponse | None:
    for number in range(LOOKUP_PAGES):
        page = await list_page(number * LOOKUP_PAGE_SIZE, LOOKUP_PAGE_SIZE)
        found = find_token(page, token)
        if found is not None or len(page.items) < LOOKUP_PAGE_SIZE:
            return found
    return None
