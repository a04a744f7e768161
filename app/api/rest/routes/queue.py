"""Work queues: what waits for the caller's role, most urgent first (R4), and their counts."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Query, Response

from app.api.http import tags
from app.api.http.wiring import ServicesDep
from app.api.rest import cursor
from app.api.rest.deps import ActorDep
from app.api.rest.kept_answers import Built, kept_answer
from app.api.rest.lean import LeanParams, LeanRoute, enum_of, lean, limit, text
from app.api.rest.responses import json_answer
from app.api.rest.schemas.plp_out import PageOut
from app.api.rest.schemas.queue_out import QueueCountOut, QueueSummaryOut
from app.api.rest.time_input import office_zone
from app.domain.queues import QueueSort, QueueSpec
from app.domain.reasons import PlpReason
from app.domain.research import shows_research
from app.domain.services import work_queues
from app.domain.sla import SlaState

router = APIRouter(prefix="/api/v1/queue", tags=[tags.QUEUES], route_class=LeanRoute)


@router.get("", summary="My work queue, with each request's SLA (R4)", response_model=PageOut)
@lean(
    LeanParams(
        sort=("sort", enum_of(QueueSort)),
        sla=("sla", enum_of(SlaState)),
        tps=("tps", text(4)),
        reason=("reason", enum_of(PlpReason)),
        limit=("limit", limit(200)),
        cursor=("cursor_", text(200)),
    )
)
async def my_queue(
    actor: ActorDep,
    services: ServicesDep,
    sort: Annotated[
        QueueSort,
        Query(description="urgency: earliest deadline first; oldest/newest: by submission"),
    ] = QueueSort.URGENCY,
    sla: Annotated[SlaState | None, Query(description="only requests in this SLA state")] = None,
    tps: Annotated[str | None, Query(max_length=4, description="origin or destination")] = None,
    reason: PlpReason | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor_: Annotated[str | None, Query(alias="cursor", max_length=200)] = None,
) -> Response:
    """**Any role.** Manifest officer: requests without a manifest recommendation and refused
    releases to follow up; P2 officer: routed requests without a P2 recommendation; Kasubsi:
    requests ready for decision; supervisors: approved requests at their origin TPS / gated-out
    requests for their destination TPS; P2 section: discrepancies; TPS operator: released goods
    to gate out and entered goods to gate in.

    Each item carries `sla`: its deadline, state (`on_track`, `at_risk` in the last quarter of
    the working time, `breached`; `met` once decided in time) and the working minutes left,
    counted on the office's calendar. The researching officers' items carry `research` (R5):
    how many research aids did not pass, and their codes. Pass `next_cursor` back as `cursor`
    with the same `sort` and filters for the next page."""
    spec = replace(
        QueueSpec.for_actor(actor, limit, cursor.decode(cursor_)),
        sort=sort,
        sla=sla.value if sla else None,
        tps_code=tps.upper() if tps else None,
        reason=reason.value if reason else None,
        now=services.clock.now(),
    )

    async def build() -> Built:
        uow = services.uow(read_only=True)
        found = await services.read(work_queues.measured_queue, spec, uow, services.sla_meter)
        next_cursor, zones = cursor.encode(found.page.next_after), partial(office_zone, services)
        page = PageOut.json_of(found, next_cursor, shows_research(actor), zones)
        return page, found.shown_until

    if spec.sla is not None:  # which requests are in it changes with the clock, page or not
        return json_answer((await build())[0])
    key = ("queue", actor, sort, tps, reason, limit, cursor_)
    return await kept_answer(services, key, build)


@router.get("/summary", summary="How much waits in each queue, by SLA state (R4)")
def queue_summary(
    actor: ActorDep,
    services: ServicesDep,
    office_code: Annotated[
        str | None,
        Query(pattern=r"^\d{6}$", description="admins choose; officers see their own office"),
    ] = None,
) -> QueueSummaryOut:
    """**Any role.** Officers (and admins, for the office they name) get one line per role's
    queue of the office, whichever account of the role will take each request; a TPS operator
    gets its own queue."""
    office = (actor.office_code or "") if office_code is None else office_code
    now = services.clock.now()
    counts = work_queues.queue_summary(
        actor, office, services.uow(read_only=True), services.calendars, now
    )
    queues = [QueueCountOut.of(c, actor.role) for c in counts]
    return QueueSummaryOut(office_code=office or None, at=now, queues=queues)
