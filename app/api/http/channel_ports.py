"""What a wire-protocol channel (SOAP, H2H) needs from the domain: the unit of work and the
submission's ports. Shared here because the channels must not import each other."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from zoneinfo import ZoneInfo

from app.domain.ports.reference import Clock, ReferenceData
from app.domain.ports.unit_of_work import UnitOfWork
from app.domain.services.submission import SubmissionContext

DEFAULT_ZONE = "Asia/Jakarta"


class UnitOfWorkFactory(Protocol):
    def __call__(self, read_only: bool = False) -> UnitOfWork: ...


@dataclass(frozen=True)
class ChannelPorts:
    uow: UnitOfWorkFactory
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
