"""Ports of H1: the out-of-hours notices filed for requests."""

from __future__ import annotations

from typing import Protocol

from app.domain.calendar import WorkingCalendar
from app.domain.out_of_hours import AttachmentKind, OutOfHoursNotice


class OutOfHoursNotices(Protocol):
    """The notices filed for requests, and the calendars that say what is out of hours."""

    def for_request(self, request_id: str) -> list[OutOfHoursNotice]: ...

    def add(self, notice: OutOfHoursNotice, contents: dict[AttachmentKind, bytes]) -> None: ...

    def content(self, notice_id: str, kind: AttachmentKind) -> bytes | None: ...

    def calendar(self, office_code: str) -> WorkingCalendar: ...
