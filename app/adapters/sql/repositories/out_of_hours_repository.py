"""H1 notices and their attachments, stored in the database with their SHA-256 checksums."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.adapters.sql.tables.outage_tables import OutOfHoursAttachmentRow, OutOfHoursNoticeRow
from app.domain.calendar import WorkingCalendar
from app.domain.out_of_hours import Attachment, AttachmentKind, OutOfHoursNotice
from app.domain.ports.reference import OfficeCalendarLookup

N = OutOfHoursNoticeRow.__table__  # type: ignore[attr-defined]
A = OutOfHoursAttachmentRow.__table__  # type: ignore[attr-defined]
_META = (A.c.notice_id, A.c.kind, A.c.filename, A.c.content_type, A.c.size, A.c.sha256)


class SqlOutOfHoursNotices:
    """Notices are few per request and never change: read them whole."""

    def __init__(self, session: Session, calendars: OfficeCalendarLookup) -> None:
        self._session, self._calendars = session, calendars

    def for_request(self, request_id: str) -> list[OutOfHoursNotice]:
        rows = self._session.execute(
            select(N).where(N.c.request_id == request_id).order_by(N.c.notified_at)
        ).all()
        if not rows:
            return []
        ids = [r._mapping["id"] for r in rows]
        by_notice: dict[str, list[Attachment]] = {}
        for a in self._session.execute(select(*_META).where(A.c.notice_id.in_(ids))):
            by_notice.setdefault(a.notice_id, []).append(_attachment(a._mapping))
        return [_notice(r._mapping, by_notice.get(r._mapping["id"], [])) for r in rows]

    def add(self, notice: OutOfHoursNotice, contents: dict[AttachmentKind, bytes]) -> None:
        row = {k: v for k, v in asdict(notice).items() if k != "attachments"}
        self._session.execute(insert(N), [row])
        files = [
            asdict(a) | {"notice_id": notice.id, "kind": a.kind.value, "content": contents[a.kind]}
            for a in notice.attachments
        ]
        self._session.execute(insert(A), files)

    def content(self, notice_id: str, kind: AttachmentKind) -> bytes | None:
        query = select(A.c.content).where(A.c.notice_id == notice_id, A.c.kind == kind.value)
        value = self._session.execute(query).scalar()
        return None if value is None else bytes(value)

    def calendar(self, office_code: str) -> WorkingCalendar:
        return self._calendars.calendar(office_code)


def _attachment(m: Any) -> Attachment:
    kind = AttachmentKind(m["kind"])
    return Attachment(kind, m["filename"], m["content_type"], m["size"], m["sha256"])


def _notice(m: Any, attachments: list[Attachment]) -> OutOfHoursNotice:
    values = {k: m[k] for k in OutOfHoursNotice.__dataclass_fields__ if k != "attachments"}
    ordered = sorted(attachments, key=lambda a: list(AttachmentKind).index(a.kind))
    return OutOfHoursNotice(**values, attachments=tuple(ordered))
