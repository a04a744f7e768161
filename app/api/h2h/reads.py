"""The GET endpoints of the TPS surface: polled responses and on-demand reads (the rest of
note 5.1 is catalogue.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from app.api.h2h import openapi as doc
from app.api.h2h import polls
from app.api.h2h.context import H2hContext
from app.api.h2h.envelope import Outcome
from app.api.h2h.handlers import respond
from app.api.h2h.state import state_of
from app.api.h2h.tps import ActorDep, extra
from app.domain.actor import Actor

router = APIRouter()
Read = Callable[[Actor, Mapping[str, str], H2hContext], Outcome]


def _list_of(key: str, schema: str, nested: bool) -> dict[str, Any]:
    items = {"type": "array", "items": doc.item_schema(schema, nested)}
    return {"type": "object", "properties": {key: items}}


def _read(path: str, op_id: str, summary: str, run: Read, data: dict[str, Any]) -> None:
    def endpoint(request: Request, actor: ActorDep) -> JSONResponse:
        return respond(request, run(actor, request.query_params, state_of(request).context))

    query = path.lstrip("/")
    router.add_api_route(
        path,
        endpoint,
        methods=["GET"],
        operation_id=op_id,
        summary=summary,
        openapi_extra=extra(data=data, query=query),
        response_class=JSONResponse,
    )


def _poll(name: str) -> Read:
    return lambda actor, query, ctx: polls.poll(actor, name, query, ctx)


POLLED = [  # path, operationId (SPEC's), summary, data schema
    (
        "get-respon-plp",
        "getResponPLP",
        "PLP responses for the origin TPS (delivered once)",
        _list_of("responPlp", "ResponPlp", False),
    ),
    (
        "get-respon-plp-tujuan",
        "getResponPLPTujuan",
        "Approved PLPs for the destination TPS (delivered once)",
        _list_of("responPlp", "ResponPlpTujuan", False),
    ),
    (
        "get-respon-plp-tujuan-v2",
        "getResponPLPTujuan_1",
        "Approved PLPs for the destination TPS (same as v1, same delivery)",
        _list_of("responPlp", "ResponPlpTujuan", False),
    ),
    (
        "get-respon-batal-plp",
        "getResponBatalPlp",
        "Cancellations of the applicant's PLPs (delivered once)",
        _list_of("responBatal", "ResponBatal", True),
    ),
    (
        "get-respon-batal-plp-tujuan",
        "getResponBatalPlpTujuan",
        "Cancelled PLPs for the destination TPS (delivered once)",
        _list_of("responBatal", "ResponBatalTujuan", True),
    ),
]
for _name, _op, _summary, _data in POLLED:
    _read(f"/{_name}", _op, _summary, _poll(_name), _data)
_read(
    "/get-respon-plp-on-demand",
    "getResponPLP_onDemands",
    "One PLP response by number and date or by reference (any number of times)",
    polls.plp_on_demand,
    {"type": "array", "items": doc.item_schema("ResponPlpOnDemand", nested=True)},
)
_read(
    "/get-respon-batal-plp-on-demand",
    "getResponBatalPlpOnDemands",
    "One cancellation by number and date or by reference (any number of times)",
    polls.batal_on_demand,
    _list_of("responPlp", "ResponBatalOnDemand", False),
)
