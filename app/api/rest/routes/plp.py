"""Submission and reading of PLP requests (TPS operators; officers read their office's)."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response

from app.api.http import tags
from app.api.http.errors import problem_language
from app.api.http.load_runs import load_run
from app.api.http.wiring import ServicesDep
from app.api.rest import cursor
from app.api.rest.deps import ActorDep
from app.api.rest.examples import SUBMIT_EXAMPLES
from app.api.rest.kept_answers import Built, kept_answer
from app.api.rest.lean import LeanParams, LeanRoute, enum_of, lean, limit, text
from app.api.rest.responses import json_answer
from app.api.rest.schemas.plp_in import PlpRequestIn
from app.api.rest.schemas.plp_out import PageOut, PlpRequestOut
from app.api.rest.time_input import office_zone
from app.domain.commands import SubmitPlp
from app.domain.queues import ListFilter, Scope
from app.domain.reasons import PlpReason
from app.domain.research import shows_research
from app.domain.services import queries, submission
from app.domain.status import PlpStatus

router = APIRouter(prefix="/api/v1/plp-requests", route_class=LeanRoute)
PROBLEMS: dict[int | str, dict[str, Any]] = {
    401: {"description": "not logged in"},
    403: {"description": "not your role or TPS"},
    422: {"description": "invalid body or unknown code"},
}


@router.post(
    "",
    status_code=201,
    tags=[tags.SUBMISSION],
    summary="File a PLP request (LOADPLP)",
    response_model=PlpRequestOut,
    responses=PROBLEMS
    | {
        200: {
            "description": "the same body was already filed under this `ref_number`: "
            "its stored result, with header `Idempotent-Replayed: true`"
        },
        409: {"description": "`ref_number` already used for a different body"},
        503: {"description": "F2: the office works on the manual procedure"},
    },
)
def submit_request(
    body: Annotated[PlpRequestIn, SUBMIT_EXAMPLES],
    actor: ActorDep,
    services: ServicesDep,
    http_request: Request,
) -> Response:
    """**Role** `tps_operator` (origin TPS, or destination TPS for A2 reasons).

    The request is checked on arrival against A1/A2 and E1-E6. A request that fails is kept
    with status `REJECTED` and a `findings` entry per failed rule and line; one that passes is
    `IN_REVIEW`, routed to the manifest officer, and to the P2 officer too for YOR_SOR and
    STAGNATION (R1/R2), with a deadline of 3 working days (R4)."""
    cmd = SubmitPlp(actor, body.header(), body.container_specs(), body.package_specs(), load_run())
    result = submission.submit(cmd, services.uow(), services.submission_context())
    headers = {"Location": f"{router.prefix}/{result.request.id}"}
    if result.replayed:
        headers["Idempotent-Replayed"] = "true"
    # Serialised here: FastAPI would validate our own output again, on one more thread hop.
    request, zone = result.request, office_zone(services, result.request.header.office_code)
    sla, language = services.sla_meter.of_request(request), problem_language(http_request)
    answer = PlpRequestOut.json_of(request, sla, zone=zone, language=language)
    return json_answer(answer, 200 if result.replayed else 201, headers)


@router.get(
    "",
    tags=[tags.SUBMISSION],
    summary="List PLP requests",
    response_model=PageOut,
    responses=PROBLEMS,
)
@lean(  # status (repeatable) and the dates: FastAPI's handler
    LeanParams(
        tps=("tps", text(4)),
        reason=("reason", enum_of(PlpReason)),
        limit=("limit", limit(200)),
        cursor=("cursor_", text(200)),
        ref_number=("ref_number", text(50)),
    )
)
async def list_requests(
    actor: ActorDep,
    services: ServicesDep,
    status: Annotated[list[PlpStatus] | None, Query()] = None,
    tps: Annotated[str | None, Query(max_length=4, description="origin or destination")] = None,
    reason: PlpReason | None = None,
    submitted_from: date | None = None,
    submitted_to: date | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor_: Annotated[str | None, Query(alias="cursor", max_length=200)] = None,
    ref_number: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=50,
            description="the applicant's REF_NUMBER; a TPS finds only those it filed itself",
        ),
    ] = None,
) -> Response:
    """**Any role.** Newest first. A TPS sees requests where it is origin or destination,
    officers those of their office. Times are in the office's zone (`+07:00` at WIB)."""
    filters = ListFilter(
        Scope.of(actor),
        tuple(status or ()),
        tps,
        reason,
        submitted_from,
        submitted_to,
        limit,
        cursor.decode(cursor_),
        ref_number,
    )

    async def build() -> Built:
        uow = services.uow(read_only=True)
        found = await services.read(queries.measured_list, filters, uow, services.sla_meter)
        page = PageOut.json_of(
            found, cursor.encode(found.page.next_after), zones=partial(office_zone, services)
        )
        return page, found.shown_until

    return await kept_answer(services, ("list", actor, filters), build)


@router.get(
    "/{request_id}",
    tags=[tags.SUBMISSION],
    summary="One PLP request with its audit trail, by id or by REF_NUMBER",
    response_model=PlpRequestOut,
    responses=PROBLEMS
    | {
        404: {"description": "unknown, or not yours to see"},
        409: {"description": "a REF_NUMBER two TPS of your office used: read it by its id"},
    },
)
@lean(LeanParams(path_params=("request_id",)))
async def get_request(
    request_id: Annotated[
        str,
        Path(
            description="the `id` (32 hex digits) or your `ref_number`; a TPS reads only the "
            "references it filed itself, another TPS's answers 404 as an unknown one. A "
            "reference of 32 hex digits is found with the list's `ref_number` filter"
        ),
    ],
    actor: ActorDep,
    services: ServicesDep,
    http_request: Request,
) -> Response:
    """**Any role** that may see the request: status, lines, findings, recommendations,
    decision, movement, cancellation and every change with who made it and through which
    channel. The researching officers (manifest, P2, Kasubsi, P2 section) and admins also get
    `research_aids` (R5): what the BC 1.1 says about the reason, vessel and voyage."""
    language = problem_language(http_request)  # the findings' details: Accept-Language

    async def build() -> Built:
        uow = services.uow(read_only=True)
        view = await services.read(queries.view_request, actor, request_id, uow, services.sla_meter)
        research = shows_research(actor)  # R5: the officers' research, not shown to the TPS
        zone = office_zone(services, view.request.header.office_code)
        answer = PlpRequestOut.json_of(view.request, view.sla, view.audit, research, zone, language)
        return answer, view.sla.shown_until if view.sla else None

    return await kept_answer(services, ("request", actor, request_id, language), build)
