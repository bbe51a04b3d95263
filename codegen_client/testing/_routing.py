"""Routing: which operation a ``(method, path)`` addresses.

Routes come from the project's operation table,
``codegen_client_generated.operations.OPERATIONS`` (generated from ``openapi/codegen-api.yaml``),
so the offline API serves exactly the operations the spec declares.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from codegen_client_generated.operations import OPERATIONS, Operation, RateLimit

__all__ = ["OPERATIONS", "Operation", "RateLimit", "RouteMatch", "Router"]


class RouteMatch(NamedTuple):
    """The operation a request addressed and its raw (still unvalidated) path parameters."""

    operation: Operation
    path_params: dict[str, str]


class _Template(NamedTuple):
    operation: Operation
    segments: tuple[str, ...]
    literal_count: int


class Router:
    """Matches ``(method, path)`` against the operation paths, segment by segment.

    Literal segments win over parameters, so ``POST .../agent/run/resume`` never reads
    ``resume`` as an agent run id. Paths and methods match exactly, as Starlette's router
    does: ``/users/me/``, ``//users/me`` and ``get`` match nothing. Lookup is bucketed by
    segment count: a handful of comparisons per request, whatever the table size.

    Examples:
        >>> router = Router(OPERATIONS.values())
        >>> router.match("GET", "/users/me").operation.operation_id
        'get_current_user'

    """

    def __init__(self, operations: Iterable[Operation]) -> None:
        self._buckets: dict[int, list[_Template]] = {}
        for op in operations:
            segments = tuple(op.path.strip("/").split("/"))
            literals = sum(1 for s in segments if not s.startswith("{"))
            self._buckets.setdefault(len(segments), []).append(_Template(op, segments, literals))
        for bucket in self._buckets.values():
            bucket.sort(key=lambda t: -t.literal_count)

    def _candidates(self, path: str) -> tuple[tuple[str, ...], list[_Template]]:
        if not path.startswith("/"):
            return (), []
        parts = tuple(path[1:].split("/"))
        return parts, self._buckets.get(len(parts), [])

    @staticmethod
    def _bind(template: _Template, parts: tuple[str, ...]) -> dict[str, str] | None:
        params: dict[str, str] = {}
        for want, got in zip(template.segments, parts, strict=True):
            if want.startswith("{"):
                if not got:
                    return None
                params[want[1:-1]] = got
            elif want != got:
                return None
        return params

    def match(self, method: str, path: str) -> RouteMatch | None:
        """Find the operation for ``method`` and ``path`` (relative to ``/v1``).

        Args:
            method: HTTP method, exactly as sent (``get`` is not ``GET``).
            path: Request path below the base path, e.g. ``/organizations/5/repos``.

        Returns:
            The match, or None when no operation has this method and path.

        """
        parts, bucket = self._candidates(path)
        for template in bucket:
            if template.operation.method != method:
                continue
            params = self._bind(template, parts)
            if params is not None:
                return RouteMatch(template.operation, params)
        return None

    def path_exists(self, path: str) -> bool:
        """Tell whether any method serves ``path`` (405 rather than 404 when one does).

        Args:
            path: Request path below the base path.

        Returns:
            True when some operation's path matches.

        """
        parts, bucket = self._candidates(path)
        return any(self._bind(t, parts) is not None for t in bucket)

    def allowed_methods(self, path: str) -> list[str]:
        """Return the methods some operation serves at ``path``, sorted (for ``Allow``).

        Args:
            path: Request path below the base path.

        Returns:
            The methods, e.g. ``["GET", "PUT"]``; empty for an unknown path.

        """
        parts, bucket = self._candidates(path)
        return sorted({t.operation.method for t in bucket if self._bind(t, parts) is not None})
