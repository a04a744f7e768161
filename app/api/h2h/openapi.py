"""OpenAPI pieces of the H2H surface, built from the same contract tables as the code, so the
document users compare with DJBC's export says what the surface does."""

from __future__ import annotations

from typing import Any

from app.api.h2h import contract
from app.api.h2h.contract import FieldSpec

REF = "#/components/schemas/"
_DATE = {"pattern": r"^\d{2}-\d{2}-\d{4}$", "example": "25-11-2026"}
_MOMENT = {"pattern": r"^\d{2}-\d{2}-\d{4}( {1,2}|T)\d{2}:\d{2}(:\d{2})?$"}
_REQUIRED = {"spec": "Required (SPEC).", "ours": "Required by the simulator."}
SECURITY_SCHEMES = {
    "oAuth2Token": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "item.access_token of POST /h2h/v1/openapi-auth/user/login",
    },
    "apiKey": {
        "type": "apiKey",
        "in": "header",
        "name": "beacukai-api-key",
        "description": "the account's API key (plp-online accounts api-key NAME)",
    },
}
SECURITY: list[dict[str, list[str]]] = [
    {"oAuth2Token": [], "apiKey": []}
]  # one requirement object: both are needed


def component_name(schema: str) -> str:
    """ "ResponPlp.header" -> "ResponPlpHeader"; request schemas keep their names."""
    head, _, part = schema.partition(".")
    return head + part[:1].upper() + part[1:]


def _property(f: FieldSpec) -> dict[str, Any]:
    if f.type == "object":
        return {"$ref": REF + f.ref}
    if f.type == "array":
        return {"type": "array", "items": {"$ref": REF + f.ref}, "maxItems": 1000}
    prop: dict[str, Any] = {"type": f.type}
    words = [_REQUIRED.get(f.required, "")]
    if f.format == "date":
        prop |= _DATE
        words.append("Format: dd-MM-yyyy.")
    elif f.format == "datetime":
        prop |= _MOMENT | {"example": "25-11-2026 10:15:00"}
        words.append("Format: dd-MM-yyyy HH:mm:ss (office local time).")
    elif f.limit:
        prop["maxLength"] = f.limit
    if f.our_max and f.max_length and f.our_max < f.max_length:
        words.append(f"SPEC allows {f.max_length}; the simulator stores {f.our_max}.")
    if f.aliases:
        words.append("Also read as " + ", ".join(f.aliases) + ".")
    if f.rule:
        words.append(f"Rule {f.rule} needs it.")
    if text := " ".join(w for w in words if w):
        prop["description"] = text
    return prop


def request_components() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for schema in contract.request_schemas():
        if schema.startswith("query:"):
            continue
        specs = contract.fields(schema)
        out[schema] = {
            "type": "object",
            "properties": {f.name: _property(f) for f in specs},
            "required": [f.name for f in specs if f.required] or None,
        }
        if out[schema]["required"] is None:
            del out[schema]["required"]
    return out


def query_parameters(endpoint: str) -> list[dict[str, Any]]:
    return [
        {
            "name": f.name,
            "in": "query",
            "required": bool(f.required),
            "schema": _property(f),
        }
        for f in contract.fields(f"query:{endpoint}")
    ]


def response_components() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for schema in contract.response_schemas():
        props: dict[str, Any] = {}
        for f in contract.response_fields(schema):
            prop: dict[str, Any] = {"type": f.type, "nullable": True}
            props[f.name] = prop | (_DATE if f.format == "date" else {})
        out[component_name(schema)] = {"type": "object", "properties": props}
    return out


def item_schema(schema: str, nested: bool) -> dict[str, Any]:
    """{header, kontainer[], kemasan[]} or, nested, {header, detil: {kontainer[], kemasan[]}}."""
    lists = {
        part: {"type": "array", "items": {"$ref": REF + component_name(f"{schema}.{part}")}}
        for part in ("kontainer", "kemasan")
    }
    header = {"$ref": REF + component_name(f"{schema}.header")}
    if nested:
        detil = {"type": "object", "properties": lists}
        return {"type": "object", "properties": {"header": header, "detil": detil}}
    return {"type": "object", "properties": {"header": header, **lists}}


def envelope(data: dict[str, Any] | None) -> dict[str, Any]:
    """DataResponse<T> (note 3.1)."""
    return {
        "type": "object",
        "properties": {
            "result": {"type": "string", "example": "Data(s) successfully fetched."},
            "detail": {"type": "string"},
            "path": {"type": "string"},
            "date": {"type": "string", "example": "25-11-2026 08:00:00:00 WIB"},
            "code": {"type": "integer", "format": "int32"},
            "version": {"type": "string", "example": "1.0.0"},
            "data": (data or {}) | {"nullable": True},
        },
    }
