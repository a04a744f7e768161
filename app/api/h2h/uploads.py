"""The POST endpoints: a PLP request (both paths), its cancellation and the coarri gate
reports. Each becomes the same use case as over REST and SOAP; the answer is the note's
`created` (body code 201, `Proses Berhasil <refNumber>`) or a refusal."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from app.api.h2h import requests_in
from app.api.h2h.context import H2hContext
from app.api.h2h.envelope import Outcome
from app.api.h2h.errors import RejectedOnArrivalError, ScopeError
from app.api.http.load_runs import load_run
from app.domain.actor import Actor
from app.domain.commands import Goods
from app.domain.errors import ConflictError, ForbiddenError
from app.domain.lines import ContainerSpec, PackageSpec, line_key
from app.domain.services import gate_dispatch, gate_reports, submission
from app.domain.services.goods_reports import ReportedGoods


def created(ref_number: str) -> Outcome:
    return Outcome("created", {"refNumber": ref_number}, {"refNumber": ref_number})


DUPLICATE = Outcome("duplicate_reference")  # HTTP 200, body code 200, data null (note 9.7)


def upload_plp(actor: Actor, body: Any, ctx: H2hContext) -> Outcome:
    """A reused refNumber is answered as the note records, whether the content is the same
    (a resend: the stored request stands) or not; a request failing E1-E6/A1/A2 is stored
    REJECTED and refused here, as over SOAP (contracts/h2h/README.md)."""
    cmd = replace(requests_in.submission(body, actor), load_run=load_run())
    try:
        result = submission.submit(cmd, ctx.uow(), ctx.submission)
    except ConflictError as exc:
        if exc.rule == "IDEMPOTENCY":
            return DUPLICATE
        raise
    except ForbiddenError as exc:
        h = cmd.header
        if actor.tps_code and actor.tps_code not in (h.origin_tps, h.destination_tps):
            raise ScopeError("forbidden_tps", h.origin_tps) from exc
        raise
    if result.replayed:
        return DUPLICATE
    if result.request.findings:
        raise RejectedOnArrivalError(result.request.findings)
    return created(cmd.header.ref_number)


def upload_batal(actor: Actor, body: Any, ctx: H2hContext) -> Outcome:
    """L1 by PLP number; refNumber is the cancellation's own, and a resend is a duplicate."""
    batal = requests_in.cancellation(body, actor)
    ctx.require_tps(actor, batal.tps_code)
    ctx.require_kantor(actor, batal.office_code)
    result = gate_reports.cancel_by_number(batal.order, ctx.uow(), ctx.clock, ctx.reference)
    return DUPLICATE if result.replayed else created(batal.order.ref_number)


def coarri(actor: Actor, body: Any, ctx: H2hContext, containers: bool) -> Outcome:
    """Gate reports of every kind the table of domain/gate_report.py accepts (PLP gate-out
    and gate-in, discharge, gate-out under an SPPB, receipt under the BC 1.1), as over SOAP
    and REST. A report naming several PLPs is recorded PLP by PLP; resending it after a
    refusal is safe (recorded ones are acknowledged again)."""
    report = requests_in.gate_report(body, containers)
    ctx.require_tps(actor, report.tps_code)
    ctx.require_gudang(actor, report.gudang_code)
    items = [
        ReportedGoods(
            key,
            i.kd_dok_inout,
            i.document_number,
            i.document_date,
            i.at.replace(tzinfo=ctx.zone(i.office_code, actor.tps_code)),
            *_bc11(report, i),
            i.office_code,
            i.seals,  # S1: an item names one container or one house B/L
        )
        for i in report.items
        for key in _keys(i.goods)
    ]
    head = (report.kd_dok, report.tps_code, report.gudang_code, report.ref_number)
    gate_dispatch.report_gate(actor, head, items, ctx.uow(), ctx.clock, ctx.reference)
    return created(report.ref_number)


def _bc11(report: requests_in.GateReport, item: requests_in.GateItem) -> tuple[Any, Any]:
    """The header's BC 1.1; under kodeDokumenInOut 20 the document is the BC 1.1 itself."""
    if report.bc11_number or item.kd_dok_inout != "20":
        return report.bc11_number, report.bc11_date
    return item.document_number, item.document_date


def _keys(goods: Goods) -> list[str]:
    keys = [line_key(ContainerSpec(number, "")) for number in goods.containers]
    keys += [line_key(PackageSpec("", 0, bl, on)) for bl, on in goods.packages if on]
    return keys
