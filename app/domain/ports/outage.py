"""Ports of outages, the manual procedure and reconciliation (F1-F3, L2, R4)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from app.domain.manual_plp import ManualPlp
from app.domain.outage import OfficeEvent, Outage, TpsNotice
from app.domain.reconciliation import Reconciliation
from app.domain.reference import OfficeInfo


class OutageRepository(Protocol):
    def add(self, outage: Outage) -> None:
        """ConflictError if the office already has an open outage."""

    def get(self, outage_id: str) -> Outage | None: ...

    def open_for(self, office_code: str) -> Outage | None: ...

    def open_unswitched(self) -> list[Outage]:
        """F1: what the watchdog measures; never more than one row per office."""

    def open_from(self, dependency: str) -> list[Outage]: ...

    def mark_switched(self, outage_id: str, at: datetime) -> bool: ...

    def end(self, outage_id: str, at: datetime, by: str) -> bool:
        """Only an open outage ends; False if someone ended it first."""

    def recent(self, office_code: str | None, open_only: bool, limit: int) -> list[Outage]: ...

    def in_manual_period(self, office_code: str) -> Outage | None:
        """F2: the outage whose paper PLPs may be recorded: in manual mode or being reconciled."""


class OfficeModes(Protocol):
    def get(self, office_code: str) -> OfficeInfo | None: ...

    def switch_to_manual(self, office_code: str, at: datetime) -> bool:
        """F1 as one conditional update: True only for the caller that switched."""

    def return_online(self, office_code: str) -> bool: ...

    def tps_codes(self, office_code: str) -> list[str]: ...


class OfficeEvents(Protocol):
    def add(self, event: OfficeEvent) -> None: ...

    def of_outage(self, outage_id: str) -> list[OfficeEvent]: ...

    def of_office(self, office_code: str, limit: int) -> list[OfficeEvent]: ...


class TpsNotifications(Protocol):
    def send(self, notice: TpsNotice) -> None:
        """Queue a notice; it leaves only if the unit of work commits (an outbox can do this)."""


class ManualPlpRepository(Protocol):
    def add(self, manual: ManualPlp) -> None: ...

    def get(self, manual_id: str) -> ManualPlp | None: ...

    def save(self, manual: ManualPlp) -> None: ...

    def of_outage(self, outage_id: str) -> list[ManualPlp]: ...

    def of_tps(self, tps_code: str) -> list[ManualPlp]:
        """The paper PLPs whose origin or destination is this TPS."""


class ReconciliationRepository(Protocol):
    def add(self, reconciliation: Reconciliation) -> None: ...

    def get(self, reconciliation_id: str) -> Reconciliation | None: ...

    def of_outage(self, outage_id: str) -> Reconciliation | None: ...

    def close(self, reconciliation_id: str, at: datetime, by: str) -> bool: ...


class SlaWatch(Protocol):
    def overdue(self, now: datetime, limit: int) -> list[str]:
        """R4: requests still in review past their deadline and not yet marked, by index."""
