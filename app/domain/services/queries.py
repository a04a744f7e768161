"""Reads: one request, lists and work queues, each within what the caller may see."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.actor import Actor
from app.domain.authorization import can_view
from app.domain.errors import PlpNotFoundError
from app.domain.events import AuditEvent
from app.domain.plp_request import PlpRequest
from app.domain.ports.unit_of_work import UnitOfWork
from app.domain.queues import ListFilter, Page, QueueSpec
from app.domain.sla import MeasuredPage, SlaMeter, SlaStatus


def get_request(actor: Actor, request_id: str, uow: UnitOfWork) -> PlpRequest:
    with uow:
        request = uow.plp_requests.get(request_id, for_update=False)
    if request is None or not can_view(actor, request):
        raise PlpNotFoundError(request_id)
    return request


def get_with_audit(
    actor: Actor, request_id: str, uow: UnitOfWork
) -> tuple[PlpRequest, list[AuditEvent]]:
    """The request and its audit trail, read together."""
    with uow:
        found = uow.plp_requests.get_with_audit(request_id)
    if found is None or not can_view(actor, found[0]):
        raise PlpNotFoundError(request_id)
    return found


@dataclass(frozen=True)
class RequestView:
    """A request as its reader sees it: with its audit trail and its SLA now (R4)."""

    request: PlpRequest
    audit: list[AuditEvent]
    sla: SlaStatus | None


def view_request(actor: Actor, request_id: str, uow: UnitOfWork, meter: SlaMeter) -> RequestView:
    request, audit = get_with_audit(actor, request_id, uow)
    return RequestView(request, audit, meter.of_request(request))


def list_requests(filters: ListFilter, uow: UnitOfWork) -> Page:
    with uow:
        return uow.plp_requests.list(filters)


def measured_list(filters: ListFilter, uow: UnitOfWork, meter: SlaMeter) -> MeasuredPage:
    """A page of the list with the SLA each request shows (R4)."""
    page = list_requests(filters, uow)
    return MeasuredPage(page, meter.of_rows(page.items))


def work_queue(spec: QueueSpec, uow: UnitOfWork) -> Page:
    with uow:
        return uow.plp_requests.queue(spec)
