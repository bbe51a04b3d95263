"""Reading what users pass on the command line: image files and JSON values."""

from __future__ import annotations

import base64
import json
import mimetypes
from collections.abc import Sequence
from pathlib import Path
from typing import Any, overload

from codegen_client.cli._errors import CliError

__all__ = ["image_data_uri", "image_data_uris", "json_object"]

# Sniffed when the file name says nothing: the formats the API's image input takes.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


def _sniff(head: bytes) -> str | None:
    for magic, mime in _MAGIC:
        if head.startswith(magic):
            return mime
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def image_data_uri(path: Path) -> str:
    """Read an image file into a base64 data URI with its MIME type.

    Args:
        path: The file.

    Returns:
        ``data:image/png;base64,...`` (the type comes from the name, else the content).

    Raises:
        CliError: The file cannot be read, or is not an image.

    """
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise CliError(f"--image {path}: cannot read it ({exc.strerror or exc})") from None
    mime = mimetypes.guess_type(path.name)[0]
    if mime is None or not mime.startswith("image/"):
        mime = _sniff(content[:16])
    if mime is None:
        raise CliError(f"--image {path}: not a PNG, JPEG, GIF or WebP image")
    return f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"


def image_data_uris(paths: Sequence[Path] | None) -> list[str] | None:
    """Read every ``--image`` file into a data URI (see `image_data_uri`).

    Args:
        paths: The files given, or None when the option was left out.

    Returns:
        The data URIs, or None when there are no files (the request then carries no images).

    Raises:
        CliError: A file cannot be read, or is not an image.

    """
    return [image_data_uri(path) for path in paths] if paths else None


@overload
def json_object(option: str, text: str) -> dict[str, Any]: ...
@overload
def json_object(option: str, text: None) -> None: ...
@overload
def json_object(option: str, text: str | None) -> dict[str, Any] | None: ...
def json_object(option: str, text: str | None) -> dict[str, Any] | None:
    """Parse an option's value as a JSON object.

    Args:
        option: The option's name, for the error message.
        text: The value given, or None when the option was left out.

    Returns:
        The object, or None for an option left out.

    Raises:
        CliError: The text is not JSON, or not an object.

    """
    if text is None:
        return None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CliError(f"{option}: not valid JSON ({exc.msg} at position {exc.pos})") from None
    except RecursionError:
        raise CliError(f"{option}: the JSON is nested too deep") from None
    except ValueError as exc:  # an integer past Python's digit limit
        raise CliError(f"{option}: not usable JSON ({exc.args[0].split(';')[0]})") from None
    if not isinstance(value, dict):
        raise CliError(f'{option}: must be a JSON object like \'{{"key": "value"}}\'')
    return value
