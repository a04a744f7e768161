"""Bodies and responses of outages, office service status and office events (F1-F3)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from app.api.rest.schemas.plp_in import Moment
from app.api.rest.times import EventDetail, OfficeTime
from app.domain.calendar import WorkingCalendar
from app.domain.outage import OfficeEvent, Outage
from app.domain.reference import OfficeInfo


class OutageIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    office_code: str = Field(pattern=r"^\d{6}$", examples=["040300"])
    cause: str = Field(min_length=1, max_length=500, examples=["SKP server does not answer"])
    started_at: Moment | None = Field(
        None, description="when it started (default now); without an offset, office local time"
    )


class OfficeEventOut(BaseModel):
    at: OfficeTime
    actor: str
    role: str
    channel: str
    action: str = Field(examples=["switched_to_manual"])
    outage_id: str | None
    detail: EventDetail

    @classmethod
    def of(cls, e: OfficeEvent) -> OfficeEventOut:
        return cls(
            at=e.at,
            actor=e.actor,
            role=e.role,
            channel=e.channel,
            action=e.action,
            outage_id=e.outage_id,
            detail=e.detail,
        )


class OutageOut(BaseModel):
    """An outage and where it stands against the 6 working hours of F1."""

    id: str
    office_code: str
    started_at: OfficeTime
    ended_at: OfficeTime | None
    cause: str
    source: str = Field(description="declared (by an officer or admin) or monitor")
    dependency: str | None = Field(None, description="the failed probe, for monitor outages")
    recorded_by: str
    ended_by: str | None
    working_minutes: int = Field(description="F1: working time of the office, to the end or now")
    switch_due_at: OfficeTime | None = Field(
        None, description="F1: when the office goes manual if the outage lasts"
    )
    switched_at: OfficeTime | None = Field(None, description="F1: when the office went manual")
    reconciliation_id: str | None = Field(None, description="F3/L2: opened when it ended")
    events: list[OfficeEventOut] = Field(default_factory=list)

    @classmethod
    def of(
        cls,
        o: Outage,
        calendar: WorkingCalendar,
        now: datetime,
        reconciliation_id: str | None = None,
        events: list[OfficeEvent] | None = None,
    ) -> OutageOut:
        due = o.switch_due_at(calendar) if o.is_open and o.switched_at is None else None
        return cls(
            id=o.id,
            office_code=o.office_code,
            started_at=o.started_at,
            ended_at=o.ended_at,
            cause=o.cause,
            source=o.source.value,
            dependency=o.dependency,
            recorded_by=o.recorded_by,
            ended_by=o.ended_by,
            working_minutes=int(o.working_time(calendar, now).total_seconds() // 60),
            switch_due_at=due,
            switched_at=o.switched_at,
            reconciliation_id=reconciliation_id,
            events=[OfficeEventOut.of(e) for e in events or []],
        )


class OfficeServiceOut(BaseModel):
    """How an office serves PLP right now: online, or the manual procedure since when (F2)."""

    office_code: str
    name: str
    calendar: str
    mode: str = Field(examples=["online"], description="online or manual")
    manual_since: OfficeTime | None
    open_outage: OutageOut | None

    @classmethod
    def of(cls, office: OfficeInfo, open_outage: OutageOut | None) -> OfficeServiceOut:
        return cls(
            office_code=office.code,
            name=office.name,
            calendar=office.calendar,
            mode=office.mode.value,
            manual_since=office.manual_since,
            open_outage=open_outage,
        )
