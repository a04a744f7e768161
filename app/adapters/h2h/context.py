"""What the H2H operations need from outside (the domain's ports, handed in by the API
layer), and the account scope of note 2.8: the TPS, kantor and gudang codes a message names
must be the account's own (403 with DJBC's exact words otherwise)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from app.adapters.h2h.errors import ScopeError
from app.domain.actor import Actor, Role
from app.domain.out_of_hours import MovementUnitOfWork
from app.domain.ports import Clock, ReferenceData, UnitOfWork
from app.domain.response_ports import ResponseUnitOfWork
from app.domain.services.submission import SubmissionContext

DEFAULT_ZONE = "Asia/Jakarta"


@dataclass(frozen=True)
class H2hContext:
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
        """The office's time zone: waktuInOut carries no offset."""
        tps = self.reference.tps(tps_code or "")
        office = self.reference.office(office_code or (tps.office_code if tps else ""))
        return ZoneInfo(office.timezone if office else DEFAULT_ZONE)

    def _own(self, actor: Actor) -> tuple[str, frozenset[str], str]:
        tps = self.reference.tps(actor.tps_code or "") if actor.role is Role.TPS_OPERATOR else None
        if tps is None:
            return "", frozenset(), ""
        return tps.code, tps.gudangs, tps.office_code

    def require_tps(self, actor: Actor, code: str) -> None:
        """kodeTps: the account's TPS (or one of its gudangs, as SOAP clients send)."""
        tps, gudangs, _ = self._own(actor)
        if not tps or code.upper() not in {tps, *gudangs}:
            raise ScopeError("forbidden_tps", code)

    def require_gudang(self, actor: Actor, code: str) -> None:
        tps, gudangs, _ = self._own(actor)
        if not tps or code.upper() not in {tps, *gudangs}:
            raise ScopeError("forbidden_gudang", code)

    def require_kantor(self, actor: Actor, code: str) -> None:
        _, _, office = self._own(actor)
        if not office or code != office:
            raise ScopeError("forbidden_kantor", code)
