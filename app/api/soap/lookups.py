"""Look-ups by document number that answer from PLP Online's data: GetImpor_Bc11 and
GetImpor_Sppb (the BC 1.1 manifests and SPPBs the eligibility rules use) and
GetDokumenManual_OnDemand (PLPs decided on paper, F2); and the answer of every operation of
the real WSDL the simulator does not serve."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from app.api.soap import codes, polls, results
from app.api.soap import reference_out as out
from app.api.soap.context import SoapContext
from app.api.soap.envelope import SoapCall, escape
from app.api.soap.errors import MissingElementError, UnsupportedDocumentError
from app.api.soap.results import Refusal
from app.domain.errors import ForbiddenError, PlpError
from app.domain.services import document_queries as documents
from app.domain.services.password_change import change_password

Lookup = Callable[[SoapCall, SoapContext], str]


def bc11(call: SoapCall, ctx: SoapContext) -> str:
    actor = ctx.actor(call)

    def look() -> str:
        on = day(call.get("tgl_bc11"), "Tgl_Bc11")
        number = _required(call, "No_Bc11")
        found = documents.bc11(actor, number, on, ctx.uow(read_only=True), ctx.reference)
        return out.bc11(found) if found else results.NOT_FOUND

    return _answer(look)


def supporting(call: SoapCall, ctx: SoapContext) -> str:
    """GetPendukungPLP (one block for the container) and GetPendukungPLP_BL (one per B/L)."""
    actor = ctx.actor(call)

    def look() -> str:
        on = day(call.get("tglbc11"), "tglBc11")
        number, container = _required(call, "noBc11"), _required(call, "noCont")
        uow = ctx.uow(read_only=True)
        found = documents.supporting(actor, number, on, container, uow, ctx.reference)
        if found is None:
            return results.NOT_FOUND
        per_bl = call.operation == "GetPendukungPLP_BL"
        return out.supporting(found[0], container.strip().upper(), found[1], per_bl)

    return _answer(look)


def sppb(call: SoapCall, ctx: SoapContext) -> str:
    """NPWP_Imp, when sent, must be the importer's (the consignee the BC 1.1 names)."""

    actor = ctx.actor(call)

    def look() -> str:
        on = day(call.get("tgl_sppb"), "Tgl_Sppb")
        number, importer = _required(call, "No_Sppb"), call.get("npwp_imp") or None
        uow = ctx.uow(read_only=True)
        found = documents.sppb(actor, number, on, importer, uow, ctx.reference)
        return out.sppb(found) if found else results.NOT_FOUND

    return _answer(look)


def manual_document(call: SoapCall, ctx: SoapContext) -> str:
    """KdDok 3 (Persetujuan PLP): a PLP decided on paper, by the approval letter's number and
    date (NoDok, TglDok); the simulator holds no other manual documents."""

    actor = ctx.actor(call)

    def look() -> str:
        kind = call.get("kddok").strip()
        if kind != out.PAPER_PLP:
            raise UnsupportedDocumentError(
                f"KdDok {kind!r}: the simulator holds manual PLPs only (KdDok 3)", "KdDok"
            )
        on = day(call.get("tgldok"), "TglDok")
        number = _required(call, "NoDok")
        found = documents.paper_plp(actor, number, on, ctx.uow(read_only=True), ctx.reference)
        return out.paper_plp(found) if found else results.NOT_FOUND

    return _answer(look)


def not_served(call: SoapCall, ctx: SoapContext) -> str:
    """Operations of the real WSDL outside PLP: in the WSDL so generated clients start, and
    answered with KD_RES 005 so that no client takes the answer for an empty result."""
    ctx.actor(call)
    kd = codes.for_error(UnsupportedDocumentError("", None))
    return (
        f'<?xml version="1.0"?><RESPON><KD_RES>{kd.code}</KD_RES><KETERANGAN>'
        f"{escape(NOT_SERVED.format(call.operation))}</KETERANGAN></RESPON>"
    )


NOT_SERVED = (
    "{} tidak dilayani oleh simulator PLP Online (not served: the simulator holds no such document)"
)


def ganti_password(call: SoapCall, ctx: SoapContext) -> str:
    """GantiPassword: UserName and Password authenticate, PasswordBaru twice sets the new one;
    from the answer on only the new password authenticates (every channel)."""
    actor = ctx.actor(call)
    if ctx.passwords is None:
        return "Gagal: GantiPassword tidak dilayani; password diubah oleh administrator"
    try:
        change_password(
            actor,
            call.params.get("password", ""),
            call.params.get("passwordbaru", ""),
            call.params.get("passwordkonfirmasi", ""),
            ctx.passwords,
        )
    except PlpError as exc:
        return f"Gagal: {exc.detail}"
    return "Berhasil: password telah diubah"


def day(value: str, name: str) -> date:
    found = polls.ddmmyyyy(value, name)
    if found is None:
        raise MissingElementError(f"{name} is missing", name)
    return found


def _required(call: SoapCall, name: str) -> str:
    value = call.get(name.lower()).strip()
    if not value:
        raise MissingElementError(f"{name} is missing", name)
    return value


def _answer(look: Callable[[], str]) -> str:
    try:
        return look()
    except ForbiddenError as exc:
        return results.not_allowed(exc)
    except PlpError as exc:
        return results.upload_result([], [Refusal.of_error("", exc)])
