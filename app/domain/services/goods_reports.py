"""Gate reports that are not PLP movements (discharge, SPPB gate-out, receipt under the BC 1.1)
move the stock (E7); every goods item reported is journaled, a refused one as flagged."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime

from app.domain.actor import Actor
from app.domain.errors import ForbiddenError, InvalidInputError, PlpError, RuleViolationError
from app.domain.gate_report import GateMove, JournalLine, Outcome
from app.domain.messages import msg
from app.domain.ports.reference import Clock, ReferenceData
from app.domain.ports.unit_of_work import UnitOfWork
from app.domain.seals import StatedSeal
from app.domain.stock import GoodsPosition, GoodsRef

T = dict[str, GoodsPosition]


@dataclass(frozen=True)
class ReportedGoods:
    """One CONT or KMS of a report, its goods named by their PLP line key."""

    key: str
    kd_dok_inout: str
    document_number: str
    document_date: date | None
    at: datetime
    bc11_number: str | None = None
    bc11_date: date | None = None
    office_code: str | None = None
    seals: tuple[StatedSeal, ...] = ()  # S1: NO_SEGEL_BC / nomorSegelBc, for PLP moves


@dataclass(frozen=True)
class GoodsReport:
    """A COCOCONT/COCOKMS block (or its REST/H2H twin) of one movement kind."""

    actor: Actor
    move: GateMove
    kd_dok: str
    tps_code: str
    gudang: str
    ref_number: str
    items: tuple[ReportedGoods, ...]


def record(report: GoodsReport, uow: UnitOfWork, clock: Clock, reference: ReferenceData) -> bool:
    """Move the stock for every item or for none; True when it is a resend already recorded.
    A refusal is journaled as flagged, then raised."""
    if report.actor.tps_code != report.tps_code:
        raise ForbiddenError(f"a TPS reports its own gate only, not TPS {report.tps_code}")
    lines = journal_lines(report.tps_code, report.kd_dok, report.ref_number, report.items, clock)
    try:
        with uow:
            earlier = uow.gate_journal.accepted(report.tps_code, report.ref_number)
            if earlier and all(any(e.same_report(ln) for e in earlier) for ln in lines):
                return True
            _move(report, uow, _office(report, reference))
            for line in lines:
                uow.gate_journal.add(line)
            uow.commit()
    except PlpError as exc:
        flag(lines, exc, uow)
        raise
    return False


def journal_lines(
    tps_code: str, kd_dok: str, ref: str, items: tuple[ReportedGoods, ...], clock: Clock
) -> list[JournalLine]:
    now = clock.now()
    return [
        JournalLine(
            now,
            tps_code,
            kd_dok,
            i.kd_dok_inout,
            i.document_number,
            i.document_date,
            i.key,
            ref,
            i.at,
            Outcome.ACCEPTED,
            bc11_number=i.bc11_number,
            bc11_date=i.bc11_date,
        )
        for i in items
    ]


def flag(lines: list[JournalLine], exc: PlpError, uow: UnitOfWork) -> None:
    """The movement happened whatever we answer: it stays on record with why it was refused."""
    with uow:
        for line in lines:
            uow.gate_journal.add(
                replace(line, outcome=Outcome.FLAGGED, rule=exc.rule, message=exc.detail[:500])
            )
        uow.commit()


def _office(report: GoodsReport, reference: ReferenceData) -> str:
    tps = reference.tps(report.tps_code)
    return next((i.office_code for i in report.items if i.office_code), None) or (
        tps.office_code if tps else ""
    )


def _move(report: GoodsReport, uow: UnitOfWork, office: str) -> None:
    by_bc11: dict[tuple[str, date], list[ReportedGoods]] = defaultdict(list)
    for item in report.items:
        number = item.bc11_number or ""
        if not (len(number) == 6 and number.isdigit()) or item.bc11_date is None:
            raise InvalidInputError(
                f"{_label(item.key)}: the BC 1.1 (NO_BC11, 6 digits, and TGL_BC11) is required",
                "NO_BC11",
            )
        by_bc11[(number, item.bc11_date)].append(item)
    for (number, day), items in by_bc11.items():
        keys = [i.key for i in items]
        stored = uow.stock.positions(office, number, day, keys)
        if report.move is GateMove.RELEASE:
            _require_sppb(uow, office, number, day, keys)
        for item in items:
            position = stored.get(item.key) or GoodsPosition(
                GoodsRef(office, number, day, item.key)
            )
            _apply(report, item)(position)
            uow.stock.save(position)


def _apply(report: GoodsReport, item: ReportedGoods) -> Callable[[GoodsPosition], None]:
    tps, gudang, ref = report.tps_code, report.gudang, report.ref_number
    if report.move is GateMove.RELEASE:
        return lambda p: p.release(tps, item.at, ref)
    return lambda p: p.discharge(tps, gudang, item.at, ref)


def _require_sppb(uow: UnitOfWork, office: str, number: str, day: date, keys: list[str]) -> None:
    missing = sorted(set(keys) - uow.stock.released(office, number, day, keys))
    if missing:
        goods = ", ".join(_label(k) for k in missing)
        raise RuleViolationError(
            "E2",
            msg(
                "problems.e2.no_sppb",
                "{goods}: no SPPB under BC 1.1 {number} of {day} releases them",
                goods=goods,
                number=number,
                day=day.isoformat(),
            ),
        )


def _label(key: str) -> str:
    kind, _, rest = key.partition(":")
    return rest if kind == "C" else f"B/L {rest.rsplit(':', 1)[0]}"
