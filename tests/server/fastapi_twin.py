"""A FastAPI app with the offline API's routes and error conventions, to compare HTTP behaviour.

Every operation of ``openapi/codegen-api.yaml`` becomes a route under ``/v1`` with the spec's
path and query parameters (types, bounds, defaults) and, where the spec has one, a JSON body
model holding the schema's fields. Authentication follows the fake's conventions (401
``Not authenticated`` without a header, ``Invalid or expired API token`` for any other key), and
each handler answers 200 ``{"ok": true}``, or the fake's 403 for another organization. Routes
with more literal segments come first, as the fake's router prefers them. FastAPI is a test
dependency only (the ``dev`` extra).
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Annotated, Any

import yaml
from fastapi import APIRouter, Body, Depends, FastAPI, HTTPException
from fastapi import Path as PathParam
from fastapi import Query as QueryParam
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, create_model

from codegen_client_generated.operations import OPERATIONS

SPEC = Path(__file__).resolve().parents[2] / "openapi" / "codegen-api.yaml"
_SCALARS: dict[str, Any] = {
    "string": str,
    "integer": int,
    "number": float,
    "boolean": bool,
    "array": list[Any],
    "object": dict[str, Any],
}


def _resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = spec
        for part in node["$ref"].split("/")[1:]:
            target = target[part]
        node = target
    return node


def _python_type(spec: dict[str, Any], schema: dict[str, Any]) -> Any:
    """The Python type FastAPI would be given for a schema (anyOf with null: Optional)."""
    schema = _resolve(spec, schema)
    if "enum" in schema:
        return str
    if "anyOf" in schema:
        kinds = [_resolve(spec, s) for s in schema["anyOf"]]
        real = [k for k in kinds if k.get("type") != "null"]
        inner = _python_type(spec, real[0]) if len(real) == 1 else Any
        return inner | None if inner is not Any else Any
    return _SCALARS.get(schema.get("type", ""), Any)


class _Loose(BaseModel):
    model_config = ConfigDict(extra="allow")


def _body_model(spec: dict[str, Any], name: str, schema: dict[str, Any]) -> type[BaseModel]:
    schema = _resolve(spec, schema)
    required = set(schema.get("required", []))
    fields: dict[str, Any] = {}
    for field, sub in schema.get("properties", {}).items():
        kind = _python_type(spec, sub)
        fields[field] = (kind, ...) if field in required else (kind | None, None)
    return create_model(name, __base__=_Loose, **fields)


def _parameter(spec: dict[str, Any], param: dict[str, Any]) -> inspect.Parameter:
    param = _resolve(spec, param)
    schema = _resolve(spec, param["schema"])
    kind = _python_type(spec, schema)
    bounds = {
        "ge": schema.get("minimum"),
        "le": schema.get("maximum"),
    }
    bounds = {k: v for k, v in bounds.items() if v is not None}
    if param["in"] == "path":
        annotation = Annotated[kind, PathParam(**bounds)]
        default: Any = inspect.Parameter.empty
    else:
        annotation = Annotated[kind, QueryParam(**bounds)]
        required = param.get("required", False)
        default = inspect.Parameter.empty if required else schema.get("default")
    return inspect.Parameter(
        param["name"], inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
    )


def build_twin(api_key: str, org_id: int) -> FastAPI:
    """Return the FastAPI twin of the offline API, accepting ``api_key`` as the bearer token.

    Args:
        api_key: The one token that authenticates.
        org_id: The one organization the token's user belongs to (any other: 403).

    Returns:
        The app, ready for uvicorn.

    """
    spec = yaml.safe_load(SPEC.read_text())
    bearer = HTTPBearer(auto_error=False)

    # A default, not Annotated: the annotation is a string here, and ``bearer`` a local.
    def authenticate(credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:  # noqa: B008
        unauthenticated = {"WWW-Authenticate": "Bearer"}
        if credentials is None:
            raise HTTPException(401, "Not authenticated", headers=unauthenticated)
        if credentials.credentials.strip() != api_key:
            raise HTTPException(401, "Invalid or expired API token", headers=unauthenticated)

    router = APIRouter(prefix="/v1", dependencies=[Depends(authenticate)])
    operations = sorted(
        OPERATIONS.values(),
        key=lambda op: -sum(1 for s in op.path.split("/") if s and not s.startswith("{")),
    )
    for op in operations:
        definition = spec["paths"][op.path][op.method.lower()]
        params = [_parameter(spec, p) for p in definition.get("parameters", [])]
        body = definition.get("requestBody")
        if body is not None:
            schema = body["content"]["application/json"]["schema"]
            model = _body_model(spec, f"{op.operation_id}_body", schema)
            params.append(
                inspect.Parameter(
                    "body", inspect.Parameter.KEYWORD_ONLY, annotation=Annotated[model, Body()]
                )
            )

        async def endpoint(**params: Any) -> Any:
            if params.get("org_id", org_id) != org_id:
                message = "You do not have access to this organization."
                return JSONResponse({"message": message, "status_code": 403}, status_code=403)
            return {"ok": True}

        endpoint.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        endpoint.__name__ = op.operation_id
        router.add_api_route(op.path, endpoint, methods=[op.method], name=op.operation_id)
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    app.include_router(router)
    return app
