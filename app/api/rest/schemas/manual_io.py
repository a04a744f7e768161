"""Paper PLPs of a manual period and their reconciliation (F2, F3, L2)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from app.api.rest.schemas.plp_in import Code4, ContainerIn, Moment, PackageIn
from app.api.rest.times import OfficeTime
from app.domain.lines import ContainerSpec, PackageSpec
from app.domain.manual_plp import ManualPlp
from app.domain.reasons import PlpReason
from app.domain.reconciliation import Reconciliation, ReconciliationItem


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PaperDecisionIn(_In):
    """R3 as the Kasubsi signed it on paper."""

    approved: bool
    decided_at: Moment = Field(description="without an offset: office local time")
    letter_number: str = Field(
        min_length=1,
        max_length=40,
        description="the decision letter; an approval's is the PLP number it was approved under"
        " (up to 6 digits, kept as its NO_PLP, F3)",
        examples=["000101"],
    )
    letter_date: date
    reason: str | None = Field(None, max_length=200, description="required to reject")


class ManualPlpIn(_In):
    """A request letter received on paper while the manual procedure is in force."""

    office_code: str = Field(pattern=r"^\d{6}$", examples=["040300"])
    letter_number: str = Field(min_length=1, max_length=40)
    letter_date: date
    received_at: Moment = Field(description="R4 counts from here; office time if no offset")
    applicant_tps: Code4
    origin_tps: Code4
    origin_gudang: Code4
    destination_tps: Code4
    destination_gudang: Code4
    reason: PlpReason
    bc11_number: str = Field(pattern=r"^\d{6}$")
    bc11_date: date
    applicant_name: str = Field(min_length=1, max_length=60)
    containers: list[ContainerIn] = Field(default_factory=list, max_length=1000)
    packages: list[PackageIn] = Field(default_factory=list, max_length=1000)
    decision: PaperDecisionIn | None = Field(None, description="if already decided on paper")

    def container_specs(self) -> tuple[ContainerSpec, ...]:
        return tuple(ContainerSpec(c.number, c.size, c.iso_type) for c in self.containers)

    def package_specs(self) -> tuple[PackageSpec, ...]:
        return tuple(PackageSpec(p.type, p.count, p.bl_number, p.bl_date) for p in self.packages)


class PaperDecisionOut(BaseModel):
    approved: bool
    decided_at: OfficeTime
    letter_number: str
    letter_date: date
    reason: str | None
    recorded_by: str


class ManualPlpOut(BaseModel):
    id: str
    outage_id: str
    office_code: str
    letter_number: str
    letter_date: date
    received_at: OfficeTime
    applicant_tps: str
    origin_tps: str
    destination_tps: str
    reason: str
    containers: list[str]
    packages: list[str] = Field(description="house B/L or AWB numbers")
    decision: PaperDecisionOut | None
    recorded_by: str
    recorded_at: OfficeTime
    request_id: str | None = Field(description="F3: the request it became in the system")
    entered_at: OfficeTime | None

    @classmethod
    def of(cls, m: ManualPlp) -> ManualPlpOut:
        d = m.decision
        return cls(
            id=m.id,
            outage_id=m.outage_id,
            office_code=m.office_code,
            letter_number=m.letter_number,
            letter_date=m.letter_date,
            received_at=m.received_at,
            applicant_tps=m.applicant_tps,
            origin_tps=m.origin_tps,
            destination_tps=m.destination_tps,
            reason=m.reason.value,
            containers=[c.number for c in m.containers],
            packages=[p.bl_number for p in m.packages],
            decision=PaperDecisionOut(**asdict(d)) if d else None,
            recorded_by=m.recorded_by,
            recorded_at=m.recorded_at,
            request_id=m.request_id,
            entered_at=m.entered_at,
        )


class ReconciliationItemOut(BaseModel):
    manual_plp: ManualPlpOut
    request_status: str | None
    plp_number: str | None = Field(description="F3: an approval's paper number, kept")
    plp_date: date | None = Field(description="F3: an approval's paper date, kept")
    matched: bool
    mismatches: list[str]

    @classmethod
    def of(cls, item: ReconciliationItem) -> ReconciliationItemOut:
        r = item.request
        return cls(
            manual_plp=ManualPlpOut.of(item.manual),
            request_status=r.status.value if r else None,
            plp_number=r.decision.plp_number if r and r.decision else None,
            plp_date=r.decision.plp_date if r and r.decision else None,
            matched=item.matched,
            mismatches=list(item.mismatches),
        )


class ReconciliationOut(BaseModel):
    """L2: the paper PLPs of one manual period and whether the system holds each."""

    id: str
    outage_id: str
    office_code: str
    period_from: OfficeTime = Field(description="F1: the switch to the manual procedure")
    period_to: OfficeTime = Field(description="F3: the end of the outage")
    opened_at: OfficeTime
    status: str = Field(examples=["open"])
    closed_at: OfficeTime | None
    closed_by: str | None
    outage_cause: str
    items: list[ReconciliationItemOut]

    @classmethod
    def of(
        cls, rec: Reconciliation, cause: str, items: list[ReconciliationItem]
    ) -> ReconciliationOut:
        return cls(
            id=rec.id,
            outage_id=rec.outage_id,
            office_code=rec.office_code,
            period_from=rec.period_from,
            period_to=rec.period_to,
            opened_at=rec.opened_at,
            status=rec.status.value,
            closed_at=rec.closed_at,
            closed_by=rec.closed_by,
            outage_cause=cause,
            items=[ReconciliationItemOut.of(i) for i in items],
        )
