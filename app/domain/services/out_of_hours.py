"""H1: the origin TPS notifies an out-of-hours move; gate-out checks for that notice."""

from __future__ import annotations

import uuid
from datetime import datetime

from app.domain.actor import Actor, Role
from app.domain.authorization import can_view
from app.domain.commands import NotifyOutOfHours
from app.domain.errors import ForbiddenError, InvalidInputError, NotFoundError, PlpNotFoundError
from app.domain.events import AuditEvent
from app.domain.out_of_hours import (
    Attachment,
    AttachmentKind,
    OutOfHoursNotice,
    check_attachment,
    check_window,
    require_notice,
)
from app.domain.plp_request import PlpRequest
from app.domain.ports.reference import Clock
from app.domain.ports.unit_of_work import UnitOfWork
from app.domain.status import PlpStatus

# Art. 4(5)a: the notice attaches the approved request, so it comes after the approval.
NOTIFIABLE = frozenset({PlpStatus.APPROVED, PlpStatus.RELEASED, PlpStatus.RELEASE_REFUSED})


def notify(cmd: NotifyOutOfHours, uow: UnitOfWork, clock: Clock) -> OutOfHoursNotice:
    """Store the origin TPS's notice with its three attachments and their checksums."""
    now = clock.now()
    check_window(cmd.planned_start, cmd.planned_end, now)
    missing = [k.value for k in AttachmentKind if k not in cmd.files]
    if missing:
        raise InvalidInputError(f"H1 needs every attachment; missing: {', '.join(missing)}")
    contents = {kind: f.content for kind, f in cmd.files.items()}
    attachments = tuple(
        check_attachment(kind, f.filename, f.content_type, f.content, cmd.max_bytes)
        for kind, f in cmd.files.items()
    )
    with uow:
        request = uow.plp_requests.get(cmd.request_id)
        _require_origin(cmd, request)
        assert request is not None
        if request.status not in NOTIFIABLE:
            raise InvalidInputError(f"request is {request.status}: only an approved PLP may move")
        notice = OutOfHoursNotice(
            uuid.uuid4().hex,
            request.id,
            request.header.office_code,
            request.header.origin_tps,
            cmd.planned_start,
            cmd.planned_end,
            now,
            cmd.actor.username,
            attachments,
        )
        uow.out_of_hours.add(notice, contents)
        request.new_events.append(_event(cmd, request, notice))
        uow.plp_requests.save(request)
        uow.commit()
    return notice


def notices(actor: Actor, request_id: str, uow: UnitOfWork) -> list[OutOfHoursNotice]:
    with uow:
        _visible(actor, request_id, uow)
        return uow.out_of_hours.for_request(request_id)


def attachment(
    actor: Actor, request_id: str, notice_id: str, kind: AttachmentKind, uow: UnitOfWork
) -> tuple[Attachment, bytes]:
    """A filed attachment as it was stored; its checksum proves it unchanged."""
    with uow:
        _visible(actor, request_id, uow)
        notice = next(
            (n for n in uow.out_of_hours.for_request(request_id) if n.id == notice_id), None
        )
        content = uow.out_of_hours.content(notice_id, kind) if notice else None
    if notice is None or content is None:
        raise NotFoundError(f"no {kind.value} in notice {notice_id} of request {request_id}")
    return next(a for a in notice.attachments if a.kind is kind), content


def _visible(actor: Actor, request_id: str, uow: UnitOfWork) -> None:
    request = uow.plp_requests.get(request_id, for_update=False)
    if request is None or not can_view(actor, request):
        raise PlpNotFoundError(request_id)


def check_gate_out(request: PlpRequest, at: datetime, uow: UnitOfWork) -> None:
    """H1 for every channel that records a gate-out (REST, SOAP CoarriCodeco)."""
    office = request.header.office_code
    calendar = uow.out_of_hours.calendar(office)
    require_notice(calendar, office, at, uow.out_of_hours.for_request(request.id))


def _require_origin(cmd: NotifyOutOfHours, request: PlpRequest | None) -> None:
    if request is None or not can_view(cmd.actor, request):
        raise PlpNotFoundError(cmd.request_id)
    if cmd.actor.role is not Role.TPS_OPERATOR or cmd.actor.tps_code != request.header.origin_tps:
        raise ForbiddenError("H1: the notice comes from the origin TPS")


def _event(cmd: NotifyOutOfHours, request: PlpRequest, notice: OutOfHoursNotice) -> AuditEvent:
    return AuditEvent.by(
        cmd.actor,
        notice.notified_at,
        "out_of_hours_notified",
        request.status,
        request.status,
        notice_id=notice.id,
        planned_start=notice.planned_start.isoformat(),
        planned_end=notice.planned_end.isoformat(),
        attachments={a.kind.value: a.sha256 for a in notice.attachments},
    )
