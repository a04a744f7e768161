"""Reasons for a PLP (SOP 5.a and 5.b) and who may file each (rules A1/A2, R1/R2)."""

from __future__ import annotations

from enum import StrEnum


class PlpReason(StrEnum):
    YOR_SOR = "YOR_SOR"
    NO_LCL_SPACE = "NO_LCL_SPACE"
    SPECIAL_FACILITY = "SPECIAL_FACILITY"
    EXCISE_RIBBON = "EXCISE_RIBBON"
    MASTER_CONSOLIDATION = "MASTER_CONSOLIDATION"
    STAGNATION = "STAGNATION"
    FF_MASTER_AWB = "FF_MASTER_AWB"
    RUSH_HANDLING = "RUSH_HANDLING"
    POSTAL = "POSTAL"


class ApplicantSide(StrEnum):
    ORIGIN = "origin"
    DESTINATION = "destination"


R = PlpReason
ORIGIN_REASONS = frozenset(
    {R.YOR_SOR, R.NO_LCL_SPACE, R.SPECIAL_FACILITY, R.EXCISE_RIBBON, R.MASTER_CONSOLIDATION}
    | {R.STAGNATION}
)
DESTINATION_REASONS = frozenset({R.FF_MASTER_AWB, R.RUSH_HANDLING, R.POSTAL})
P2_ROUTED_REASONS = frozenset({R.YOR_SOR, R.STAGNATION})  # R1

REASON_DESCRIPTIONS: dict[PlpReason, str] = {
    R.YOR_SOR: "YOR/SOR of the origin TPS at or above the utilisation threshold",
    R.NO_LCL_SPACE: "no storage for consolidated (LCL) import goods at the origin TPS",
    R.SPECIAL_FACILITY: "no yard/warehouse with the special facilities the goods need",
    R.EXCISE_RIBBON: "excisable goods to get excise ribbons at the destination TPS",
    R.MASTER_CONSOLIDATION: "consolidated goods under one master AWB or master B/L",
    R.STAGNATION: "stagnation expected, by the head of office's judgement",
    R.FF_MASTER_AWB: "master AWB goods for a freight forwarder or postal operator at another TPS",
    R.RUSH_HANDLING: "rush handling goods released through a dedicated TPS",
    R.POSTAL: "postal goods cleared through a TPS dedicated to postal services",
}


def side_may_file(side: ApplicantSide, reason: PlpReason) -> bool:
    """A1/A2: the origin files the six origin reasons, the destination only the three others."""
    allowed = ORIGIN_REASONS if side is ApplicantSide.ORIGIN else DESTINATION_REASONS
    return reason in allowed


def needs_p2_review(reason: PlpReason) -> bool:
    """R1: YOR/SOR and stagnation go to P2 as well as to the manifest officer."""
    return reason in P2_ROUTED_REASONS
