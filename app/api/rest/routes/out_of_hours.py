"""H1: the origin TPS's notice of a move outside working hours, with its three attachments."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Response, UploadFile
from pydantic import BaseModel

from app.api.http import tags
from app.api.http.wiring import ServicesDep
from app.api.rest.deps import ActorDep
from app.api.rest.schemas.plp_in import Moment
from app.api.rest.time_input import office_time_required
from app.api.rest.times import OfficeTime
from app.domain.commands import NotifyOutOfHours, UploadedFile
from app.domain.out_of_hours import AttachmentKind, OutOfHoursNotice
from app.domain.services import out_of_hours

router = APIRouter(
    prefix="/api/v1/plp-requests/{request_id}/out-of-hours-notices", tags=[tags.ORIGIN_GATE]
)
RESPONSES: dict[int | str, dict[str, Any]] = {
    403: {"description": "only the origin TPS notifies"},
    404: {"description": "no such request visible to you"},
    409: {"description": "H1: less than 3 hours before the planned start"},
    422: {"description": "a missing, empty, too large or mistyped attachment"},
}
Upload = Annotated[UploadFile, File(description="PDF, PNG or JPEG")]


class AttachmentOut(BaseModel):
    kind: str
    filename: str
    content_type: str
    size: int
    sha256: str


class NoticeOut(BaseModel):
    id: str
    request_id: str
    planned_start: OfficeTime
    planned_end: OfficeTime
    notified_at: OfficeTime
    notified_by: str
    attachments: list[AttachmentOut]

    @classmethod
    def of(cls, n: OutOfHoursNotice) -> NoticeOut:
        files = [AttachmentOut(**asdict(a) | {"kind": a.kind.value}) for a in n.attachments]
        return cls(
            id=n.id,
            request_id=n.request_id,
            planned_start=n.planned_start,
            planned_end=n.planned_end,
            notified_at=n.notified_at,
            notified_by=n.notified_by,
            attachments=files,
        )


@router.post("", status_code=201, summary="Notify an out-of-hours move (H1)", responses=RESPONSES)
def notify(
    request_id: str,
    planned_start: Annotated[Moment, Form(description="office local time if no offset")],
    planned_end: Annotated[Moment, Form(description="at most 24 hours after the start")],
    approved_request: Upload,
    destination_statement: Upload,
    origin_statement: Upload,
    actor: ActorDep,
    services: ServicesDep,
) -> NoticeOut:
    """**Role** `tps_operator` of the origin TPS, at least 3 hours before the move starts
    (P-01/KPU.01/2010 art. 4(4)-(5)): the approved request, the destination TPS's statement
    that it will receive the goods, and the origin TPS's statement that it bears the risks.
    Without a notice covering it, a gate-out outside working hours is refused (409, H1)."""
    limit = services.settings.h1_max_attachment_bytes
    uploads = {
        AttachmentKind.APPROVED_REQUEST: approved_request,
        AttachmentKind.DESTINATION_STATEMENT: destination_statement,
        AttachmentKind.ORIGIN_STATEMENT: origin_statement,
    }
    files = {
        kind: UploadedFile(u.filename or kind.value, u.content_type or "", u.file.read(limit + 1))
        for kind, u in uploads.items()
    }
    office = _office_of(actor.tps_code, services)
    cmd = NotifyOutOfHours(
        actor,
        request_id,
        office_time_required(services, office, planned_start),
        office_time_required(services, office, planned_end),
        files,
        limit,
    )
    return NoticeOut.of(out_of_hours.notify(cmd, services.uow(), services.clock))


@router.get("", summary="Out-of-hours notices of a request (H1)", responses=RESPONSES)
def list_notices(request_id: str, actor: ActorDep, services: ServicesDep) -> list[NoticeOut]:
    """**Any role** that may see the request."""
    found = out_of_hours.notices(actor, request_id, services.uow(read_only=True))
    return [NoticeOut.of(n) for n in found]


@router.get(
    "/{notice_id}/attachments/{kind}",
    summary="One attachment of a notice, as filed",
    responses=RESPONSES | {200: {"content": {"application/pdf": {}, "image/png": {}}}},
)
def get_attachment(
    request_id: str, notice_id: str, kind: AttachmentKind, actor: ActorDep, services: ServicesDep
) -> Response:
    """**Any role** that may see the request. Header `X-Content-SHA256` carries its checksum."""
    meta, content = out_of_hours.attachment(
        actor, request_id, notice_id, kind, services.uow(read_only=True)
    )
    headers = {
        "Content-Disposition": f'attachment; filename="{kind.value}"',
        "X-Content-SHA256": meta.sha256,
    }
    return Response(content, media_type=meta.content_type, headers=headers)


def _office_of(tps_code: str | None, services: ServicesDep) -> str:
    tps = services.reference.tps(tps_code or "")
    return tps.office_code if tps else ""
