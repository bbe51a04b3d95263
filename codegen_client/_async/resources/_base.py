"""What every resource class holds: the core that sends its requests."""

from __future__ import annotations

from codegen_client._async.core import AsyncCore

__all__ = ["AsyncResource"]


class AsyncResource:
    """A namespace of :class:`~codegen_client.AsyncCodegenClient`."""

    def __init__(self, core: AsyncCore) -> None:
        self._core = core

    def __repr__(self) -> str:
        return f"<{type(self).__name__} namespace>"
