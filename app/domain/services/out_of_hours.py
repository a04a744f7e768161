"""H1: the origin TPS notifies an out-of-hours move; the release needs that notice, and a gate-out
reported without one is recorded and flagged to the P2 section."""

from __future__ import annotations

import uuid
from datetime import datetime

from app.domain.actor import Actor, Role
from app.domain.authorization import can_view
from app.domain.commands import NotifyOutOfHours
from app.domain.errors import ForbiddenError, InvalidInputError, NotFoundError, PlpNotFoundError
from app.domain.out_of_hours import (
    Attachment,
    AttachmentKind,
    OutOfHoursNotice,
    check_attachment,
    check_window,
    covered,
    require_notice,
)
from app.domain.plp_request import PlpRequest
from app.domain.ports.reference import Clock
from app.domain.ports.unit_of_work import UnitOfWork


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
        request.record_out_of_hours_notice(cmd.actor, notice)  # refuses a notice after the move
        uow.out_of_hours.add(notice, contents)
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


def check_release(request: PlpRequest, at: datetime, uow: UnitOfWork) -> None:
    """H1 before the move: a release out of hours needs a notice covering its time."""
    office = request.header.office_code
    calendar = uow.out_of_hours.calendar(office)
    require_notice(calendar, office, at, uow.out_of_hours.for_request(request.id))


def flag_gate_out(request: PlpRequest, actor: Actor, at: datetime, uow: UnitOfWork) -> bool:
    """H1 after the move, for every channel that records a gate-out (REST, SOAP CoarriCodeco,
    H2H, gate reports): the move happened, so it is recorded; without a notice it is flagged."""
    calendar = uow.out_of_hours.calendar(request.header.office_code)
    if covered(calendar, at, uow.out_of_hours.for_request(request.id)):
        return False
    request.flag_unnoticed_move(actor, at)
    return True


def _require_origin(cmd: NotifyOutOfHours, request: PlpRequest | None) -> None:
    if request is None or not can_view(cmd.actor, request):
        raise PlpNotFoundError(cmd.request_id)
    if cmd.actor.role is not Role.TPS_OPERATOR or cmd.actor.tps_code != request.header.origin_tps:
        raise ForbiddenError("H1: the notice comes from the origin TPS")
