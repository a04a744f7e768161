"""Responses of the PLP procedure: the whole request, or one row of a list."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field
from pydantic_core import to_json

from app.adapters.i18n import translator
from app.api.rest.times import EventDetail, OfficeTime, Zones, default_zone, localised
from app.domain.events import AuditEvent
from app.domain.lines import PlpLine
from app.domain.plp_parts import DestinationCheck, OriginCheck
from app.domain.plp_request import PlpRequest
from app.domain.queues import PlpSummary
from app.domain.research import ResearchAid
from app.domain.sla import MeasuredPage, SlaStatus


class FindingOut(BaseModel):
    rule: str = Field(examples=["E3"])
    line_no: int | None
    detail: str


class ResearchAidOut(BaseModel):
    """R5: one finding from the BC 1.1 for the researching officers; never a refusal."""

    code: str = Field(examples=["NO_LCL_SPACE"], description="the reason checked, or VOYAGE")
    passed: bool
    message: str
    line_no: int | None = None


class ResearchTallyOut(BaseModel):
    """R5 in a queue item: the aids that did not pass."""

    not_passed: int
    codes: list[str] = Field(description="their codes, each once")


class LineOut(BaseModel):
    line_no: int
    kind: str
    container_number: str | None = None
    size: str | None = None
    iso_type: str | None = None
    package_type: str | None = None
    package_count: int | None = None
    bl_number: str | None = None
    bl_date: date | None = None
    manifest: dict[str, Any] | None = Field(None, description="what the BC 1.1 says of the line")
    approved: bool | None = Field(None, description="FL_SETUJU: true Y, false T, null undecided")
    reject_reason: str | None = None
    cancelled: bool = False
    gated_out_at: OfficeTime | None = None
    gated_in_at: OfficeTime | None = None


class AuditEventOut(BaseModel):
    at: OfficeTime
    actor: str
    role: str
    channel: str
    action: str
    from_status: str | None
    to_status: str | None
    detail: EventDetail
    simulated: bool


class SlaOut(BaseModel):
    """R4: 3 working days from arrival, counted on the office's working calendar."""

    deadline_at: OfficeTime
    state: str = Field(
        examples=["on_track"],
        description="on_track; at_risk in the last quarter of the working time; breached; "
        "met when decided by the deadline",
    )
    working_minutes_total: int = Field(description="working time from arrival to the deadline")
    working_minutes_used: int = Field(description="until now, or until the decision")
    working_minutes_left: int


class TransitWatchOut(BaseModel):
    """T1: the limits the office's settings gave the approval, and what the watch flagged."""

    approval_lapses_at: OfficeTime | None = Field(
        None,
        description="goods not all gated out by then can no longer be released or gate out; "
        "null: no limit (the office's approval validity when approved)",
    )
    approval_lapsed_at: OfficeTime | None = Field(
        None, description="when the transit watch flagged the approval as lapsed"
    )
    transit_hours: int | None = Field(
        None,
        description="elapsed hours allowed between gate-out and gate-in (the office's "
        "transit time when approved); null before approval",
    )
    transit_due_at: OfficeTime | None = Field(
        None, description="when the earliest goods still on the road are due at the destination"
    )
    transit_overdue_at: OfficeTime | None = Field(
        None,
        description="when the transit watch flagged goods overdue; it stays after a late "
        "gate-in, which is recorded",
    )


class PlpRequestOut(BaseModel):
    """A PLP request with everything that happened to it."""

    id: str
    status: str = Field(examples=["IN_REVIEW"])
    channel: str = Field(description="how it arrived: rest, soap, h2h or manual")
    applicant_tps: str
    applicant_side: str
    submitted_at: OfficeTime
    deadline_at: OfficeTime | None = Field(None, description="R4: 3 working days from arrival")
    sla: SlaOut | None = Field(None, description="R4; null when refused on arrival or cancelled")
    header: dict[str, Any]
    lines: list[LineOut]
    findings: list[FindingOut] = Field(description="eligibility rules failed on arrival")
    research_aids: list[ResearchAidOut] | None = Field(
        None,
        description="R5, for the researching officers only: findings from the BC 1.1 on "
        "whether the goods fit the reason and the vessel and voyage match; null for a TPS, "
        "for requests refused on arrival and for requests stored before the aids existed",
    )
    required_recommendations: list[str]
    recommendations: dict[str, Any]
    decision: dict[str, Any] | None
    movement: dict[str, Any] = Field(
        description="origin_check (M2), destination_check (M4), investigation; seal_alert: an "
        "S1 discrepancy awaits the P2 section; out_of_hours_notice_at: when the origin TPS last "
        "gave an H1 notice; out_of_hours_alert: goods gated out out of working hours without a "
        "notice, for the P2 section (H1); seals: each container's seal history (release, "
        "gate_out, gate_in, destination), with time, who, and how it differs from the release"
    )
    transit_watch: TransitWatchOut = Field(description="T1")
    cancellation: dict[str, Any] | None = Field(
        description="L1: the latest cancellation; `state` PENDING (waiting for the Kasubsi), "
        "APPROVED (its lines are cancelled) or REFUSED (`decision_reason` says why)"
    )
    cancellations: list[dict[str, Any]] = Field(
        default_factory=list, description="L1: every cancellation of the request, oldest first"
    )
    audit: list[AuditEventOut] = Field(default_factory=list)

    @classmethod
    def of(
        cls,
        r: PlpRequest,
        sla: SlaStatus | None,
        audit: list[AuditEvent] | None = None,
        research: bool = False,
        zone: ZoneInfo | None = None,
        language: str | None = None,
    ) -> PlpRequestOut:
        """Its times in `zone` (default: settings.office_timezone); dump it with
        `context={"zone": zone}` for the same zone in its typed fields. `language`: the
        findings' details in it (id, en); None: the English of the wire contracts."""
        a = localised(_request(r, sla, audit, research, language), zone or default_zone())
        aids = a["research_aids"]
        return cls.model_construct(  # from the domain's own typed values: nothing to validate
            **a
            | {
                "sla": None if a["sla"] is None else SlaOut.model_construct(**a["sla"]),
                "transit_watch": TransitWatchOut.model_construct(**a["transit_watch"]),
                "lines": [LineOut.model_construct(**x) for x in a["lines"]],
                "findings": [FindingOut.model_construct(**x) for x in a["findings"]],
                "research_aids": None
                if aids is None
                else [ResearchAidOut.model_construct(**x) for x in aids],
                "audit": [AuditEventOut.model_construct(**x) for x in a["audit"]],
            }
        )

    @classmethod
    def json_of(
        cls,
        r: PlpRequest,
        sla: SlaStatus | None,
        audit: list[AuditEvent] | None = None,
        research: bool = False,
        zone: ZoneInfo | None = None,
        language: str | None = None,
    ) -> bytes:
        """of(...).model_dump_json(), without building a model per line and event; `research`:
        the caller is a researching officer (R5); `zone`: the request's office's; `language`:
        of the findings' details (issue 18)."""
        return _json(_request(r, sla, audit, research, language), zone or default_zone())


class PlpSummaryOut(BaseModel):
    id: str
    ref_number: str
    status: str
    office_code: str
    applicant_tps: str
    origin_tps: str
    destination_tps: str
    reason: str
    channel: str
    submitted_at: OfficeTime
    deadline_at: OfficeTime | None
    plp_number: str | None
    line_count: int
    sla: SlaOut | None = None
    research: ResearchTallyOut | None = Field(
        None, description="R5, in the researching officers' queues: the aids that did not pass"
    )


class PageOut(BaseModel):
    items: list[PlpSummaryOut]
    next_cursor: str | None = Field(None, description="pass as `cursor` for the next page")

    @classmethod
    def json_of(
        cls,
        measured: MeasuredPage,
        cursor: str | None,
        research: bool = False,
        zones: Zones | None = None,
    ) -> bytes:
        """The page as this model writes it, without building a model per row; each row's
        times in its office's zone (`zones`; default: settings.office_timezone)."""
        items = [
            localised(
                _summary(s, measured.sla.get(s.id), research),
                zones(s.office_code) if zones else default_zone(),
            )
            for s in measured.page.items
        ]
        return _json({"items": items, "next_cursor": cursor})


# The answers are built as the dicts the models above dump (same fields, same order, same
# values), and written with pydantic's own JSON writer: one model per line, event or row cost
# more than reading it from the database (issue 13). tests/unit/rest/test_plp_out.py holds
# each equal to its model's.


def _json(answer: dict[str, Any], zone: ZoneInfo | None = None) -> bytes:
    """`zone`: every time in it moved there (app/api/rest/times.py); None: already done."""
    if zone is not None:
        answer = localised(answer, zone)
    return to_json(answer, inf_nan_mode="null")  # as the models write NaN and infinities


def _request(
    r: PlpRequest,
    sla: SlaStatus | None,
    audit: list[AuditEvent] | None,
    research: bool,
    language: str | None = None,
) -> dict[str, Any]:
    aids = r.research_aids if research else None
    tr = translator(language) if language else None
    return {
        "id": r.id,
        "status": r.status.value,
        "channel": r.channel.value,
        "applicant_tps": r.applicant_tps,
        "applicant_side": r.side.value,
        "submitted_at": r.submitted_at,
        "deadline_at": r.deadline_at,
        "sla": _sla(sla),
        "header": _plain(r.header) or {},
        "lines": [_line(ln) for ln in r.lines],
        "findings": [
            {"rule": f.rule, "line_no": f.line_no, "detail": f.worded(tr) if tr else f.detail}
            for f in r.findings
        ],
        "research_aids": None if aids is None else [_aid(a) for a in aids],
        "required_recommendations": ["manifest", "p2"] if r.needs_p2 else ["manifest"],
        "recommendations": {"manifest": _plain(r.manifest_rec), "p2": _plain(r.p2_rec)},
        "decision": _plain(r.decision),
        "movement": {
            "origin_check": _with_seals(r.origin_check),
            "destination_check": _with_seals(r.destination_check),
            "investigation": _plain(r.investigation),
            "seal_alert": r.seal_alert,
            "out_of_hours_notice_at": r.out_of_hours_notice_at,
            "out_of_hours_alert": r.out_of_hours_alert,
            "seals": [
                {"container": container, "history": [_plain(x) for x in records]}
                for container, records in r.seal_history().items()
            ],
        },
        "transit_watch": {
            "approval_lapses_at": r.approval_lapses_at,
            "approval_lapsed_at": r.approval_lapsed_at,
            "transit_hours": r.transit_hours,
            "transit_due_at": r.transit_due_at,
            "transit_overdue_at": r.transit_overdue_at,
        },
        "cancellation": _plain(r.cancellation),
        "cancellations": [_plain(c) for c in r.cancellations],
        "audit": [_event(e) for e in audit or []],
    }


def _aid(a: ResearchAid) -> dict[str, Any]:
    return {"code": str(a.code), "passed": a.passed, "message": a.message, "line_no": a.line_no}


def _with_seals(check: OriginCheck | DestinationCheck | None) -> dict[str, Any] | None:
    out = _plain(check)
    if out is not None and check is not None:
        out["seals"] = [_plain(x) for x in check.seals]
    return out


def _line(line: PlpLine) -> dict[str, Any]:
    c, p = line.container, line.package
    return {
        "line_no": line.line_no,
        "kind": line.kind.value,
        "container_number": c.number if c else None,
        "size": c.size if c else None,
        "iso_type": c.iso_type if c else None,
        "package_type": p.package_type if p else None,
        "package_count": p.count if p else None,
        "bl_number": p.bl_number if p else None,
        "bl_date": p.bl_date if p else None,
        "manifest": _plain(line.manifest),
        "approved": line.approved,
        "reject_reason": line.reject_reason,
        "cancelled": line.cancelled,
        "gated_out_at": line.gated_out_at,
        "gated_in_at": line.gated_in_at,
    }


def _event(e: AuditEvent) -> dict[str, Any]:
    return {
        "at": e.at,
        "actor": e.actor,
        "role": e.role,
        "channel": e.channel,
        "action": e.action,
        "from_status": e.from_status,
        "to_status": e.to_status,
        "detail": e.detail,
        "simulated": e.simulated,
    }


def _sla(status: SlaStatus | None) -> dict[str, Any] | None:
    if status is None:
        return None
    return {
        "deadline_at": status.deadline_at,
        "state": status.state.value,
        "working_minutes_total": int(status.total.total_seconds() // 60),
        "working_minutes_used": int(status.used.total_seconds() // 60),
        "working_minutes_left": int(status.left.total_seconds() // 60),
    }


def _tally(s: PlpSummary, research: bool) -> dict[str, Any] | None:
    if not research or s.research_open is None:
        return None
    return {"not_passed": len(s.research_open), "codes": sorted(set(s.research_open))}


def _summary(s: PlpSummary, sla: SlaStatus | None, research: bool = False) -> dict[str, Any]:
    return {
        "id": s.id,
        "ref_number": s.ref_number,
        "status": s.status.value,
        "office_code": s.office_code,
        "applicant_tps": s.applicant_tps,
        "origin_tps": s.origin_tps,
        "destination_tps": s.destination_tps,
        "reason": s.reason,
        "channel": s.channel,
        "submitted_at": s.submitted_at,
        "deadline_at": s.deadline_at,
        "plp_number": s.plp_number,
        "line_count": s.line_count,
        "sla": _sla(sla),
        "research": _tally(s, research),
    }


def _plain(value: Any) -> dict[str, Any] | None:
    """A flat dataclass as a dict of JSON-friendly values (enums as their value, tuples as
    lists); vars(), not fields() or asdict(): this runs for every part of every answer."""
    if value is None:
        return None
    out: dict[str, Any] = {}
    for name, v in vars(value).items():
        if isinstance(v, Enum):
            v = v.value
        elif isinstance(v, tuple):
            v = list(v)
        out[name] = v
    return out
