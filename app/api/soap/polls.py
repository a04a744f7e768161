"""The response operations: polled ones (delivered once per TPS) and on-demand ones (current
state, any time)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from app.api.soap import documents_out as out
from app.api.soap import results
from app.api.soap.context import SoapContext
from app.api.soap.envelope import SoapCall
from app.api.soap.errors import BadValueError
from app.api.soap.results import Refusal
from app.domain.errors import ForbiddenError, PlpError
from app.domain.plp_request import PlpRequest
from app.domain.ports.responses import ResponseKind
from app.domain.services import responses

K = ResponseKind
POLLED: dict[str, tuple[ResponseKind, Callable[[PlpRequest], str]]] = {
    "GetResponPLP": (K.DECISION, out.respon_plp),
    "GetResponPLPTujuan": (K.DESTINATION, lambda r: out.respon_plp_tujuan(r, wide=False)),
    "GetResponPLP_Tujuan": (K.DESTINATION, lambda r: out.respon_plp_tujuan(r, wide=True)),
}
# L1: the Kasubsi's decisions on cancellations (persetujuan pembatalan), once decided
CANCELLATIONS: dict[str, tuple[ResponseKind, bool]] = {
    "GetResponBatalPLP": (K.CANCELLATION, False),
    "GetResponBatalPLPTujuan": (K.DESTINATION_CANCELLATION, True),
}


def poll(call: SoapCall, ctx: SoapContext) -> str:
    """Kd_asp names the TPS (or one of its gudangs); a client that omits it gets its own."""
    actor = ctx.actor(call)
    asked_for = call.get("kd_asp") or None
    try:
        if call.operation in CANCELLATIONS:
            kind, tujuan = CANCELLATIONS[call.operation]
            decided = responses.poll_cancellations(
                actor, kind, asked_for, ctx.uow(), ctx.clock, ctx.reference
            )
            return results.documents(out.respon_batal(r, c, tujuan) for r, c in decided)
        kind, render = POLLED[call.operation]
        found = responses.poll(actor, kind, asked_for, ctx.uow(), ctx.clock, ctx.reference)
    except ForbiddenError as exc:
        return results.not_allowed(exc)
    except PlpError as exc:
        return results.upload_result([], [Refusal.of_error("", exc)])
    return results.documents(render(r) for r in found)


def plp_on_demand(call: SoapCall, ctx: SoapContext) -> str:
    """By RefNumber, or by No_plp and Tgl_plp (ddmmyyyy)."""
    actor = ctx.actor(call)
    try:
        on = ddmmyyyy(call.get("tgl_plp"), "Tgl_plp")
        number, ref = call.get("no_plp") or None, call.get("refnumber") or None
        found = responses.on_demand(actor, ref, number, on, ctx.uow(read_only=True), ctx.reference)
    except ForbiddenError as exc:
        return results.not_allowed(exc)
    except PlpError as exc:
        return results.upload_result([], [Refusal.of_error("", exc)])
    return results.documents([out.on_demand_plp(found)] if found else [])


def batal_on_demand(call: SoapCall, ctx: SoapContext) -> str:
    """By RefNumber (the cancellation's or the request's), or by NoBatalplp and TglBatalplp."""
    actor = ctx.actor(call)
    try:
        on = ddmmyyyy(call.get("tglbatalplp"), "TglBatalplp")
        number, ref = call.get("nobatalplp") or None, call.get("refnumber") or None
        found = responses.cancellation_on_demand(
            actor, ref, number, on, ctx.uow(read_only=True), ctx.reference
        )
    except ForbiddenError as exc:
        return results.not_allowed(exc)
    except PlpError as exc:
        return results.upload_result([], [Refusal.of_error("", exc)])
    return results.documents([out.on_demand_batal(*found)] if found else [])


def ddmmyyyy(value: str, name: str) -> date | None:
    """ddmmyyyy as clients send it (PHP date('dmY')); yyyymmdd accepted too."""
    if not value:
        return None
    for fmt in ("%d%m%Y", "%Y%m%d"):
        try:
            return datetime.strptime(value, fmt).date()  # noqa: DTZ007 (a date)
        except ValueError:
            continue
    raise BadValueError(f"{name} {value!r} is not ddmmyyyy", name)
