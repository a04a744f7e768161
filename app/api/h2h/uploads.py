"""The POST endpoints: a PLP request (both paths), its cancellation and the coarri gate
reports. Each becomes the same use case as over REST and SOAP; the answer is the note's
`created` (body code 201, `Proses Berhasil <refNumber>`) or a refusal."""

from __future__ import annotations

from typing import Any

from app.api.h2h import requests_in
from app.api.h2h.context import H2hContext
from app.api.h2h.envelope import Outcome
from app.api.h2h.errors import RejectedOnArrivalError, ScopeError
from app.domain.actor import Actor
from app.domain.commands import ReportMovement
from app.domain.errors import ConflictError, ForbiddenError
from app.domain.services import gate_reports, submission


def created(ref_number: str) -> Outcome:
    return Outcome("created", {"refNumber": ref_number}, {"refNumber": ref_number})


DUPLICATE = Outcome("duplicate_reference")  # HTTP 200, body code 200, data null (note 9.7)


def upload_plp(actor: Actor, body: Any, ctx: H2hContext) -> Outcome:
    """A reused refNumber is answered as the note records, whether the content is the same
    (a resend: the stored request stands) or not; a request failing E1-E6/A1/A2 is stored
    REJECTED and refused here, as over SOAP (contracts/h2h/README.md)."""
    cmd = requests_in.submission(body, actor)
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
    """M3/M5 for PLP movements (kodeDokumenInOut 3). A report naming several PLPs is recorded
    PLP by PLP; resending it after a refusal is safe (recorded ones are acknowledged again)."""
    report = requests_in.gate_report(body, containers)
    ctx.require_tps(actor, report.tps_code)
    ctx.require_gudang(actor, report.gudang_code)
    for first, goods in requests_in.grouped(report):
        zone = ctx.zone(first.office_code, actor.tps_code)
        order = ReportMovement(
            actor,
            report.movement,
            first.plp_number,
            first.plp_date,
            first.at.replace(tzinfo=zone),
            goods,
            first.office_code,
            seals=requests_in.seals_of(report, first),  # S1
        )
        gate_reports.report_movement(order, ctx.uow(), ctx.clock, ctx.reference)
    return created(report.ref_number)
