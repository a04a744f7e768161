"""The simulator's moves: what a simulated officer, partner TPS, the clock or the service does
in a scenario. Each has a name unique within its scenario, so it is carried out once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class MoveKind(StrEnum):
    """A move of a simulated officer, partner TPS or the simulator's clock and service."""

    APPROVE = "approve"  # every required recommendation (R1/R2), then the Kasubsi's approval
    REJECT_LINES = "reject_lines"  # approval with `containers` rejected (FL_SETUJU=T), `reason`
    REJECT_ALL = "reject_all"  # the Kasubsi rejects the whole request with `reason`
    RELEASE = "release"  # origin supervisor releases `containers` with `seals` (M2)
    FILE_AS_PARTNER = "file_as_partner"  # the partner TPS files the data's PLP to the client
    PARTNER_GATE_OUT = "partner_gate_out"  # the partner reports its PLP gate-out (M3)
    DECIDE_CANCELLATION = "decide_cancellation"  # the Kasubsi decides a cancellation (L1)
    DECLARE_OUTAGE = "declare_outage"  # TPS Online disrupted from now (F1)
    END_OUTAGE = "end_outage"  # service restored (F3)
    ADVANCE_CLOCK = "advance_clock"  # `working_hours` on the office calendar, or `hours`
    # `at`: `out_of_hours` = now if outside working hours, else the next moment that is
    SET_CLOCK = "set_clock"
    REDELIVER = "redeliver"  # push the last decision to the callback again (REST)


@dataclass(frozen=True)
class Move:
    """One move; `name` is unique within its scenario, so each is carried out once."""

    kind: MoveKind
    params: Mapping[str, str] = field(default_factory=dict)
    name: str = ""

    def __post_init__(self) -> None:
        if not self.name:
            object.__setattr__(self, "name", self.kind.value)
