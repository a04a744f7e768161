"""The PLP endpoints of DJBC's "openapi-tpsonline" (note section 5), under
/h2h/v1/openapi-tpsonline and its sandbox spelling /h2h/v1/openapi-tps. Routes hold no rule:
the H2H adapter reads, the domain decides, the adapter answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from app.api.h2h import openapi as doc
from app.api.h2h import uploads
from app.api.h2h.envelope import Outcome
from app.api.h2h.handlers import respond
from app.api.h2h.state import json_body, state_of
from app.domain.actor import Actor

router = APIRouter()


def caller(request: Request) -> Actor:
    """The bearer token, then the beacukai-api-key: both of the same active account."""
    headers = request.headers
    return state_of(request).caller(headers.get("authorization"), headers.get("beacukai-api-key"))


ActorDep = Annotated[Actor, Depends(caller)]  # declared first: a stranger learns nothing more
BodyDep = Annotated[Any, Depends(json_body)]
UPLOADED = doc.envelope({"type": "object", "properties": {"refNumber": {"type": "string"}}})


def extra(
    body: str | None = None, data: dict[str, Any] | None = None, query: str | None = None
) -> dict[str, Any]:
    """OpenAPI of one operation, from the contract tables."""
    extra: dict[str, Any] = {"security": doc.SECURITY}
    if body:
        schema = {"$ref": doc.REF + body}
        extra["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": schema}},
        }
    if query:
        extra["parameters"] = doc.query_parameters(query)
    content = {"application/json": {"schema": doc.envelope(data) if data else UPLOADED}}
    extra["responses"] = {"200": {"description": "the envelope (note 3.1)", "content": content}}
    return extra


def _upload(path: str, op_id: str, summary: str, schema: str, run: Callable[..., Outcome]) -> None:
    def endpoint(request: Request, actor: ActorDep, body: BodyDep) -> JSONResponse:
        return respond(request, run(actor, body, state_of(request).context))

    router.add_api_route(
        path,
        endpoint,
        methods=["POST"],
        operation_id=op_id,
        summary=summary,
        openapi_extra=extra(body=schema),
        response_class=JSONResponse,
    )


_upload(
    "/upload-mohon-plp",
    "uploadMohonPlp",
    "Upload a PLP request",
    "PermohonanPlpRequestV2",
    uploads.upload_plp,
)
_upload(
    "/permohonan-plp",
    "pemohonanPlp",
    "Upload a PLP request (second path, same schema)",
    "PermohonanPlpRequestV2",
    uploads.upload_plp,
)
_upload(
    "/upload-batal-plp",
    "uploadBatalPLP",
    "Upload a PLP cancellation",
    "UploadBatalPlpRequestDto",
    uploads.upload_batal,
)
_upload(
    "/coarri-codeco-container",
    "insertCoarriCodecoContainer",
    "Gate-out/gate-in report of PLP containers",
    "CoarriCodecoKontainerRequest",
    lambda actor, body, ctx: uploads.coarri(actor, body, ctx, containers=True),
)
_upload(
    "/coarri-codeco-kemasan",
    "coarriCodecoKemasan",
    "Gate-out/gate-in report of PLP packages",
    "CoarriCodecoRequestDto",
    lambda actor, body, ctx: uploads.coarri(actor, body, ctx, containers=False),
)
