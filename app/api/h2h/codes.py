"""The code lists the H2H bodies carry: kodeAlasanPlp (the same table as the SOAP
KD_ALASAN_PLP, contracts/kd_alasan_plp.csv, so a code means the same on both surfaces) and
the coarri kodeDokumen / kodeDokumenInOut of a PLP movement (note 8.3)."""

from __future__ import annotations

from functools import cache

from app.api.h2h.errors import bad_value
from app.api.http import contract_files
from app.domain.commands import Movement
from app.domain.reasons import ApplicantSide, PlpReason

KD_DOK_INOUT_PLP = "3"  # Persetujuan PLP (note 8.3, SOAP 4.3)
MOVEMENT_OF_KD_DOK = {
    "3": Movement.GATE_OUT,  # gate-out lini 1 impor, the origin terminal
    "6": Movement.GATE_OUT,  # gate-out lini 2 impor, an origin warehouse
    "5": Movement.GATE_IN,  # gate-in lini 2 impor, the destination (CLI sends 5)
}


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


def movement_for(kd_dok: str, field: str) -> Movement:
    movement = MOVEMENT_OF_KD_DOK.get(kd_dok)
    if movement is None:
        raise bad_value(
            field, f"{field} {kd_dok} bukan pergerakan PLP (3 atau 6 gate-out, 5 gate-in)"
        )
    return movement


def require_plp_document(kd_dok_inout: str, field: str) -> None:
    """The simulator records PLP movements only (as over SOAP): SPPB and the like are refused."""
    if kd_dok_inout != KD_DOK_INOUT_PLP:
        raise bad_value(
            field,
            f"{field} {kd_dok_inout} bukan Persetujuan PLP (3): "
            "simulator hanya mencatat pergerakan PLP",
        )
