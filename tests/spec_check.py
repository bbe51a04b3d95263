"""openapi-core's view of httpx requests and responses, for checks against openapi/."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import httpx
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

from codegen_client import parse_timestamp

SPEC = Path(__file__).resolve().parents[1] / "openapi" / "codegen-api.yaml"


def _api_timestamp(value: object) -> bool:
    """``format: date-time`` as the API writes it: RFC 3339, or UTC with a space and no zone."""
    if not isinstance(value, str):
        return True  # the type is checked on its own
    try:
        parse_timestamp(value)
    except ValueError:
        return False
    return True


@cache
def spec() -> OpenAPI:
    config = Config(extra_format_validators={"date-time": _api_timestamp})
    return OpenAPI.from_file_path(str(SPEC), config=config)


class SpecRequest:
    """An httpx request seen through openapi-core's request protocol."""

    def __init__(self, request: httpx.Request) -> None:
        self._request = request
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(list(request.url.params.multi_items())),
            header=Headers(dict(request.headers)),
        )

    @property
    def host_url(self) -> str:
        return f"{self._request.url.scheme}://{self._request.url.netloc.decode()}"

    @property
    def path(self) -> str:
        return self._request.url.path

    @property
    def method(self) -> str:
        return self._request.method.lower()

    @property
    def body(self) -> bytes | None:
        return self._request.content or None

    @property
    def content_type(self) -> str:
        return self._request.headers.get("content-type", "")


class SpecResponse:
    """An httpx response seen through openapi-core's response protocol."""

    def __init__(self, response: httpx.Response) -> None:
        self._response = response

    @property
    def status_code(self) -> int:
        return self._response.status_code

    @property
    def content_type(self) -> str:
        return self._response.headers.get("content-type", "")

    @property
    def headers(self) -> Mapping[str, Any]:
        return Headers(dict(self._response.headers))

    @property
    def data(self) -> bytes:
        return self._response.content


def check(request: httpx.Request, response: httpx.Response) -> None:
    """Validate the request and the response against the project's spec."""
    spec().validate_request(SpecRequest(request))
    spec().validate_response(SpecRequest(request), SpecResponse(response))
