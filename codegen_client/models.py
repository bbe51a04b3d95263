"""The data classes the client returns and accepts (generated from the spec), in one place.

A field the API left out holds ``UNSET``, which is falsy: test it with ``isinstance(x, Unset)``
or plain truth, not ``is None``. Objects the spec gives no named fields (``metadata``, a tool's
input) are plain dicts. Error bodies are not listed: errors arrive as exceptions. Timestamps
(``created_at``) are timezone-aware UTC ``datetime`` objects, whatever shape the API wrote them
in; ``to_dict()`` writes them back as ISO 8601 strings. Each model's ``from_dict`` checks every
field against the spec's type while it builds the model, so a model the client returns never
holds, say, a string where an ``int`` is declared. The models load on first use.

Examples:
    >>> from codegen_client.models import UNSET, AgentRunResponse
    >>> run = AgentRunResponse.from_dict({"id": 1, "organization_id": 2})
    >>> run.result is UNSET
    True
    >>> run
    AgentRunResponse(id=1, organization_id=2)
    >>> AgentRunResponse.from_dict(
    ...     {"id": 1, "organization_id": 2, "created_at": "2025-06-21 11:20:04.338398"}
    ... ).created_at
    datetime.datetime(2025, 6, 21, 11, 20, 4, 338398, tzinfo=datetime.timezone.utc)

"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from codegen_client_generated import models as _generated

if TYPE_CHECKING:
    from codegen_client_generated.models import *  # noqa: F403
    from codegen_client_generated.types import UNSET, Unset

__all__ = ["UNSET", "Unset"]
__all__ += [  # the generated models' own list: one list to keep
    name for name in _generated.__all__ if name not in _generated.ERROR_BODIES
]


def __getattr__(name: str) -> Any:
    if name in ("UNSET", "Unset"):
        value = getattr(importlib.import_module("codegen_client_generated.types"), name)
    elif name in __all__:
        value = getattr(_generated, name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return list(__all__)
