"""The OpenAPI document tells clients the truth about errors: every operation may answer RFC 9457
problem+json (401, 403, 404, 409, 412, 413, 422, 503), not FastAPI's default validation shape."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "examples": ["urn:rectify:error:invalid_value"]},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "field": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
    "additionalProperties": True,
}
ERRORS = {
    "401": "no or unknown bearer token",
    "403": "the role may not do this",
    "404": "no such resource (or not visible to this unit)",
    "409": "does not fit the current state",
    "412": "If-Match names an older version",
    "413": "body too large",
    "422": "the request does not match the contract or the rules",
    "503": "the store or a read model is not available yet; retry",
}
PUBLIC = {"/healthz", "/readyz"}
"""Open routes: no credential to refuse, but a bad query string is still a 422."""


def install_openapi(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["Problem"] = PROBLEM_SCHEMA
        reference = {"$ref": "#/components/schemas/Problem"}
        for path, operations in schema.get("paths", {}).items():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for code, description in ERRORS.items():
                    if path in PUBLIC and code not in ("422", "503"):
                        continue
                    responses[code] = {
                        "description": description,
                        "content": {"application/problem+json": {"schema": reference}},
                    }
        components.pop("HTTPValidationError", None)
        components.pop("ValidationError", None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
