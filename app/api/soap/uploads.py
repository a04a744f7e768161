"""UploadMohonPLP / PermohonanPLP (LOADPLP) and UploadBatalPLP (BATALPLP): each block becomes
the same command as over REST; the answer is `Proses Berhasil` or a GAGAL with KD_RES."""

from __future__ import annotations

from dataclasses import replace

from app.api.http.load_runs import load_run
from app.api.soap import documents_in as din
from app.api.soap.context import SoapContext, fstream
from app.api.soap.envelope import SoapCall
from app.api.soap.results import Refusal, upload_result
from app.domain.commands import CancelByPlpNumber
from app.domain.errors import PlpError
from app.domain.services import gate_reports, submission


def upload_plp(call: SoapCall, ctx: SoapContext) -> str:
    """A request rejected on arrival (E1-E6, A1/A2) is stored REJECTED and answered GAGAL
    with a KD_RES per failed rule (contracts/README.md says why); a resend replays it."""
    actor = ctx.actor(call)
    try:
        blocks = din.blocks(fstream(call), "LOADPLP")
    except PlpError as exc:
        return upload_result([], [Refusal.of_error("", exc)])
    accepted: list[str] = []
    refused: list[Refusal] = []
    for block in din.read_blocks(blocks, lambda b: din.submission(b, actor)):
        if block.value is None:
            refused.append(_refusal(block.ref_number, block.error))
            continue
        try:
            cmd = replace(block.value, load_run=load_run())
            result = submission.submit(cmd, ctx.uow(), ctx.submission)
        except PlpError as exc:
            refused.append(Refusal.of_error(block.ref_number, exc))
            continue
        if result.request.findings:
            refused.append(Refusal.of_findings(block.ref_number, result.request.findings))
        else:
            accepted.append(block.ref_number)
    return upload_result(accepted, refused)


def upload_batal(call: SoapCall, ctx: SoapContext) -> str:
    """L1 by PLP number; the REF_NUMBER is the cancellation's own, and a resend replays."""
    actor = ctx.actor(call)
    try:
        blocks = din.blocks(fstream(call), "BATALPLP")
    except PlpError as exc:
        return upload_result([], [Refusal.of_error("", exc)])
    accepted: list[str] = []
    refused: list[Refusal] = []
    for block in din.read_blocks(blocks, din.cancellation):
        if block.value is None:
            refused.append(_refusal(block.ref_number, block.error))
            continue
        c = block.value
        try:
            order = CancelByPlpNumber(
                actor,
                c.plp_number,
                c.plp_date,
                c.reason,
                block.ref_number,
                c.letter_number,
                c.letter_date,
                c.goods,
                c.office_code,
            )
            gate_reports.cancel_by_number(order, ctx.uow(), ctx.clock, ctx.reference)
        except PlpError as exc:
            refused.append(Refusal.of_error(block.ref_number, exc))
            continue
        accepted.append(block.ref_number)
    return upload_result(accepted, refused)


def _refusal(ref_number: str, error: PlpError | None) -> Refusal:
    assert error is not None  # a block without a value carries its error
    return Refusal.of_error(ref_number, error)
