"""Reads: one request, lists and work queues, each within what the caller may see."""

from __future__ import annotations

from app.domain.actor import Actor
from app.domain.authorization import can_view
from app.domain.errors import PlpNotFoundError
from app.domain.events import AuditEvent
from app.domain.plp_request import PlpRequest
from app.domain.ports import UnitOfWork
from app.domain.queues import ListFilter, Page, QueueSpec


def get_request(actor: Actor, request_id: str, uow: UnitOfWork) -> PlpRequest:
    with uow:
        request = uow.plp_requests.get(request_id, for_update=False)
    if request is None or not can_view(actor, request):
        raise PlpNotFoundError(request_id)
    return request


def get_with_audit(
    actor: Actor, request_id: str, uow: UnitOfWork
) -> tuple[PlpRequest, list[AuditEvent]]:
    """The request and its audit trail, read in one transaction."""
    with uow:
        request = uow.plp_requests.get(request_id, for_update=False)
        if request is None or not can_view(actor, request):
            raise PlpNotFoundError(request_id)
        return request, uow.plp_requests.audit_trail(request_id)


def list_requests(filters: ListFilter, uow: UnitOfWork) -> Page:
    with uow:
        return uow.plp_requests.list(filters)


def work_queue(spec: QueueSpec, uow: UnitOfWork) -> Page:
    with uow:
        return uow.plp_requests.queue(spec)
