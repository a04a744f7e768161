"""The unit of work: every repository of the procedure on one transaction."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol

from app.domain.ports.documents import CustomsDocuments
from app.domain.ports.gate_journal import GateJournal
from app.domain.ports.out_of_hours import OutOfHoursNotices
from app.domain.ports.outage import (
    ManualPlpRepository,
    OfficeEvents,
    OfficeModes,
    OutageRepository,
    ReconciliationRepository,
    SlaWatch,
    TpsNotifications,
)
from app.domain.ports.plp import NumberSequence, PlpRequestRepository
from app.domain.ports.responses import ResponseFeed
from app.domain.ports.stock import GoodsStock
from app.domain.ports.transit import TransitWatch


class UnitOfWork(Protocol):
    """One transaction: leaving `with` without commit() rolls back; only use cases commit.
    Notices (`notifications`) leave only after a commit."""

    plp_requests: PlpRequestRepository
    sequences: NumberSequence
    out_of_hours: OutOfHoursNotices  # H1: gate-out (M3) reads them on every channel
    outages: OutageRepository
    offices: OfficeModes
    office_events: OfficeEvents
    notifications: TpsNotifications
    manual_plps: ManualPlpRepository
    reconciliations: ReconciliationRepository
    sla_watch: SlaWatch
    transit_watch: TransitWatch
    responses: ResponseFeed
    stock: GoodsStock  # E7: where the goods are; PLP movements move them
    gate_journal: GateJournal  # every goods item of every gate report, accepted or flagged
    documents: CustomsDocuments  # BC 1.1 manifests and SPPBs of the reference data, read whole

    def __enter__(self) -> UnitOfWork: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...
