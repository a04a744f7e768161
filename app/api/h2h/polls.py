"""The GET endpoints: polled responses, delivered once per TPS and shared with the SOAP polls
(one mailbox per TPS, as DJBC's `flagAmbilTps`), and the on-demand reads, any number of
times. Nothing new: `Data tidak ditemukan...` with `data` null (note 3.2)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from app.api.h2h import reader
from app.api.h2h import responses_out as out
from app.api.h2h.context import H2hContext
from app.api.h2h.envelope import Outcome
from app.api.h2h.errors import bad_value
from app.domain.actor import Actor
from app.domain.plp_parts import Cancellation
from app.domain.plp_request import PlpRequest
from app.domain.ports.responses import ResponseKind
from app.domain.services import responses

K = ResponseKind
NOT_FOUND = Outcome("not_found")


@dataclass(frozen=True)
class Poll:
    kind: ResponseKind
    key: str  # the list's name in `data`
    render: Callable[[PlpRequest], dict[str, Any]]


def _respon_plp(r: PlpRequest) -> dict[str, Any]:
    return out.item("ResponPlp", r, r.lines, out.decided)


def _respon_tujuan(r: PlpRequest) -> dict[str, Any]:
    return out.item("ResponPlpTujuan", r, [ln for ln in r.lines if ln.approved], out.decided)


def _batal(schema: str) -> Callable[[PlpRequest, Cancellation], dict[str, Any]]:
    def render(r: PlpRequest, c: Cancellation) -> dict[str, Any]:
        return out.nested(out.cancellation_item(schema, r, c))

    return render


@dataclass(frozen=True)
class CancellationPoll:
    """L1: the Kasubsi's decisions on cancellations, delivered once decided."""

    kind: ResponseKind
    key: str
    render: Callable[[PlpRequest, Cancellation], dict[str, Any]]


POLLS: dict[str, Poll] = {
    "get-respon-plp": Poll(K.DECISION, "responPlp", _respon_plp),
    # the two tujuan paths share one schema and one delivery, as SOAP's two names do
    "get-respon-plp-tujuan": Poll(K.DESTINATION, "responPlp", _respon_tujuan),
    "get-respon-plp-tujuan-v2": Poll(K.DESTINATION, "responPlp", _respon_tujuan),
}
CANCELLATION_POLLS: dict[str, CancellationPoll] = {
    "get-respon-batal-plp": CancellationPoll(K.CANCELLATION, "responBatal", _batal("ResponBatal")),
    "get-respon-batal-plp-tujuan": CancellationPoll(
        K.DESTINATION_CANCELLATION, "responBatal", _batal("ResponBatalTujuan")
    ),
}
_WITH_KODE_TPS = ("get-respon-plp", "get-respon-plp-tujuan", "get-respon-plp-tujuan-v2")


def poll(actor: Actor, name: str, query: Mapping[str, str], ctx: H2hContext) -> Outcome:
    """kodeTps (required where SPEC has it) must be the account's; the batal polls take none
    and read the account's own TPS."""
    if name in CANCELLATION_POLLS:
        batal = CANCELLATION_POLLS[name]
        decided = responses.poll_cancellations(
            actor, batal.kind, None, ctx.uow(), ctx.clock, ctx.reference
        )
        if not decided:
            return NOT_FOUND
        return Outcome("fetched", {batal.key: [batal.render(r, c) for r, c in decided]})
    spec = POLLS[name]
    if name in _WITH_KODE_TPS:
        ctx.require_tps(actor, reader.read(dict(query), f"query:{name}")["kodeTps"])
    found = responses.poll(actor, spec.kind, None, ctx.uow(), ctx.clock, ctx.reference)
    if not found:
        return NOT_FOUND
    return Outcome("fetched", {spec.key: [spec.render(r) for r in found]})


def plp_on_demand(actor: Actor, query: Mapping[str, str], ctx: H2hContext) -> Outcome:
    """One PLP by (nomorPlp + tanggalPlp) or nomorReference, plus the caller's kodeGudang."""
    q = reader.read(dict(query), "query:get-respon-plp-on-demand")
    ctx.require_gudang(actor, q["kodeGudang"])
    ref, number, on = q["nomorReference"], q["nomorPlp"], q["tanggalPlp"]
    if not ref and not (number and on):
        raise bad_value("nomorReference", "kirim nomorPlp dan tanggalPlp, atau nomorReference")
    found = responses.on_demand(actor, ref, number, on, ctx.uow(read_only=True), ctx.reference)
    if found is None:
        return NOT_FOUND
    extra: dict[str, object] = {"userKirim": _submitted_by(found, ctx)}
    return Outcome(
        "fetched",
        [out.nested(out.item("ResponPlpOnDemand", found, found.lines, out.decided, extra))],
    )


def batal_on_demand(actor: Actor, query: Mapping[str, str], ctx: H2hContext) -> Outcome:
    """By nomorBatalPlp + tanggalBatalPlp or by refNumber (the cancellation's or the
    request's): SPEC marks the pair required, its summary says "or RefNumber"; we take either."""
    q = reader.read(dict(query), "query:get-respon-batal-plp-on-demand")
    ctx.require_gudang(actor, q["kodeGudang"])
    ref, number, on = q["refNumber"], q["nomorBatalPlp"], q["tanggalBatalPlp"]
    if not ref and not (number and on):
        raise bad_value("nomorBatalPlp", "kirim nomorBatalPlp dan tanggalBatalPlp, atau refNumber")
    found = responses.cancellation_on_demand(
        actor, ref, number, on, ctx.uow(read_only=True), ctx.reference
    )
    if found is None:
        return NOT_FOUND
    request, cancellation = found
    return Outcome(
        "fetched",
        {"responPlp": [out.cancellation_item("ResponBatalOnDemand", request, cancellation)]},
    )


def _submitted_by(request: PlpRequest, ctx: H2hContext) -> str | None:
    with ctx.uow(read_only=True) as uow:
        trail = uow.plp_requests.audit_trail(request.id)
    return next((e.actor for e in trail if e.action == "submitted"), None)
