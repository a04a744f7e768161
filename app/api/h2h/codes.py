"""The code lists the H2H bodies carry: kodeAlasanPlp (the same table as the SOAP
KD_ALASAN_PLP, contracts/kd_alasan_plp.csv, so a code means the same on both surfaces). The
coarri kodeDokumen / kodeDokumenInOut pairs are the domain's table (domain/gate_report.py),
the same on every surface."""

from __future__ import annotations

from functools import cache

from app.api.h2h.errors import bad_value
from app.api.http import contract_files
from app.domain.reasons import ApplicantSide, PlpReason


@cache
def _reasons() -> dict[str, tuple[PlpReason | None, PlpReason | None]]:
    def reason(name: str) -> PlpReason | None:
        return PlpReason(name) if name else None

    return {
        row["kd_alasan_plp"]: (reason(row["origin"]), reason(row["destination"]))
        for row in contract_files.table("kd_alasan_plp.csv")
    }


def reason_for(code: str, side: ApplicantSide, field: str) -> PlpReason:
    """A code only the other side may file keeps that side's meaning, so eligibility rejects
    it with A1/A2 (as over SOAP) rather than with an opaque code error."""
    entry = _reasons().get(code)
    if entry is None:
        known = ", ".join(sorted(_reasons()))
        raise bad_value(field, f"{field} '{code}' tidak dikenal (kode: {known})")
    origin, destination = entry
    own, other = (origin, destination) if side is ApplicantSide.ORIGIN else (destination, origin)
    reason = own or other
    assert reason is not None  # every row of the table names at least one side
    return reason
