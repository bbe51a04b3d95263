"""Reading the API's timestamps, which come in more than one shape."""

from __future__ import annotations

from datetime import datetime, timezone

__all__ = ["parse_timestamp"]


def parse_timestamp(value: str) -> datetime:
    """Parse an API timestamp into an aware UTC datetime.

    Real responses say ``2025-06-21 11:20:04.338398`` (a space, microseconds, no zone, meaning
    UTC); the docs show ISO 8601 with ``Z``. Both, and explicit offsets, are accepted.

    Args:
        value: The timestamp string, e.g. ``run.created_at``.

    Returns:
        The moment, in UTC.

    Raises:
        ValueError: The string is not a timestamp.

    """
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)
