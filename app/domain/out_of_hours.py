"""H1: a PLP moved outside working hours or on a holiday needs the origin TPS's notice.

P-01/KPU.01/2010 article 4(4)-(5): at least 3 hours before the move, to the head of manifest
administration or the duty officer, copied to the enforcement (P2) section, with three
attachments. The move starts at the release (M2): that is where the notice is required. A gate
report comes after the fact, so a move without a notice is flagged, not refused.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from app.domain.calendar import WorkingCalendar
from app.domain.errors import InvalidInputError, RuleViolationError
from app.domain.messages import msg

NOTICE_LEAD = timedelta(hours=3)
MAX_WINDOW = timedelta(hours=24)  # one notice covers one night or one holiday, not a season
# Declared type -> how such a file starts; the content must agree with what the client says.
SIGNATURES = {
    "application/pdf": b"%PDF-",
    "image/png": b"\x89PNG\r\n\x1a\n",
    "image/jpeg": b"\xff\xd8\xff",
}


class AttachmentKind(StrEnum):
    APPROVED_REQUEST = "approved_request"  # art. 4(5)a: the approved PLP request
    DESTINATION_STATEMENT = "destination_statement"  # 4(5)b: the destination TPS will receive
    ORIGIN_STATEMENT = "origin_statement"  # 4(5)c: the origin TPS bears the risks


@dataclass(frozen=True)
class Attachment:
    kind: AttachmentKind
    filename: str
    content_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class OutOfHoursNotice:
    """The origin TPS's notice of a move planned between `planned_start` and `planned_end`."""

    id: str
    request_id: str
    office_code: str
    origin_tps: str
    planned_start: datetime
    planned_end: datetime
    notified_at: datetime
    notified_by: str
    attachments: tuple[Attachment, ...]

    def covers(self, at: datetime) -> bool:
        in_time = self.notified_at <= self.planned_start - NOTICE_LEAD
        return in_time and self.planned_start <= at <= self.planned_end


def is_out_of_hours(calendar: WorkingCalendar, at: datetime) -> bool:
    """Outside the working day's hours (its breaks are inside them), or on a closed day."""
    local = at.astimezone(ZoneInfo(calendar.timezone))
    periods = calendar.schedule.on(local.weekday())
    if not periods:
        return True
    if not calendar.ignore_closed_days and calendar.closed_days.is_closed(local.date()):
        return True
    opens, closes = periods[0][0], periods[-1][1]
    return local.time() < opens or (closes != time(0) and local.time() >= closes)


def covered(calendar: WorkingCalendar, at: datetime, notices: list[OutOfHoursNotice]) -> bool:
    """In working hours, or within the window of a notice given in time."""
    return not is_out_of_hours(calendar, at) or any(n.covers(at) for n in notices)


def require_notice(
    calendar: WorkingCalendar, office_code: str, at: datetime, notices: list[OutOfHoursNotice]
) -> None:
    """H1: refuse an out-of-hours release (the move starts then) that no timely notice covers."""
    if covered(calendar, at, notices):
        return
    local = at.astimezone(ZoneInfo(calendar.timezone)).isoformat(timespec="minutes")
    raise RuleViolationError(
        "H1",
        msg(
            "problems.h1.outside_hours",
            "release at {local} is outside the working hours of office {office}: a move "
            "starting then needs the origin TPS's notice, given at least 3 hours before its "
            "planned start and covering this time, with the approved request, the destination "
            "TPS's statement and the origin TPS's statement",
            local=local,
            office=office_code,
        ),
    )


def check_window(planned_start: datetime, planned_end: datetime, now: datetime) -> None:
    if planned_end <= planned_start or planned_end - planned_start > MAX_WINDOW:
        raise InvalidInputError("planned_end must follow planned_start within 24 hours")
    if now >= planned_start:
        raise RuleViolationError(
            "H1",
            msg(
                "problems.h1.too_late",
                "the move was planned to start before this notice: a notice after the move "
                "started does not cover it",
            ),
        )
    if now > planned_start - NOTICE_LEAD:
        raise RuleViolationError(
            "H1",
            msg(
                "problems.h1.lead_time",
                "the notice must reach the office at least 3 hours before the move starts",
            ),
        )


def check_attachment(
    kind: AttachmentKind, filename: str, content_type: str, content: bytes, max_bytes: int
) -> Attachment:
    """Type and size limits; the checksum lets anyone prove later what was filed."""
    field = kind.value
    signature = SIGNATURES.get(content_type)
    if signature is None:
        allowed = ", ".join(sorted(SIGNATURES))
        raise InvalidInputError(f"{field}: type {content_type} not accepted ({allowed})", field)
    if not content or len(content) > max_bytes:
        raise InvalidInputError(f"{field}: the file must hold 1 to {max_bytes} bytes", field)
    if not content.startswith(signature):
        raise InvalidInputError(f"{field}: the content is not a {content_type} file", field)
    digest = hashlib.sha256(content).hexdigest()
    return Attachment(kind, filename[:200] or field, content_type, len(content), digest)
