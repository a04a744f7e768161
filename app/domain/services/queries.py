"""Reads: one request, lists and work queues, each within what the caller may see."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.actor import Actor
from app.domain.authorization import can_view
from app.domain.errors import ConflictError, PlpNotFoundError
from app.domain.events import AuditEvent
from app.domain.plp_request import PlpRequest, is_request_id
from app.domain.ports.unit_of_work import UnitOfWork
from app.domain.queues import ListFilter, Page, QueueSpec, Scope
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


def view_request(actor: Actor, key: str, uow: UnitOfWork, meter: SlaMeter) -> RequestView:
    """`key`: the request's id or, in any other form, its REF_NUMBER (see request_id_of)."""
    request_id = key if is_request_id(key) else request_id_of(actor, key, uow)
    request, audit = get_with_audit(actor, request_id, uow)
    return RequestView(request, audit, meter.of_request(request))


def request_id_of(actor: Actor, ref_number: str, uow: UnitOfWork) -> str:
    """The request the caller filed under this REF_NUMBER (a TPS: its own only; an officer:
    one in the office). Unknown and other TPS's numbers alike are not found; a number two
    TPS of the office both used is a conflict the list's ref_number filter resolves."""
    with uow:
        found = uow.plp_requests.list(ListFilter(Scope.of(actor), ref_number=ref_number, limit=2))
    if not found.items:
        raise PlpNotFoundError(ref_number)
    if len(found.items) > 1:
        raise ConflictError(
            f"reference {ref_number} was used by more than one TPS: "
            "list them with ?ref_number= and read one by its id"
        )
    return found.items[0].id


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
