"""Gate reports of every kind (CoarriCodeco, protocol note 4.2-4.3): which (KD_DOK,
KD_DOK_INOUT) pairs the simulator accepts and what each does to the stock (E7); a journal
line for every goods item reported."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from app.domain.errors import InvalidInputError


class GateMove(StrEnum):
    DISCHARGE = "DISCHARGE"  # off the vessel into the reporting TPS
    RELEASE = "RELEASE"  # out of the customs area under an SPPB
    PLP_OUT = "PLP_OUT"  # M3
    PLP_IN = "PLP_IN"  # M5
    RECEIVE = "RECEIVE"  # straight into a lini-2 TPS under the BC 1.1


M = GateMove
ACCEPTED: dict[tuple[int, int], GateMove] = {  # (KD_DOK, KD_DOK_INOUT)
    (1, 20): M.DISCHARGE,  # discharge, BC 1.1
    (3, 1): M.RELEASE,  # gate-out lini 1, SPPB (PIB)
    (3, 2): M.RELEASE,  # gate-out lini 1, SPPB BC 2.3
    (6, 1): M.RELEASE,  # gate-out lini 2, SPPB (PIB)
    (6, 2): M.RELEASE,  # gate-out lini 2, SPPB BC 2.3
    (3, 3): M.PLP_OUT,  # gate-out lini 1, PLP
    (6, 3): M.PLP_OUT,  # gate-out lini 2, PLP
    (5, 3): M.PLP_IN,  # gate-in lini 2, PLP
    (5, 20): M.RECEIVE,  # gate-in lini 2, BC 1.1
}
WHAT_IS_ACCEPTED = (
    "accepted: KD_DOK 1 with KD_DOK_INOUT 20 (discharge); 3 or 6 with 1 or 2 (gate-out under "
    "an SPPB) or 3 (PLP gate-out); 5 with 3 (PLP gate-in) or 20 (received under the BC 1.1)"
)


class UnsupportedMovementError(InvalidInputError):
    """A (KD_DOK, KD_DOK_INOUT) pair outside the table: never guessed."""


def movement_of(kd_dok: str, kd_dok_inout: str) -> GateMove:
    pair = (int(kd_dok), int(kd_dok_inout)) if (kd_dok + kd_dok_inout).isdigit() else None
    move = ACCEPTED.get(pair) if pair else None
    if move is None:
        raise UnsupportedMovementError(
            f"KD_DOK {kd_dok} with KD_DOK_INOUT {kd_dok_inout} is not a movement the "
            f"simulator records ({WHAT_IS_ACCEPTED})",
            "KD_DOK",
        )
    return move


class Outcome(StrEnum):
    ACCEPTED = "accepted"
    FLAGGED = "flagged"  # recorded, and refused or breaking a rule


@dataclass(frozen=True)
class JournalLine:
    """One goods item of a gate report as received, with what became of it."""

    received_at: datetime
    tps_code: str
    kd_dok: str
    kd_dok_inout: str
    document_number: str
    document_date: date | None
    goods_key: str
    ref_number: str
    at: datetime
    outcome: Outcome
    rule: str | None = None
    message: str | None = None
    bc11_number: str | None = None
    bc11_date: date | None = None

    def same_report(self, other: JournalLine) -> bool:
        """A resend: the same reference and content, whenever it arrives."""
        keys = ("tps_code", "kd_dok", "kd_dok_inout", "document_number", "goods_key", "at")
        return all(getattr(self, k) == getattr(other, k) for k in keys)
