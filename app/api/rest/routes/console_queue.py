"""`/console`: the caller's work queue (R4), or the login form without a session."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from app.api.http.wiring import Services, ServicesDep
from app.api.rest.console.context import current_actor, login_response, view_of
from app.api.rest.console.layout import page
from app.api.rest.console.problems import problem_box
from app.api.rest.console.queue_page import QueueFilters, QueueView, queue_page
from app.domain.actor import Actor, Role
from app.domain.errors import PlpError
from app.domain.office_access import require_office_role
from app.domain.queues import QUEUES, QueueSpec
from app.domain.research import shows_research
from app.domain.services import work_queues
from app.domain.sla import SlaState
from app.domain.status import PlpStatus

router = APIRouter(prefix="/console", include_in_schema=False)
SHOWN = 100


@router.get("", response_model=None)
def my_queue(
    request: Request,
    services: ServicesDep,
    queue: Annotated[Role | None, Query()] = None,
    status: Annotated[PlpStatus | None, Query()] = None,
    sla: Annotated[SlaState | None, Query()] = None,
) -> HTMLResponse:
    actor = current_actor(request, services)
    if actor is None:
        return login_response(request, services)
    view = view_of(request, services, actor)
    filters = QueueFilters(queue or actor.role, status, sla)
    try:
        return queue_page(view, _gather(actor, filters, services))
    except PlpError as exc:
        return page(view, view.tr("console.queue.title"), problem_box(view.tr, exc), status=403)


def _gather(actor: Actor, f: QueueFilters, services: Services) -> QueueView:
    """The caller's own queue; an officer may look at another role's queue of the office."""
    now, zone = services.clock.now(), ZoneInfo(_zone(actor, services))
    if f.queue not in QUEUES:  # an admin has no queue of its own
        return QueueView(f, _queues_of(actor), [], zone, more=False)
    if f.queue is actor.role:
        spec = QueueSpec.for_actor(actor, SHOWN, None)
    else:
        office = actor.office_code or ""
        require_office_role(actor, office, work_queues.SUMMARY_ROLES, "see the office's queues")
        spec = QueueSpec.office_wide(f.queue, office, SHOWN)
    spec = replace(spec, sla=f.sla.value if f.sla else None, now=now)
    found = work_queues.measured_queue(spec, services.uow(read_only=True), services.sla_meter)
    items = [i for i in found.page.items if f.status is None or i.status is f.status]
    return QueueView(
        filters=f,
        queues=_queues_of(actor),
        rows=[(item, found.sla.get(item.id)) for item in items],
        zone=zone,
        more=found.page.next_after is not None,
        research=shows_research(actor),
    )


def _queues_of(actor: Actor) -> tuple[Role, ...]:
    if actor.role in work_queues.SUMMARY_ROLES:
        return tuple(role for role in QUEUES if role is not Role.TPS_OPERATOR or actor.is_tps)
    return (actor.role,)


def _zone(actor: Actor, services: Services) -> str:
    office = services.reference.office(actor.office_code or "") if actor.office_code else None
    return office.timezone if office else services.settings.office_timezone
