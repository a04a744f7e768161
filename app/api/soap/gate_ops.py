"""CoarriCodeco_Container / _Kemasan for PLP movements (KD_DOK_INOUT 3): gate-out at the
origin, gate-in at the destination; one `;`-separated result entry per COCOCONT/COCOKMS block.
The _Tes variants check the document the same way and record nothing."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date, datetime

from lxml import etree

from app.api.soap import documents_in as din
from app.api.soap import results
from app.api.soap.context import SoapContext, fstream
from app.api.soap.envelope import SoapCall
from app.api.soap.errors import UnsupportedDocumentError
from app.api.soap.fields import Fields, child
from app.domain.actor import Actor
from app.domain.commands import Goods, Movement, ReportMovement
from app.domain.errors import PlpError
from app.domain.services.gate_reports import report_movement

KD_DOK_PLP = 3  # KD_DOK_INOUT: Persetujuan PLP (protocol note 4.3)
MOVEMENT_OF_KD_DOK = {  # protocol note 4.2
    3: Movement.GATE_OUT,  # gate-out lini 1 impor, the origin terminal
    6: Movement.GATE_OUT,  # gate-out lini 2 impor, an origin warehouse
    5: Movement.GATE_IN,  # gate-in lini 2 impor, the destination
}
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
    try:
        blocks = din.blocks(fstream(call), root)
    except PlpError:
        return results.PARSE_FAILED
    return ";".join(_block(b, kind, actor, ctx, test) for b in blocks)


def _block(
    block: etree._Element, kind: str, actor: Actor | None, ctx: SoapContext, test: bool
) -> str:
    head = Fields(child(block, "HEADER"), "HEADER")
    ref = head.opt("REF_NUMBER", 50) or ""
    try:
        movement = _movement(head.req("KD_DOK", 2))
        items = din.gate_items(block, kind)
        for item in items:
            if not (item.kd_dok_inout.isdigit() and int(item.kd_dok_inout) == KD_DOK_PLP):
                raise UnsupportedDocumentError(
                    f"KD_DOK_INOUT {item.kd_dok_inout} is not a PLP approval (3): the simulator "
                    "records PLP movements only",
                    "KD_DOK_INOUT",
                )
        if not test and actor is not None:
            for order in _orders(items, movement, actor, ctx):
                report_movement(order, ctx.uow(), ctx.clock, ctx.reference)
    except PlpError as exc:
        return results.gate_refused(ref, exc)
    return results.gate_accepted(ref)


def _movement(kd_dok: str) -> Movement:
    movement = MOVEMENT_OF_KD_DOK.get(int(kd_dok)) if kd_dok.isdigit() else None
    if movement is None:
        raise UnsupportedDocumentError(
            f"KD_DOK {kd_dok} is not a PLP movement (3 or 6 gate-out, 5 gate-in)", "KD_DOK"
        )
    return movement


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
