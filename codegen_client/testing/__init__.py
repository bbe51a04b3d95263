"""The offline Codegen API: a faithful, stateful, in-memory Codegen service for tests.

Use it in-process through an httpx transport, from pytest (fixtures ``codegen_fake_api``,
``codegen_client``, ``async_codegen_client``), or as a loopback HTTP server
(``python -m codegen_client.testing``).

Examples:
    >>> from codegen_client.testing import FakeCodegenAPI, ManualClock
    >>> fake = FakeCodegenAPI(seed=1, clock=ManualClock())
    >>> client = fake.client()  # doctest: +SKIP

"""

from codegen_client._clock import ManualClock, ScaledClock
from codegen_client.testing._app import DEFAULT_API_KEY, FakeCodegenAPI
from codegen_client.testing._faults import FAULT_KINDS, Fault, FaultKind
from codegen_client.testing._records import RequestRecord
from codegen_client.testing._runs import AgentRun, RunOutcome
from codegen_client.testing._state import User

__all__ = [
    "DEFAULT_API_KEY",
    "FAULT_KINDS",
    "AgentRun",
    "FakeCodegenAPI",
    "Fault",
    "FaultKind",
    "ManualClock",
    "RequestRecord",
    "RunOutcome",
    "ScaledClock",
    "User",
]
