"""PlpRequest <-> rows: one function each way per table, nothing else."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import fields, replace
from datetime import date, datetime
from functools import cache
from typing import Any

from app.domain.actor import Channel
from app.domain.events import AuditEvent
from app.domain.lines import ContainerSpec, LineKind, ManifestFacts, PackageSpec, PlpLine
from app.domain.plp_parts import (
    Cancellation,
    CancellationState,
    DataType,
    Decision,
    DestinationCheck,
    Finding,
    Investigation,
    OriginCheck,
    PlpHeader,
    Recommendation,
)
from app.domain.plp_request import PlpRequest
from app.domain.reasons import ApplicantSide, PlpReason
from app.domain.research import ResearchAid
from app.domain.seals import ContainerSeals, SealRecord, SealStage
from app.domain.status import PlpStatus

_HEADER_FIELDS = [f.name for f in fields(PlpHeader)]


def request_row(r: PlpRequest) -> dict[str, Any]:
    """Every column of plp_request for this request."""
    h, d = r.header, r.decision
    return {
        **{name: getattr(h, name) for name in _HEADER_FIELDS},
        "reason": h.reason.value,
        "data_type": h.data_type.value,
        "id": r.id,
        "version": r.version,
        "status": r.status.value,
        "applicant_tps": r.applicant_tps,
        "side": r.side.value,
        "channel": r.channel.value,
        "submitted_at": r.submitted_at,
        "deadline_at": r.deadline_at,
        "sla_breached_at": r.sla_breached_at,
        "fingerprint": r.fingerprint,
        "needs_p2": r.needs_p2,
        "line_count": len(r.lines),
        "findings": [_json(vars(f)) for f in r.findings],
        "manifest_rec": _part(r.manifest_rec),
        "manifest_rec_at": r.manifest_rec.at if r.manifest_rec else None,
        "p2_rec": _part(r.p2_rec),
        "p2_rec_at": r.p2_rec.at if r.p2_rec else None,
        "decided_by": d.by if d else None,
        "decided_at": d.at if d else None,
        "approved": d.approved if d else None,
        "plp_number": d.plp_number if d else None,
        "plp_date": d.plp_date if d else None,
        "plp_year": d.plp_date.year if d and d.plp_date else None,
        "decision_reason": d.reason if d else None,
        "origin_check": _with_seals(r.origin_check),
        "destination_check": _with_seals(r.destination_check),
        "investigation": _part(r.investigation),
        "cancellation_pending": r.pending_cancellation is not None,
        "approval_lapses_at": r.approval_lapses_at,
        "transit_hours": r.transit_hours,
        "transit_due_at": r.transit_due_at,
        "approval_lapsed_at": r.approval_lapsed_at,
        "transit_overdue_at": r.transit_overdue_at,
        "research_aids": None if r.research_aids is None else [vars(a) for a in r.research_aids],
        "seal_chain": [_json(vars(s)) for s in r.seal_chain] or None,
        "seal_alert": r.seal_alert,
        "out_of_hours_notice_at": r.out_of_hours_notice_at,
        "out_of_hours_alert": r.out_of_hours_alert,
        "decision_revision": r.decision_revision,
        "revised_at": r.revised_at,
        "load_run": r.load_run,
    }


def line_row(request: PlpRequest, line: PlpLine) -> dict[str, Any]:
    cont, pkg = line.container, line.package
    return {
        "request_id": request.id,
        "line_no": line.line_no,
        "kind": line.kind.value,
        "line_key": line.key,
        "active": request.blocks_goods(line),
        "container_number": cont.number if cont else None,
        "size": cont.size if cont else None,
        "iso_type": cont.iso_type if cont else None,
        "package_type": pkg.package_type if pkg else None,
        "package_count": pkg.count if pkg else None,
        "bl_number": pkg.bl_number if pkg else None,
        "bl_date": pkg.bl_date if pkg else None,
        "manifest": _part(line.manifest),
        "approved": line.approved,
        "reject_reason": line.reject_reason,
        "cancelled": line.cancelled,
        "gated_out_at": line.gated_out_at,
        "gated_in_at": line.gated_in_at,
    }


def cancellation_row(r: PlpRequest, c: Cancellation) -> dict[str, Any]:
    return {
        "request_id": r.id,
        "number": c.number,
        "cancellation_date": c.date,
        "office_code": r.header.office_code,
        "applicant_tps": r.applicant_tps,
        "destination_tps": r.header.destination_tps,
        "ref_number": c.ref_number,
        "letter_number": c.letter_number,
        "letter_date": c.letter_date,
        "reason": c.reason,
        "by": c.by,
        "at": c.at,
        "line_nos": list(c.line_nos),
        "state": c.state.value,
        "decided_by": c.decided_by,
        "decided_at": c.decided_at,
        "decision_reason": c.decision_reason,
        "to_destination": c.to_destination,
    }


def to_cancellation(row: Any) -> Cancellation:
    m = _columns(row)
    return Cancellation(
        m["by"],
        m["at"],
        m["reason"],
        m["number"],
        m["cancellation_date"],
        m["ref_number"],
        m["letter_number"],
        m["letter_date"],
        tuple(m["line_nos"] or ()),
        CancellationState(m["state"]),
        m["decided_by"],
        m["decided_at"],
        m["decision_reason"],
        bool(m["to_destination"]),
    )


def event_row(request_id: str, e: AuditEvent) -> dict[str, Any]:
    return {"request_id": request_id, **vars(e), "detail": _json(e.detail)}


def to_request(row: Any, lines: Sequence[Any], cancellations: Sequence[Any]) -> PlpRequest:
    """From rows of plp_request, plp_line and plp_cancellation (SQLAlchemy rows, or dicts from
    driver.read); cancellations oldest first."""
    m = _columns(row)
    header = PlpHeader(
        **{name: m[name] for name in _HEADER_FIELDS}
        | {"reason": PlpReason(m["reason"]), "data_type": DataType(m["data_type"])}
    )
    decision = None
    if m["decided_at"] is not None:
        decision = Decision(
            m["decided_by"],
            m["decided_at"],
            m["approved"],
            m["plp_number"],
            m["plp_date"],
            m["decision_reason"],
        )
    request_lines = [to_line(x) for x in lines]
    return PlpRequest(
        id=m["id"],
        header=header,
        lines=request_lines,
        applicant_tps=m["applicant_tps"],
        side=ApplicantSide(m["side"]),
        channel=Channel(m["channel"]),
        submitted_at=m["submitted_at"],
        fingerprint=m["fingerprint"],
        status=PlpStatus(m["status"]),
        deadline_at=m["deadline_at"],
        findings=tuple(Finding(**f) for f in m["findings"]),
        manifest_rec=_load(Recommendation, m["manifest_rec"]),
        p2_rec=_load(Recommendation, m["p2_rec"]),
        decision=decision,
        origin_check=_origin_check(m["origin_check"], request_lines),
        destination_check=_seals_of(_load(DestinationCheck, m["destination_check"])),
        investigation=_load(Investigation, m["investigation"]),
        cancellations=[to_cancellation(x) for x in cancellations],
        version=m["version"],
        sla_breached_at=m["sla_breached_at"],
        approval_lapses_at=m["approval_lapses_at"],
        transit_hours=m["transit_hours"],
        transit_due_at=m["transit_due_at"],
        approval_lapsed_at=m["approval_lapsed_at"],
        transit_overdue_at=m["transit_overdue_at"],
        research_aids=_aids(m["research_aids"]),
        seal_chain=[_seal_record(x) for x in m.get("seal_chain") or ()],
        seal_alert=bool(m.get("seal_alert")),
        out_of_hours_notice_at=m.get("out_of_hours_notice_at"),
        out_of_hours_alert=bool(m.get("out_of_hours_alert")),
        decision_revision=m.get("decision_revision") or 0,
        revised_at=m.get("revised_at"),
        load_run=m.get("load_run"),
    )


def _with_seals(check: OriginCheck | DestinationCheck | None) -> dict[str, Any] | None:
    """A check as JSON, its seals as a list of {container, numbers, intact}."""
    data = _part(check)
    if data is not None and check is not None:
        data["seals"] = [_json(vars(s)) for s in check.seals]
    return data


def _origin_check(data: dict[str, Any] | None, lines: list[PlpLine]) -> OriginCheck | None:
    """Checks stored before S1 hold only a flat `seal_numbers`: they belong to the container
    of a one-container request; otherwise to no container in particular."""
    check: OriginCheck | None = _seals_of(_load(OriginCheck, data))
    if check is None or data is None or "seals" in data or not check.seal_numbers:
        return check
    containers = [ln.container.number for ln in lines if ln.container and ln.moves]
    if len(containers) != 1:
        return check
    return replace(check, seals=(ContainerSeals(containers[0], check.seal_numbers),))


def _seals_of(check: Any) -> Any:
    if check is None or not check.seals:
        return check
    return replace(check, seals=tuple(_container_seals(x) for x in check.seals))


def _container_seals(x: dict[str, Any]) -> ContainerSeals:
    return ContainerSeals(x["container"], tuple(x["numbers"]), x.get("intact", True))


def _seal_record(x: dict[str, Any]) -> SealRecord:
    return SealRecord(
        x["container"],
        SealStage(x["stage"]),
        tuple(x["numbers"]),
        datetime.fromisoformat(x["at"]),
        x["by"],
        x.get("intact"),
        x.get("discrepancy"),
    )


def _aids(data: list[dict[str, Any]] | None) -> tuple[ResearchAid, ...] | None:
    return None if data is None else tuple(ResearchAid(**a) for a in data)


def to_line(row: Any) -> PlpLine:
    m = _columns(row)
    kind = LineKind(m["kind"])
    container = package = None
    if kind is LineKind.CONTAINER:
        container = ContainerSpec(m["container_number"], m["size"], m["iso_type"])
    else:
        package = PackageSpec(m["package_type"], m["package_count"], m["bl_number"], m["bl_date"])
    return PlpLine(
        m["line_no"],
        kind,
        container,
        package,
        _load(ManifestFacts, m["manifest"]),
        m["approved"],
        m["reject_reason"],
        m["cancelled"],
        m["gated_out_at"],
        m["gated_in_at"],
    )


def to_event(row: Any) -> AuditEvent:
    m = _columns(row)
    return AuditEvent(
        m["at"],
        m["actor"],
        m["role"],
        m["channel"],
        m["action"],
        m["from_status"],
        m["to_status"],
        m["detail"],
        m["simulated"],
    )


def _part(value: Any) -> dict[str, Any] | None:
    """A flat dataclass as JSON (vars(), not asdict(): no deep copy on the hot path)."""
    return None if value is None else _json(vars(value))


def _json(value: Any) -> Any:
    """JSON columns hold ISO strings for dates and times; tuples become lists."""
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _columns(row: Any) -> Mapping[str, Any]:
    return row if isinstance(row, dict) else row._mapping


def _load(cls: Any, data: dict[str, Any] | None) -> Any:
    if data is None:
        return None
    values = {}
    for name, revive in _revivers(cls):
        if name not in data:
            continue  # a part stored before the field existed: its default
        raw = data[name]
        values[name] = raw if raw is None or revive is None else revive(raw)
    return cls(**values)


@cache
def _revivers(cls: Any) -> tuple[tuple[str, Callable[[Any], Any] | None], ...]:
    """Per field of a part, how its JSON value becomes the field's type (worked out once)."""
    return tuple((f.name, _reviver(str(f.type))) for f in fields(cls))


def _reviver(annotation: str) -> Callable[[Any], Any] | None:
    annotation = annotation.removeprefix("dt.")
    if annotation.startswith("datetime"):
        return datetime.fromisoformat
    if annotation.startswith("date"):
        return date.fromisoformat
    if annotation.startswith("tuple"):
        return tuple
    return None
