"""Responses of the work-queue summary: how much waits for each role, against R4."""

from __future__ import annotations

from pydantic import BaseModel, Field

from app.api.rest.times import OfficeTime
from app.domain.actor import Role
from app.domain.services.work_queues import NO_SLA, QueueCount
from app.domain.sla import SlaState

QUEUE_LABELS: dict[Role, str] = {
    Role.MANIFEST_OFFICER: "Manifest officer: research (R1/R2), refused releases (M2)",
    Role.P2_OFFICER: "P2 officer: research of YOR_SOR and STAGNATION requests (R1)",
    Role.KASUBSI_MANIFEST: "Kasubsi Manifes: ready for decision (R3), cancellations to decide (L1)",
    Role.ORIGIN_SUPERVISOR: "Origin supervisors: approved, to check and release (M2)",
    Role.DESTINATION_SUPERVISOR: "Destination supervisors: gated out, to check (M4)",
    Role.P2_SECTION: "P2 section: discrepancies to investigate (M4)",
    Role.TPS_OPERATOR: "TPS operators: released to gate out (M3), entered to gate in (M5)",
}


class QueueCountOut(BaseModel):
    role: str = Field(examples=["kasubsi_manifest"])
    label: str
    yours: bool = Field(description="the caller's own role")
    waiting: int
    on_track: int = Field(description="R4: before the last quarter of the working time")
    at_risk: int = Field(description="R4: in the last quarter of the working time")
    breached: int = Field(description="R4: past the deadline, or decided after it")
    met: int = Field(description="R4: decided by the deadline (queues after the decision)")
    no_sla: int = Field(description="no service owed: e.g. refused on arrival")

    @classmethod
    def of(cls, count: QueueCount, caller: Role) -> QueueCountOut:
        s = count.by_sla
        return cls(
            role=count.role.value,
            label=QUEUE_LABELS.get(count.role, count.role.value),
            yours=count.role is caller,
            waiting=count.waiting,
            on_track=s[SlaState.ON_TRACK],
            at_risk=s[SlaState.AT_RISK],
            breached=s[SlaState.BREACHED],
            met=s[SlaState.MET],
            no_sla=s[NO_SLA],
        )


class QueueSummaryOut(BaseModel):
    office_code: str | None
    at: OfficeTime = Field(description="the time the SLA states are judged at")
    queues: list[QueueCountOut]
