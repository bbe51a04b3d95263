"""Reading what users pass on the command line: prompts, image files and JSON values.

Files and standard input are size-checked before and while they are read, so ``--image
/dev/zero`` or ``agent-run 123 - < /dev/zero`` fail at once instead of filling memory.
"""

from __future__ import annotations

import base64
import json
import mimetypes
import os
import stat
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO, overload

from codegen_client.cli._errors import CliError, tell

__all__ = [
    "MAX_IMAGE_BYTES",
    "MAX_PROMPT_BYTES",
    "STDIN",
    "image_data_uri",
    "image_data_uris",
    "json_object",
    "prompt_text",
]

# The API states no limits: these keep a mistaken file or stream from filling memory.
MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_PROMPT_BYTES = 10 * 1024 * 1024
# A prompt given as this reads standard input.
STDIN = "-"


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MiB"


def _read_at_most(stream: BinaryIO, limit: int) -> bytes | None:
    """Read the whole stream, or return None as soon as it holds more than ``limit`` bytes."""
    chunks = []
    total = 0
    while chunk := stream.read(min(1024 * 1024, limit + 1 - total)):
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            return None
    return b"".join(chunks)


def prompt_text(prompt: str) -> str:
    """Return the prompt as given, or read it from standard input when it is ``-``.

    Args:
        prompt: The PROMPT argument.

    Returns:
        The prompt; from standard input, without the whitespace around it.

    Raises:
        CliError: Standard input is not UTF-8 text, is empty, or holds more than 10 MiB.

    """
    if prompt != STDIN:
        return prompt
    if sys.stdin.isatty():
        tell("reading the prompt from standard input; end it with Ctrl-D")
    data = _read_at_most(sys.stdin.buffer, MAX_PROMPT_BYTES)
    if data is None:
        raise CliError(f"PROMPT -: standard input holds more than {_mib(MAX_PROMPT_BYTES)}")
    try:
        text = data.decode("utf-8").strip()
    except UnicodeDecodeError as exc:
        raise CliError(f"PROMPT -: standard input is not UTF-8 text (byte {exc.start})") from None
    if not text:
        raise CliError("PROMPT -: standard input is empty")
    return text


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
        CliError: The file cannot be read, is not a regular file, holds more than 20 MiB, or
            is not an image.

    """
    try:
        # Non-blocking, so that opening a named pipe cannot hang; then checked before reading:
        # a device (/dev/zero), a pipe or a huge file is refused.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        with os.fdopen(os.open(path, flags), "rb") as file:
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise CliError(f"--image {path}: not a regular file")
            if info.st_size > MAX_IMAGE_BYTES:
                raise CliError(
                    f"--image {path}: {_mib(info.st_size)}, more than the "
                    f"{_mib(MAX_IMAGE_BYTES)} an image may have"
                )
            content = _read_at_most(file, MAX_IMAGE_BYTES)  # it may grow while read
    except OSError as exc:
        raise CliError(f"--image {path}: cannot read it ({exc.strerror or exc})") from None
    if content is None:
        raise CliError(f"--image {path}: more than the {_mib(MAX_IMAGE_BYTES)} an image may have")
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
