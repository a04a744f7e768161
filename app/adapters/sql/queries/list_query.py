"""Lists and work queues as keyset-paginated queries on indexed columns."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Select,
    Text,
    and_,
    bindparam,
    cast,
    false,
    func,
    or_,
    select,
    true,
    tuple_,
)
from sqlalchemy.orm import Session

from app.adapters.sql import driver
from app.adapters.sql.tables.plp_tables import PlpRequestRow
from app.adapters.sql.types import UtcDateTime
from app.domain.queues import (
    Clause,
    Condition,
    ListFilter,
    Page,
    PlpSummary,
    QueueSort,
    QueueSpec,
    Scope,
)
from app.domain.sla import SlaSummary
from app.domain.status import PlpStatus

R = PlpRequestRow.__table__.c  # type: ignore[attr-defined]
_SUMMARY = (
    R.id,
    R.ref_number,
    R.status,
    R.office_code,
    R.applicant_tps,
    R.origin_tps,
    R.destination_tps,
    R.reason,
    R.channel,
    R.submitted_at,
    R.deadline_at,
    R.plp_number,
    R.line_count,
    R.decided_at,  # R4: the SLA of a decided request stops at its decision
)
# R4: most urgent first. Breached requests lead; within an office calendar the at-risk moment
# rises with the deadline, so at-risk ones follow, then those on track.
_URGENCY = func.coalesce(R.deadline_at, R.submitted_at)


def list_page(session: Session, f: ListFilter) -> Page:
    """Newest first."""
    shape = _ListShape(
        _scope_kind(f.scope),
        len(f.statuses),
        bool(f.tps_code),
        bool(f.reason),
        bool(f.submitted_from),
        bool(f.submitted_to),
        bool(f.after),
        bool(f.ref_number),
    )
    params = _scope_params(f.scope) | {"limit": f.limit + 1, "ref": f.ref_number}
    params |= {f"status_{i}": s.value for i, s in enumerate(f.statuses)}
    params |= {"tps": f.tps_code, "reason": f.reason}
    if f.submitted_from:
        params["from"] = datetime.combine(f.submitted_from, time(), UTC)
    if f.submitted_to:
        params["to"] = datetime.combine(f.submitted_to, time(), UTC) + timedelta(days=1)
    if f.after:
        params["after_at"], params["after_id"] = f.after
    rows = driver.read(session.connection(), _list_statement(shape), params)
    return _page(rows, f.limit)


def queue_page(session: Session, spec: QueueSpec) -> Page:
    """By default earliest deadline first (R4): breached and at-risk requests before the others."""
    if not spec.clauses:
        return Page()
    shape = _QueueShape(
        _scope_kind(spec.scope),
        spec.scope.tps_code is not None,
        len(spec.scope.supervised_tps),
        spec.clauses,
        bool(spec.tps_code),
        bool(spec.reason),
        spec.sla or None,
        spec.sort,
        bool(spec.after),
    )
    params = _scope_params(spec.scope) | {"limit": spec.limit + 1}
    params |= {"tps": spec.tps_code, "reason": spec.reason}
    if spec.sla:
        if spec.now is None:
            raise ValueError("an SLA filter needs the time it is judged at")
        params["now"] = spec.now
    if spec.after:
        params["after_at"], params["after_id"] = spec.after
    rows = driver.read(session.connection(), _queue_statement(shape), params)
    return _page(rows, spec.limit, lambda s: spec.cursor_key(s)[0])


# Statements are built once per shape (which filters, how many values each) with their values
# as parameters, and run on the driver's cursor (driver.read): building and compiling a select
# per request cost more than running it.
@dataclass(frozen=True)
class _ListShape:
    scope: str
    statuses: int
    tps: bool
    reason: bool
    submitted_from: bool
    submitted_to: bool
    after: bool
    ref_number: bool


@dataclass(frozen=True)
class _QueueShape:
    scope: str
    scope_tps: bool  # the caller's TPS, for the conditions that name it
    supervised: int
    clauses: tuple[Clause, ...]
    tps: bool
    reason: bool
    sla: str | None
    sort: QueueSort
    after: bool


@lru_cache(maxsize=256)
def _list_statement(shape: _ListShape) -> Select[Any]:
    where = [_scope(shape.scope)]
    if shape.statuses:
        where.append(R.status.in_([bindparam(f"status_{i}") for i in range(shape.statuses)]))
    if shape.tps:
        where.append(or_(R.origin_tps == bindparam("tps"), R.destination_tps == bindparam("tps")))
    if shape.reason:
        where.append(R.reason == bindparam("reason"))
    if shape.submitted_from:
        where.append(R.submitted_at >= bindparam("from", type_=UtcDateTime()))
    if shape.submitted_to:
        where.append(R.submitted_at < bindparam("to", type_=UtcDateTime()))
    if shape.after:
        where.append(tuple_(R.submitted_at, R.id) < _after())
    if shape.ref_number:  # a TPS: only the references it filed (ListFilter.ref_number)
        where.append(R.ref_number == bindparam("ref"))
        if shape.scope == "tps":
            where.append(R.applicant_tps == bindparam("scope_tps"))
    order = (R.submitted_at.desc(), R.id.desc())
    return _select(where, order)


@lru_cache(maxsize=256)
def _queue_statement(shape: _QueueShape) -> Select[Any]:
    where = [_scope(shape.scope), or_(*(_clause(c, shape) for c in shape.clauses))]
    if shape.tps:
        where.append(or_(R.origin_tps == bindparam("tps"), R.destination_tps == bindparam("tps")))
    if shape.reason:
        where.append(R.reason == bindparam("reason"))
    if shape.sla:
        where.append(_sla_narrowing(shape.sla, bindparam("now", type_=UtcDateTime())))
    key = _URGENCY if shape.sort is QueueSort.URGENCY else R.submitted_at
    if shape.sort is QueueSort.NEWEST:
        if shape.after:
            where.append(tuple_(key, R.id) < _after())
        order = (key.desc(), R.id.desc())
    else:
        if shape.after:
            where.append(tuple_(key, R.id) > _after())
        order = (key.asc(), R.id.asc())
    # R5: the officers' queues show the aids, as text: see _open_aids
    return _select(where, order, cast(R.research_aids, Text).label("research_aids"))


def _select(where: list[Any], order: tuple[Any, ...], *extra: Any) -> Select[Any]:
    return select(*_SUMMARY, *extra).where(*where).order_by(*order).limit(bindparam("limit"))


def _after() -> Any:
    """The cursor's (sort key, id), typed so that SQLite gets the stored datetime format."""
    return tuple_(bindparam("after_at", type_=UtcDateTime()), bindparam("after_id"))


def _sla_narrowing(state: str, now: Any) -> Any:
    """R4 as far as SQL can tell it: breached and met exactly; on track and at risk need the
    office calendar, so SQL keeps the running requests still before their deadline."""
    running = R.status == PlpStatus.IN_REVIEW.value
    if state == "breached":
        late = and_(R.decided_at.is_not(None), R.decided_at > R.deadline_at)
        return or_(and_(running, R.deadline_at < now), late)
    if state == "met":
        return and_(R.decided_at.is_not(None), R.decided_at <= R.deadline_at)
    return and_(running, R.deadline_at >= now)


def _page(
    rows: list[dict[str, Any]],
    limit: int,
    key: Callable[[PlpSummary], datetime] = lambda s: s.submitted_at,
) -> Page:
    items = [_summary(r) for r in rows[:limit]]
    more = len(rows) > limit
    return Page(items, (key(items[-1]), items[-1].id) if more and items else None)


def _scope_kind(scope: Scope) -> str:
    return "tps" if scope.tps_code else "office" if scope.office_code else "all"


def _scope_params(scope: Scope) -> dict[str, Any]:
    supervised = sorted(scope.supervised_tps)
    return {"scope_tps": scope.tps_code, "office": scope.office_code} | {
        f"supervised_{i}": tps for i, tps in enumerate(supervised)
    }


def _scope(kind: str) -> Any:
    if kind == "tps":
        tps: Any = bindparam("scope_tps")
        return or_(R.origin_tps == tps, R.destination_tps == tps)
    if kind == "office":
        return R.office_code == bindparam("office")
    return true()


def _clause(clause: Clause, shape: _QueueShape) -> Any:
    status = R.status == clause.status.value
    tps: Any = bindparam("scope_tps") if shape.scope_tps else None  # None: IS NULL, as before
    supervised: list[Any] = [bindparam(f"supervised_{i}") for i in range(shape.supervised)]
    match clause.condition:
        case None:
            return and_(status, true())
        case Condition.MANIFEST_REC_MISSING:
            extra = R.manifest_rec_at.is_(None)
        case Condition.P2_REC_MISSING:
            extra = and_(R.needs_p2, R.p2_rec_at.is_(None))
        case Condition.RECOMMENDATIONS_COMPLETE:
            extra = and_(R.manifest_rec_at.is_not(None), or_(~R.needs_p2, R.p2_rec_at.is_not(None)))
        case Condition.ORIGIN_SUPERVISED:  # T1: a lapsed approval waits for P2, not the gate
            here = R.origin_tps.in_(supervised) if supervised else false()
            extra = and_(here, R.approval_lapsed_at.is_(None))
        case Condition.DESTINATION_SUPERVISED:
            extra = R.destination_tps.in_(supervised) if supervised else false()
        case Condition.TPS_MOVES_OUT:  # T1: a lapsed approval can no longer gate out
            mine = or_(R.applicant_tps == tps, R.origin_tps == tps)
            extra = and_(mine, R.approval_lapsed_at.is_(None))
        case Condition.TPS_MOVES_IN:
            extra = or_(R.applicant_tps == tps, R.destination_tps == tps)
        case Condition.APPROVAL_LAPSED:
            extra = R.approval_lapsed_at.is_not(None)
        case Condition.TRANSIT_OVERDUE:
            extra = R.transit_overdue_at.is_not(None)
        case Condition.SEAL_ALERT:
            extra = R.seal_alert.is_(True)
        case Condition.OUT_OF_HOURS_NOTICE:
            extra = R.out_of_hours_notice_at.is_not(None)
        case Condition.OUT_OF_HOURS_MOVE:
            extra = R.out_of_hours_alert.is_(True)
        case Condition.CANCELLATION_PENDING:
            extra = R.cancellation_pending.is_(True)
    return and_(status, extra)


def _summary(m: dict[str, Any]) -> PlpSummary:
    return SlaSummary(
        m["id"],
        m["ref_number"],
        PlpStatus(m["status"]),
        m["office_code"],
        m["applicant_tps"],
        m["origin_tps"],
        m["destination_tps"],
        m["reason"],
        m["channel"],
        m["submitted_at"],
        m["deadline_at"],
        m["plp_number"],
        m["line_count"],
        research_open=_open_aids(m.get("research_aids")),
        decided_at=m["decided_at"],
    )


@lru_cache(maxsize=4096)
def _open_aids(stored: str | None) -> tuple[str, ...] | None:
    """R5: the codes of the aids that did not pass. Worked out once per stored text: a queue
    shows the same requests again and again, and parsing their aids cost more than the
    query. The answer is immutable, so sharing it is safe."""
    if stored is None:
        return None
    aids = json.loads(stored)
    return None if aids is None else tuple(a["code"] for a in aids if not a["passed"])
