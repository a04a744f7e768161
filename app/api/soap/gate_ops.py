"""CoarriCodeco_Container / _Kemasan: gate reports of every kind the table of
domain/gate_report.py accepts (PLP gate-out and gate-in, discharge, gate-out under an SPPB,
receipt under the BC 1.1), each goods item journaled; one `;`-separated result entry per
COCOCONT/COCOKMS block. The _Tes variants are a trial: with a TPS account the report goes
through the same use cases against the data and is rolled back (nothing recorded, not even a
flagged line); with the test account TES/1234, which has no TPS, the document alone is checked."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime

from lxml import etree

from app.api.http.channel_ports import UnitOfWorkFactory
from app.api.soap import documents_in as din
from app.api.soap import results
from app.api.soap.context import SoapContext, fstream
from app.api.soap.envelope import SoapCall
from app.api.soap.errors import UnsupportedDocumentError
from app.api.soap.fields import Fields, child
from app.domain.actor import Actor
from app.domain.commands import Goods, Movement, ReportMovement
from app.domain.errors import InvalidInputError, PlpError
from app.domain.gate_report import GateMove, UnsupportedMovementError, movement_of
from app.domain.lines import ContainerSpec, PackageSpec, line_key
from app.domain.ports.unit_of_work import UnitOfWork
from app.domain.services import goods_reports
from app.domain.services.gate_reports import report_movement

PLP_MOVES = {GateMove.PLP_OUT: Movement.GATE_OUT, GateMove.PLP_IN: Movement.GATE_IN}
TEST_CREDENTIALS = ("TES", "1234")  # documented by the real WSDL for the _Tes operations


def container(call: SoapCall, ctx: SoapContext) -> str:
    return _report(call, ctx, "COCOCONT", "CONT", test=False)


def kemasan(call: SoapCall, ctx: SoapContext) -> str:
    return _report(call, ctx, "COCOKMS", "KMS", test=False)


def container_test(call: SoapCall, ctx: SoapContext) -> str:
    return _report(call, ctx, "COCOCONT", "CONT", test=True)


def kemasan_test(call: SoapCall, ctx: SoapContext) -> str:
    return _report(call, ctx, "COCOKMS", "KMS", test=True)


def _report(call: SoapCall, ctx: SoapContext, root: str, kind: str, test: bool) -> str:
    sent = (call.get("username"), call.params.get("password", ""))
    actor = None if test and sent == TEST_CREDENTIALS else ctx.actor(call)
    if test:
        ctx = replace(ctx, uow=_trial(ctx.uow))
    try:
        blocks = din.blocks(fstream(call), root)
    except PlpError:
        return results.PARSE_FAILED
    return ";".join(_block(b, kind, actor, ctx) for b in blocks)


def _block(block: etree._Element, kind: str, actor: Actor | None, ctx: SoapContext) -> str:
    head = Fields(child(block, "HEADER"), "HEADER")
    ref = head.opt("REF_NUMBER", 50) or ""
    try:
        kd_dok = head.req("KD_DOK", 2)
        items = din.gate_items(block, kind)
        by_move: dict[GateMove, list[din.GateItem]] = defaultdict(list)
        for item in items:  # every pair is judged before anything is recorded
            by_move[movement_of(kd_dok, item.kd_dok_inout)].append(item)
        if actor is not None:
            report = _Report(actor, kd_dok, head, ref)
            for move, group in by_move.items():
                _record(move, group, report, ctx)
    except UnsupportedMovementError as exc:  # KD_RES 005: outside what the simulator handles
        return results.gate_refused(ref, UnsupportedDocumentError(exc.detail, "KD_DOK"))
    except PlpError as exc:
        return results.gate_refused(ref, exc)
    return results.gate_accepted(ref)


def _trial(factory: UnitOfWorkFactory) -> UnitOfWorkFactory:
    """Units of work whose commit rolls back: every check runs against the data, nothing
    stays (and, uncommitted, no notice or push event leaves)."""

    def make(read_only: bool = False) -> UnitOfWork:
        uow = factory(read_only)
        uow.commit = uow.rollback  # type: ignore[method-assign]
        return uow

    return make


@dataclass(frozen=True)
class _Report:
    actor: Actor
    kd_dok: str
    head: Fields
    ref: str


def _record(move: GateMove, items: list[din.GateItem], report: _Report, ctx: SoapContext) -> None:
    actor, zone = report.actor, ctx.zone(None, report.actor.tps_code)
    goods = tuple(
        goods_reports.ReportedGoods(
            key,
            i.kd_dok_inout,
            i.plp_number,
            i.plp_date,
            i.at.replace(tzinfo=zone),
            *_bc11(i),
            i.office_code,
        )
        for i in items
        for key in _keys(i.goods, dated=move not in PLP_MOVES)
    )
    if move in PLP_MOVES:
        journal = goods_reports.journal_lines(
            actor.tps_code or "", report.kd_dok, report.ref, goods, ctx.clock
        )
        for order in _orders(items, PLP_MOVES[move], actor, ctx):
            mine = [ln for ln in journal if ln.document_number == order.plp_number]
            report_movement(order, ctx.uow(), ctx.clock, ctx.reference, mine)
        return
    tps_code = actor.tps_code or ""  # the reporting TPS is the account, as for PLP reports
    known = ctx.reference.tps(tps_code)
    named = report.head.opt("KD_GUDANG", 4) or tps_code
    gudang = named if known and named in known.gudangs else tps_code
    moved = goods_reports.GoodsReport(
        actor, move, report.kd_dok, tps_code, gudang, report.ref, goods
    )
    goods_reports.record(moved, ctx.uow(), ctx.clock, ctx.reference)


def _bc11(item: din.GateItem) -> tuple[str | None, date | None]:
    """NO_BC11/TGL_BC11; under KD_DOK_INOUT 20 the document is the BC 1.1 itself."""
    if item.bc11_number or item.kd_dok_inout != "20":
        return item.bc11_number, item.bc11_date
    return item.plp_number, item.plp_date


def _keys(goods: Goods, dated: bool) -> list[str]:
    """Line keys; a PLP report may leave TGL_BL_AWB out (its PLP names the B/L), the stock
    of a house B/L needs it."""
    keys = [line_key(ContainerSpec(number, "")) for number in goods.containers]
    for bl, on in goods.packages:
        if on is None and dated:
            raise InvalidInputError(f"B/L {bl}: TGL_BL_AWB is required", "TGL_BL_AWB")
        keys.append(line_key(PackageSpec("", 0, bl, on)) if on else f"K:{bl}:")
    return keys


def _orders(
    items: list[din.GateItem], movement: Movement, actor: Actor, ctx: SoapContext
) -> list[ReportMovement]:
    """Items of one PLP at one time are one report (the domain records lines together)."""
    grouped: dict[tuple[str, date, datetime, str | None], list[din.GateItem]] = defaultdict(list)
    for item in items:
        grouped[(item.plp_number, item.plp_date, item.at, item.office_code)].append(item)
    orders = []
    for (number, on, at, office), group in grouped.items():
        zone = ctx.zone(office, actor.tps_code)
        goods = Goods(
            tuple(c for i in group for c in i.goods.containers),
            tuple(p for i in group for p in i.goods.packages),
        )
        seals = tuple(s for i in group for s in i.seals)  # S1
        order = ReportMovement(actor, movement, number, on, at.replace(tzinfo=zone), goods, office)
        orders.append(replace(order, seals=seals))
    return orders
