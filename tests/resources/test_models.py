"""client.models: the models agent runs may use."""

from __future__ import annotations

from collections.abc import Callable

from codegen_client import CodegenClient
from codegen_client.testing import RequestRecord
from codegen_client_generated.models.models_response import ModelsResponse

Sent = Callable[[str], list[RequestRecord]]


def test_get_models(codegen_client: CodegenClient, org_id: int, sent: Sent) -> None:
    """get_models GETs /organizations/{org_id}/models; the default is one of the listed values."""
    found = codegen_client.models.get_models(org_id)

    assert isinstance(found, ModelsResponse)
    values = [m.value for provider in found.providers for m in provider.models]
    assert values and found.default_model in values
    (request,) = sent("get_models")
    assert (request.method, request.path) == ("GET", f"/organizations/{org_id}/models")
