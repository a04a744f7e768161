"""Push delivery of responses (issue 5): what a TPS is told without polling, and when a failed
delivery is tried again.

Events come from the audit events a change produced, so every change that causes one (a
decision, a cancellation, a discrepancy) is covered by the one place that stores audit events;
manual-procedure notices come from the outage use cases through the notification port.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from app.domain.events import AuditEvent
from app.domain.lines import PlpLine
from app.domain.outage import TpsNotice
from app.domain.plp_request import PlpRequest

RETRY_FOR = timedelta(hours=24)  # then the delivery is dead, for an admin to redeliver
FIRST_RETRY = timedelta(seconds=5)
LONGEST_WAIT = timedelta(hours=1)
# how a delivery's error starts (the rest is for admins): its URL or host is not allowed
# (app/domain/callback_address), or the call failed; "HTTP <status>" is an answer
REFUSED, FAILED = "refused", "failed"
_TRANSIT_FLAGS = frozenset({"approval_lapsed", "transit_overdue"})  # T1 audit actions
_OUT_OF_HOURS = frozenset({"out_of_hours_notified", "out_of_hours_move"})  # H1 audit actions


class PushEventType(StrEnum):
    DECISION = "decision"  # R3, or rejected on arrival by E1-E6/A1/A2
    CANCELLATION = "cancellation"  # L1: the decision on a cancellation (NO_BATAL_PLP), Y or T
    MANUAL_PROCEDURE = "manual_procedure"  # F1/F3: file on paper / online again
    TRANSIT_WATCH = "transit_watch"  # T1: an approval lapsed, or goods overdue at destination
    DISCREPANCY = "discrepancy"  # M2 refused release, M4 discrepancy, S1 seal discrepancy
    OUTCOME = "outcome"  # M2 follow-up or the P2 section's conclusion (M4, S1, H1)
    OUT_OF_HOURS = "out_of_hours"  # H1: a notice filed, or a move gated out without one


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    DEAD = "dead"


@dataclass(frozen=True)
class PushEvent:
    """One thing to tell one TPS; its id stays the same on every retry (de-duplication)."""

    id: str
    type: PushEventType
    tps_code: str
    at: datetime
    data: dict[str, Any] = field(default_factory=dict)
    request_id: str | None = None

    def body(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type.value,
            "created_at": self.at.isoformat(),
            "tps_code": self.tps_code,
            "data": self.data,
        }


def events_of_request(request: PlpRequest, new: Iterable[AuditEvent]) -> list[PushEvent]:
    """The push events the audit events of one save produce, one per TPS concerned."""
    out: list[PushEvent] = []
    for event in new:
        kind, parties = _classify(request, event)
        if kind is None:
            continue
        data = _request_data(request) | _extra(kind, request, event)
        for tps in dict.fromkeys(parties):
            out.append(PushEvent(uuid.uuid4().hex, kind, tps, event.at, data, request.id))
    return out


def event_of_notice(notice: TpsNotice) -> PushEvent:
    data = {"office_code": notice.office_code, "kind": notice.kind.value, "message": notice.message}
    return PushEvent(
        uuid.uuid4().hex, PushEventType.MANUAL_PROCEDURE, notice.tps_code, notice.at, data
    )


def retry_at(attempts: int, now: datetime, rand: random.Random | None = None) -> datetime:
    """Exponential backoff with jitter: 5 s, 10 s, 20 s ... capped at an hour, each drawn
    between half and all of it, so endpoints that failed together are not retried together."""
    base: timedelta = min(FIRST_RETRY * 2 ** min(max(attempts - 1, 0), 20), LONGEST_WAIT)
    share = (rand or _RANDOM).uniform(0.5, 1.0)
    return now + base * share


def is_expired(expires_at: datetime, now: datetime) -> bool:
    return now >= expires_at


def tps_error(status: int | None, error: str | None) -> str | None:
    """A delivery's error as its TPS reads it: "refused" (the callback address is not
    allowed), the class of the HTTP status its endpoint answered ("HTTP 5xx"), or "failed".
    Never the remote's or the HTTP client's own text ("Connection refused", a TLS or parser
    message): a callback URL would otherwise probe whatever it reaches. Admins read it all."""
    if not error:
        return None
    if error.startswith(REFUSED):
        return REFUSED
    if status is not None:
        return f"HTTP {status // 100}xx"
    return FAILED


_RANDOM = random.Random()  # noqa: S311 (jitter, not security)


def _classify(request: PlpRequest, event: AuditEvent) -> tuple[PushEventType | None, list[str]]:
    h = request.header
    applicant, other = request.applicant_tps, _other_party(request)
    if event.action in ("decided", "rejected_on_arrival"):
        approved = request.decision is not None and request.decision.approved
        return PushEventType.DECISION, [applicant, *([other] if approved else [])]
    if event.action in ("cancelled", "cancellation_refused"):  # L1: the decision, not the ask
        approved = request.decision is not None and request.decision.approved
        return PushEventType.CANCELLATION, [applicant, *([other] if approved else [])]
    if event.action in ("origin_checked", "destination_checked") and not event.detail.get(
        "matched", True
    ):
        return PushEventType.DISCREPANCY, [applicant, h.origin_tps, h.destination_tps]
    if event.action in _TRANSIT_FLAGS:  # T1: both ends of the move are told
        return PushEventType.TRANSIT_WATCH, [h.origin_tps, h.destination_tps]
    if event.action in _OUT_OF_HOURS:  # H1: both ends of the move, and the applicant
        return PushEventType.OUT_OF_HOURS, [applicant, h.origin_tps, h.destination_tps]
    if event.action == "seal_discrepancy":
        return PushEventType.DISCREPANCY, [applicant, h.origin_tps, h.destination_tps]
    if event.action in ("release_followed_up", "investigation_concluded"):
        return PushEventType.OUTCOME, [applicant, h.origin_tps, h.destination_tps]
    return None, []


def _other_party(request: PlpRequest) -> str:
    h = request.header
    return h.destination_tps if request.applicant_tps == h.origin_tps else h.origin_tps


def _request_data(r: PlpRequest) -> dict[str, Any]:
    h = r.header
    return {
        "request_id": r.id,
        "ref_number": h.ref_number,
        "office_code": h.office_code,
        "origin_tps": h.origin_tps,
        "destination_tps": h.destination_tps,
        "applicant_tps": r.applicant_tps,
        "status": r.status.value,
    }


def _extra(kind: PushEventType, r: PlpRequest, event: AuditEvent) -> dict[str, Any]:
    if kind is PushEventType.DECISION:
        d = r.decision
        return {
            "approved": bool(d and d.approved),
            "plp_number": d.plp_number if d else None,
            "plp_date": d.plp_date.isoformat() if d and d.plp_date else None,
            "reason": d.reason if d else None,
            "findings": [
                {"rule": f.rule, "line_no": f.line_no, "detail": f.detail} for f in r.findings
            ],
            "lines": [_line(ln) for ln in r.lines],
        }
    if kind is PushEventType.CANCELLATION:
        number = event.detail.get("number")
        c = next((x for x in r.cancellations if x.number == number), r.cancellation)
        approved = event.action == "cancelled"
        return {
            "cancellation_number": c.number if c else None,
            "cancellation_date": c.date.isoformat() if c else None,
            "cancellation_ref_number": c.ref_number if c else None,
            "reason": c.reason if c else None,
            "approved": approved,  # L1: the Kasubsi's decision (FL_SETUJU Y / T)
            "decision_reason": event.detail.get("decision_reason" if approved else "reason"),
            "cancelled_lines": event.detail.get("lines", []) if approved else [],
            "lines": event.detail.get("lines", []),
        }
    if kind is PushEventType.TRANSIT_WATCH:
        d = r.decision
        return {
            "flag": event.action,
            "due_at": event.detail.get("due_at"),
            "flagged_at": event.at.isoformat(),
            "plp_number": d.plp_number if d else None,
            "plp_date": d.plp_date.isoformat() if d and d.plp_date else None,
        }
    if kind is PushEventType.OUT_OF_HOURS:
        told = ("notice_id", "planned_start", "planned_end", "time", "lines", "addressed_to")
        return {
            "flag": event.action,
            "rule": "H1",
            "copied_to": event.detail.get("copied_to", []),
            **{k: event.detail[k] for k in told if k in event.detail},
        }
    if kind is PushEventType.OUTCOME:
        step = "follow_up" if event.action == "release_followed_up" else "investigation"
        keep = ("outcome", "note", "cut_lines", "document_number", "document_date")
        extra = {k: event.detail[k] for k in keep if k in event.detail}
        lines = [_line(ln) for ln in r.lines] if event.detail.get("cut_lines") else None
        return {"step": step, **extra} | ({"lines": lines} if lines else {})
    if event.action == "seal_discrepancy":  # S1, from a gate report
        seen = event.detail
        return {"gate": seen["stage"], "rule": "S1", "containers": seen["containers"], "note": ""}
    gate = "origin" if event.action == "origin_checked" else "destination"
    return {"gate": gate, "note": event.detail.get("note", "")}


def _line(line: PlpLine) -> dict[str, Any]:
    c, p = line.container, line.package
    return {
        "line_no": line.line_no,
        "container_number": c.number if c else None,
        "bl_number": p.bl_number if p else None,
        "approved": line.approved,
        "reason": line.reject_reason,
    }
