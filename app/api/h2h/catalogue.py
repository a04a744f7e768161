"""Every operation of DJBC's openapi-tpsonline document (note 5.1, contracts/h2h/operations.csv)
that the PLP routes do not serve: the look-ups by number answer from the reference data (BC 1.1,
SPPB, supporting data), the OB data and the paper PLPs from PLP Online's own; the rest answer a
documented "not simulated" envelope, after the same account checks, so a generated client finds
every operation with its parameters."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from app.api.h2h import documents_out as out
from app.api.h2h import openapi as doc
from app.api.h2h import reader
from app.api.h2h.context import H2hContext
from app.api.h2h.envelope import Outcome
from app.api.h2h.errors import bad_value
from app.api.h2h.handlers import respond
from app.api.h2h.state import relative_path, state_of
from app.api.h2h.tps import ActorDep
from app.api.http.contract_files import table
from app.domain.actor import Actor
from app.domain.services import document_queries as documents
from app.domain.services import responses

NOT_FOUND = Outcome("not_found")
Read = Callable[[Actor, Mapping[str, str], H2hContext], Outcome]


@dataclass(frozen=True)
class Operation:
    """One row of note 5.1: query parameters end in `*` where DJBC requires them."""

    method: str
    path: str
    operation_id: str
    query: tuple[str, ...]
    request: str
    response: str

    @property
    def component(self) -> str:
        """The response schema's name, or ours where the note shows only examples."""
        if self.response.startswith("DataResponse"):
            return self.response
        return "DataResponse" + self.operation_id[:1].upper() + self.operation_id[1:]


@cache
def operations() -> tuple[Operation, ...]:
    return tuple(
        Operation(
            r["method"],
            r["path"],
            r["operation_id"],
            tuple(filter(None, r["query"].split("|"))),
            r["request"],
            r["response"],
        )
        for r in table("h2h/operations.csv")
    )


def _query(q: Mapping[str, str], endpoint: str) -> dict[str, Any]:
    return reader.read(dict(q), f"query:{endpoint}")


def _bc11(actor: Actor, q: Mapping[str, str], ctx: H2hContext) -> Outcome:
    p = _query(q, "get-impor-bc11")
    found = documents.bc11(
        actor, p["nomorBc11"], p["tanggalBc11"], ctx.uow(read_only=True), ctx.reference
    )
    return Outcome("fetched", out.bc11(found)) if found else NOT_FOUND


def _sppb(actor: Actor, q: Mapping[str, str], ctx: H2hContext) -> Outcome:
    p = _query(q, "get-impor-sppb")
    uow = ctx.uow(read_only=True)
    found = documents.sppb(
        actor, p["nomorDokumen"], p["tanggalDokumen"], p["npwpImp"], uow, ctx.reference
    )
    return Outcome("fetched", out.sppb(found)) if found else NOT_FOUND


def _supporting(per_bl: bool) -> Read:
    endpoint = "get-pendukung-plp-bl" if per_bl else "get-pendukung-plp"

    def run(actor: Actor, q: Mapping[str, str], ctx: H2hContext) -> Outcome:
        p = _query(q, endpoint)
        container = p["nomorKontainer"]
        uow = ctx.uow(read_only=True)
        found = documents.supporting(
            actor, p["nomorBc11"], p["tanggalBc11"], container, uow, ctx.reference
        )
        if found is None:
            return NOT_FOUND
        data = out.supporting(found[0], container.strip().upper(), found[1], per_bl)
        return Outcome("fetched", data)

    return run


def _data_ob(actor: Actor, q: Mapping[str, str], ctx: H2hContext) -> Outcome:
    """Note 6.8, a plain read: the note hints at no delivery flag for OB (unlike the permits'
    flagAmbilTps), so the PLPs on their way come back on every call until they arrive."""
    code = _query(q, "get-data-ob")["kodeTps"]
    ctx.require_tps(actor, code)
    found = responses.incoming(actor, None, ctx.uow(read_only=True), ctx.reference)
    rows = [row for request, cited in found for row in out.data_ob(request, cited)]
    return Outcome("fetched", rows) if rows else NOT_FOUND


def _manual_document(actor: Actor, q: Mapping[str, str], ctx: H2hContext) -> Outcome:
    """GetDokumenManual_OnDemand: kodeDokumen 3 (Persetujuan PLP), a PLP decided on paper, by
    its decision letter's number and date; the simulator holds no other manual documents."""
    p = _query(q, "get-dokumen-manual-ondemand")
    if p["kodeDokumen"].strip() != out.PAPER_PLP:
        raise bad_value(
            "kodeDokumen",
            f"kodeDokumen {p['kodeDokumen']!r}: simulator hanya menyimpan dokumen manual PLP "
            "(kodeDokumen 3)",
        )
    found = documents.paper_plp(
        actor, p["nomorDokumen"], p["tanggalDokumen"], ctx.uow(read_only=True), ctx.reference
    )
    return Outcome("fetched", out.paper_plp(found)) if found else NOT_FOUND


SERVED: dict[str, Read] = {  # the operations of note 5.1 that PLP's reference data answers
    "/get-impor-bc11": _bc11,
    "/get-impor-sppb": _sppb,
    "/get-pendukung-plp": _supporting(per_bl=False),
    "/get-pendukung-plp-bl": _supporting(per_bl=True),
    "/get-data-ob": _data_ob,
    "/get-dokumen-manual-ondemand": _manual_document,
}
# the data of the served operations whose answer PLP Online's tables describe
DATA: dict[str, dict[str, Any]] = {
    "/get-data-ob": {"type": "array", "items": {"$ref": doc.REF + "DataObDto"}},
    "/get-dokumen-manual-ondemand": {
        "type": "object",
        "properties": {
            "header": {"$ref": doc.REF + "DokumenManualOnDemandHeader"},
            "kontainer": {
                "type": "array",
                "items": {"$ref": doc.REF + "DokumenManualOnDemandKontainer"},
            },
            "kemasan": {
                "type": "array",
                "items": {"$ref": doc.REF + "DokumenManualOnDemandKemasan"},
            },
        },
    },
}


def _parameters(op: Operation) -> list[dict[str, Any]]:
    if op.path in SERVED:
        return doc.query_parameters(op.path.lstrip("/"))
    return [
        {
            "name": name.rstrip("*"),
            "in": "query",
            "required": name.endswith("*"),
            "schema": {"type": "string"},
        }
        for name in op.query
    ]


def _path_parameters(op: Operation) -> list[dict[str, Any]]:
    names = [part[1:-1] for part in op.path.split("/") if part.startswith("{")]
    return [
        {"name": n, "in": "path", "required": True, "schema": {"type": "string"}} for n in names
    ]


def _openapi(op: Operation) -> dict[str, Any]:
    served = op.path in SERVED
    words = OURS_DOC.get(op.path, REFERENCE_DOC) if served else NOT_SIMULATED_DOC
    extra: dict[str, Any] = {
        "security": doc.SECURITY,
        "description": words,
        "parameters": _path_parameters(op) + _parameters(op),
        "responses": {
            "200": {
                "description": "the envelope (note 3.1)",
                "content": {"application/json": {"schema": {"$ref": doc.REF + op.component}}},
            },
            "501": {"description": "not simulated: the envelope with code 501"},
        },
    }
    if op.request:
        schema = op.request.removesuffix("[]")
        ref: dict[str, Any] = {"$ref": doc.REF + schema}
        body = {"type": "array", "items": ref} if op.request.endswith("[]") else ref
        extra["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    return extra


REFERENCE_DOC = "Answered from the simulator's reference data."
OURS_DOC = {
    "/get-data-ob": (
        "The approved PLPs on their way to the caller's TPS (kodeTps: the account's own), one "
        "row per container, on every call (not delivered once)."
    ),
    "/get-dokumen-manual-ondemand": (
        "A PLP decided on paper (F2/F3), as SOAP's GetDokumenManual_OnDemand: kodeDokumen 3, "
        "the decision letter's number and date."
    ),
}
NOT_SIMULATED_DOC = (
    "Not simulated: PLP Online serves PLP only. After the account checks, the answer is the "
    "envelope with code 501 and `detail` naming the path; nothing is stored."
)


def components() -> dict[str, Any]:
    """Schemas of the catalogue's operations that the PLP contract tables do not describe:
    their bodies are free objects (the simulator reads none of them), except where DATA
    describes the answer."""
    out_: dict[str, Any] = {}
    for op in operations():
        data = DATA.get(op.path) or {"type": "object", "additionalProperties": True}
        out_.setdefault(op.component, doc.envelope(data))
        if op.request:
            name = op.request.removesuffix("[]")
            out_.setdefault(name, {"type": "object", "additionalProperties": True})
    return out_


def install(router: APIRouter, taken: set[tuple[str, str]]) -> None:
    """Adds every operation of note 5.1 whose method and path the PLP routes do not serve."""
    for op in operations():
        if (op.method, op.path) in taken:
            continue
        router.add_api_route(
            op.path,
            _endpoint(op),
            methods=[op.method],
            operation_id=op.operation_id,
            summary=("" if op.path in SERVED else "Not simulated: ") + op.operation_id,
            openapi_extra=_openapi(op),
            response_class=JSONResponse,
        )


def _endpoint(op: Operation) -> Callable[..., JSONResponse]:
    run = SERVED.get(op.path)
    if run is not None:
        read = run

        def served(request: Request, actor: ActorDep) -> JSONResponse:
            return respond(request, read(actor, request.query_params, state_of(request).context))

        return served

    def not_simulated(request: Request, actor: ActorDep) -> JSONResponse:
        return respond(request, Outcome("not_simulated", values={"path": relative_path(request)}))

    return not_simulated
