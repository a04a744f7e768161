"""The states of a PLP request and every allowed move between them, in one table."""

from __future__ import annotations

from enum import StrEnum


class PlpStatus(StrEnum):
    IN_REVIEW = "IN_REVIEW"  # R1/R2: waiting for recommendations, then the Kasubsi (R3)
    REJECTED = "REJECTED"  # by an eligibility rule on arrival or by the Kasubsi
    APPROVED = "APPROVED"  # R3: PLP number given; waiting for the origin supervisor (M2)
    RELEASE_REFUSED = "RELEASE_REFUSED"  # M2 mismatch: with the manifest officer
    RELEASED = "RELEASED"  # M2 match: sealed and released; waiting for gate-out (M3)
    GATED_OUT = "GATED_OUT"  # M3 done; waiting for the destination supervisor (M4)
    DISCREPANCY = "DISCREPANCY"  # M4 mismatch: with the P2 section
    ENTERED = "ENTERED"  # M4 match: seal opened; waiting for gate-in (M5)
    HELD = "HELD"  # M4/S1: the P2 section's enforcement (penindakan) holds the goods
    GATED_IN = "GATED_IN"  # M5: the online procedure has ended
    CANCELLED = "CANCELLED"  # L1


S = PlpStatus
NEXT: dict[PlpStatus, frozenset[PlpStatus]] = {
    S.IN_REVIEW: frozenset({S.APPROVED, S.REJECTED, S.CANCELLED}),
    S.APPROVED: frozenset({S.RELEASED, S.RELEASE_REFUSED, S.CANCELLED}),
    S.RELEASE_REFUSED: frozenset({S.APPROVED, S.CANCELLED}),
    S.RELEASED: frozenset({S.GATED_OUT, S.CANCELLED}),  # L1: cancel until gate-out
    S.GATED_OUT: frozenset({S.ENTERED, S.DISCREPANCY, S.HELD}),  # HELD: S1 alert in transit
    S.DISCREPANCY: frozenset({S.ENTERED, S.HELD}),  # the P2 section's conclusion (M4)
    S.ENTERED: frozenset({S.GATED_IN, S.HELD}),
    S.HELD: frozenset({S.ENTERED}),  # the P2 section lifts the hold: entry may proceed
    S.REJECTED: frozenset(),
    S.GATED_IN: frozenset(),
    S.CANCELLED: frozenset(),
}

FINAL = frozenset(s for s, nxt in NEXT.items() if not nxt)

# E5: a line blocks its goods from other requests while its request is in one of these.
ACTIVE = frozenset(S) - FINAL
