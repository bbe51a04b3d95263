"""Reading the API's timestamps, which come in more than one shape."""

from __future__ import annotations

from datetime import datetime, timezone

__all__ = ["parse_timestamp", "read_timestamp"]


def read_timestamp(text: str) -> datetime:
    """Read a timestamp string exactly as the generated models do (openapi/templates/).

    The API's own form (26 characters, a space at index 10) goes to the fast standard
    ``datetime.fromisoformat``; everything else to dateutil's ``isoparse``.

    Args:
        text: The string as the API sent it.

    Returns:
        The moment, naive when the string has no zone (the caller decides what that means).

    Raises:
        ValueError: The string is not a timestamp.

    """
    if len(text) == 26 and text[10] == " ":
        return datetime.fromisoformat(text)
    from dateutil.parser import isoparse  # only here: `import codegen_client` stays light

    return isoparse(text)


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
        moment = read_timestamp(value.strip())
    else:
        raise TypeError(f"a timestamp is a string or a datetime, not {type(value).__name__}")
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)
