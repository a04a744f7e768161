"""The use cases wired to the fakes, with one-call steps through the procedure."""

from __future__ import annotations

from typing import Any

from app.domain import commands as c
from app.domain.actor import Actor
from app.domain.plp_request import LineDecision, PlpRequest
from app.domain.services import procedure
from app.domain.services.submission import SubmissionContext, SubmissionResult, submit
from app.domain.stock import GoodsPosition
from tests.fakes import (
    FakeCalendars,
    FakeNumberSequence,
    FakePlpRequestRepository,
    FakeReferenceData,
    FakeUnitOfWork,
    FixedClock,
)
from tests.unit.builders import (
    BC11_DATE,
    BC11_NUMBER,
    DEST_SUP,
    KASUBSI,
    MANIFEST,
    OFFICE,
    ORIGIN_SUP,
    P2,
    T0,
    TPKA,
    demo_stores,
    seals_for,
    submit_cmd,
)


class World:
    """The fakes of every port and the use cases that run on them."""

    def __init__(self, last_numbers: dict[tuple[str, str, int], int] | None = None) -> None:
        self.clock = FixedClock(T0)
        self.reference = FakeReferenceData()
        self.calendars = FakeCalendars()
        self.stores = demo_stores()
        self.repo = FakePlpRequestRepository(self.stores)
        self.sequences = FakeNumberSequence(last_numbers)
        self.uow = FakeUnitOfWork(self.repo, self.sequences)
        self.ctx = SubmissionContext(self.reference, self.clock, self.calendars)
        self._refs = 0

    def submit(self, cmd: c.SubmitPlp | None = None, **kw: Any) -> SubmissionResult:
        """Submit `cmd`, or a fresh reference of submit_cmd(**kw)."""
        if cmd is None:
            self._refs += 1
            kw.setdefault("ref_number", f"REF-{self._refs:04d}")
            cmd = submit_cmd(**kw)
        self.clock.advance(minutes=1)  # submissions keep an order in lists and queues
        return submit(cmd, self.uow, self.ctx)

    def stored(self, request_id: str) -> PlpRequest:
        return self.repo.stored(request_id)

    def discharged(self, tps: str, *numbers: str, gudang: str | None = None) -> None:
        """E7: these demo containers are at `tps` instead (reference data says so)."""
        keys = [f"C:{n}" for n in numbers]
        self.stores.stock.put((OFFICE, BC11_NUMBER, BC11_DATE), keys, tps, gudang)

    def position(self, number: str) -> GoodsPosition | None:
        return self.stores.stock.stored((OFFICE, BC11_NUMBER, BC11_DATE), f"C:{number}")

    # --- steps -------------------------------------------------------------------------------

    def recommend(self, rid: str, kind: str = "manifest", approve: bool = True) -> PlpRequest:
        actor = P2 if kind == "p2" else MANIFEST
        cmd = c.RecommendPlp(actor, rid, kind, approve, "researched")
        return procedure.recommend(cmd, self.uow, self.clock)

    def decide(
        self, rid: str, approve: bool = True, reason: str | None = None, *lines: LineDecision
    ) -> PlpRequest:
        cmd = c.DecidePlp(KASUBSI, rid, approve, reason, lines)
        return procedure.decide(cmd, self.uow, self.clock, self.reference)

    def cancel(
        self, rid: str, actor: Actor = TPKA, *line_nos: int, ref_number: str | None = None
    ) -> PlpRequest:
        cmd = c.CancelPlp(
            actor, rid, "the consignee cleared the goods", ref_number, line_nos=line_nos
        )
        return procedure.cancel(cmd, self.uow, self.clock, self.reference)

    def decide_cancellation(
        self, rid: str, approve: bool = True, reason: str | None = None, number: str | None = None
    ) -> PlpRequest:
        """L1: the Kasubsi's answer to the pending cancellation (or the one numbered)."""
        waiting = self.stored(rid).pending_cancellation
        chosen = number or (waiting.number if waiting else "")
        cmd = c.DecideCancellation(KASUBSI, rid, chosen, approve, reason)
        return procedure.decide_cancellation(cmd, self.uow, self.clock)

    def check_origin(self, rid: str, matched: bool = True, note: str = "") -> PlpRequest:
        seals = seals_for(self.stored(rid)) if matched else ()
        cmd = c.RecordOriginCheck(ORIGIN_SUP, rid, matched, note=note, seals=seals)
        return procedure.check_at_origin(cmd, self.uow, self.clock)

    def gate_out(self, rid: str, actor: Actor = TPKA) -> PlpRequest:
        cmd = c.RecordGateOut(actor, rid, self.clock.advance(minutes=10))
        return procedure.gate_out(cmd, self.uow, self.clock)

    def check_destination(self, rid: str, matched: bool = True, note: str = "") -> PlpRequest:
        seals = seals_for(self.stored(rid)) if matched else None
        cmd = c.RecordDestinationCheck(DEST_SUP, rid, matched, matched, note, seals)
        return procedure.check_at_destination(cmd, self.uow, self.clock)

    def gate_in(self, rid: str, actor: Actor = TPKA) -> PlpRequest:
        cmd = c.RecordGateIn(actor, rid, self.clock.advance(minutes=10))
        return procedure.gate_in(cmd, self.uow, self.clock)

    # --- a request brought to a step ---------------------------------------------------------

    def in_review(self, **kw: Any) -> str:
        return self.submit(**kw).request.id

    def approved(self, **kw: Any) -> str:
        rid = self.in_review(**kw)
        if self.recommend(rid).needs_p2:
            self.recommend(rid, "p2")
        self.decide(rid)
        return rid

    def released(self, **kw: Any) -> str:
        rid = self.approved(**kw)
        self.check_origin(rid)
        return rid

    def gated_out(self, **kw: Any) -> str:
        rid = self.released(**kw)
        self.gate_out(rid)
        return rid

    def entered(self, **kw: Any) -> str:
        rid = self.gated_out(**kw)
        self.check_destination(rid)
        return rid

    def gated_in(self, **kw: Any) -> str:
        rid = self.entered(**kw)
        self.gate_in(rid)
        return rid
