"""openapi-core's view of httpx requests and responses, for checks against openapi/."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import httpx
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

SPEC = Path(__file__).resolve().parents[1] / "openapi" / "codegen-api.yaml"


@cache
def spec() -> OpenAPI:
    return OpenAPI.from_file_path(str(SPEC))


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
