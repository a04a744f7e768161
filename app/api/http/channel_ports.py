"""What a protocol adapter (SOAP, H2H) needs from the domain, handed in by the API layer: the
units of work, the polled-response feed and the submission's ports. Shared here because the
adapters must not import each other."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from app.domain.out_of_hours import MovementUnitOfWork
from app.domain.ports import Clock, ReferenceData, UnitOfWork
from app.domain.response_ports import ResponseUnitOfWork
from app.domain.services.submission import SubmissionContext

DEFAULT_ZONE = "Asia/Jakarta"


@dataclass(frozen=True)
class ChannelPorts:
    uow: Callable[[], MovementUnitOfWork]  # H1 needs the notices beside the requests
    read_uow: Callable[[], UnitOfWork]
    responses: Callable[[bool], ResponseUnitOfWork]  # argument: read only
    submission: SubmissionContext

    @property
    def clock(self) -> Clock:
        return self.submission.clock

    @property
    def reference(self) -> ReferenceData:
        return self.submission.reference

    def zone(self, office_code: str | None, tps_code: str | None) -> ZoneInfo:
        """The office's time zone: legacy and H2H gate times carry no offset."""
        tps = self.reference.tps(tps_code or "")
        office = self.reference.office(office_code or (tps.office_code if tps else ""))
        return ZoneInfo(office.timezone if office else DEFAULT_ZONE)
