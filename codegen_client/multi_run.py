"""MultiRunAgent: run one prompt on several agents, then have one more agent merge the answers.

The classes are written once, as async code (``codegen_client/_async/multi_run.py``), and the
blocking `MultiRunAgent` is generated from it; this module gathers the public names.
"""

from __future__ import annotations

from codegen_client._async.multi_run import AsyncMultiRunAgent
from codegen_client._multi_run.progress import ProgressCallback
from codegen_client._multi_run.result import MultiRunEvent, MultiRunResult
from codegen_client._sync.multi_run import MultiRunAgent

__all__ = [
    "AsyncMultiRunAgent",
    "MultiRunAgent",
    "MultiRunEvent",
    "MultiRunResult",
    "ProgressCallback",
]
