"""Reading the API's timestamps, which come in more than one shape."""

from __future__ import annotations

from datetime import datetime, timezone

from dateutil.parser import isoparse

__all__ = ["parse_timestamp"]


def parse_timestamp(value: str | datetime) -> datetime:
    """Read an API timestamp as an aware UTC datetime.

    Real responses say ``2025-06-21 11:20:04.338398`` (a space, microseconds, no zone, meaning
    UTC); the docs show ISO 8601 with ``Z``. Both, and explicit offsets, are accepted. The models
    already hold such datetimes (``run.created_at``); a datetime passed in is returned in UTC,
    a naive one taken as UTC, so code written for string timestamps keeps working.

    Args:
        value: The timestamp, e.g. ``"2025-06-21 11:20:04.338398"`` or ``run.created_at``.

    Returns:
        The moment, in UTC.

    Raises:
        ValueError: The string is not a timestamp.
        TypeError: The value is neither a string nor a datetime.

    """
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        # The same reading as the generated models' (openapi/templates/): dateutil's isoparse.
        moment = isoparse(value.strip())
    else:
        raise TypeError(f"a timestamp is a string or a datetime, not {type(value).__name__}")
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)
