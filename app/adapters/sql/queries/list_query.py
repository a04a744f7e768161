"""Lists and work queues as keyset-paginated queries on indexed columns."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, false, func, or_, select, true, tuple_
from sqlalchemy.orm import Session

from app.adapters.sql.tables.plp_tables import PlpRequestRow
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
    where = [_scope(f.scope)]
    if f.statuses:
        where.append(R.status.in_([s.value for s in f.statuses]))
    if f.tps_code:
        where.append(or_(R.origin_tps == f.tps_code, R.destination_tps == f.tps_code))
    if f.reason:
        where.append(R.reason == f.reason)
    if f.submitted_from:
        where.append(R.submitted_at >= datetime.combine(f.submitted_from, time(), UTC))
    if f.submitted_to:
        end = datetime.combine(f.submitted_to, time(), UTC) + timedelta(days=1)
        where.append(R.submitted_at < end)
    if f.after:
        where.append(tuple_(R.submitted_at, R.id) < tuple_(*f.after))
    order = (R.submitted_at.desc(), R.id.desc())
    return _page(session, where, order, f.limit)


def queue_page(session: Session, spec: QueueSpec) -> Page:
    """By default earliest deadline first (R4): breached and at-risk requests before the others."""
    if not spec.clauses:
        return Page()
    where = [_scope(spec.scope), or_(*(_clause(c, spec.scope) for c in spec.clauses))]
    if spec.tps_code:
        where.append(or_(R.origin_tps == spec.tps_code, R.destination_tps == spec.tps_code))
    if spec.reason:
        where.append(R.reason == spec.reason)
    if spec.sla:
        where.append(_sla_narrowing(spec.sla, spec.now))
    key = _URGENCY if spec.sort is QueueSort.URGENCY else R.submitted_at
    if spec.sort is QueueSort.NEWEST:
        if spec.after:
            where.append(tuple_(key, R.id) < tuple_(*spec.after))
        order = (key.desc(), R.id.desc())
    else:
        if spec.after:
            where.append(tuple_(key, R.id) > tuple_(*spec.after))
        order = (key.asc(), R.id.asc())
    return _page(session, where, order, spec.limit, lambda s: spec.cursor_key(s)[0])


def _sla_narrowing(state: str, now: datetime | None) -> Any:
    """R4 as far as SQL can tell it: breached and met exactly; on track and at risk need the
    office calendar, so SQL keeps the running requests still before their deadline."""
    if now is None:
        raise ValueError("an SLA filter needs the time it is judged at")
    running = R.status == PlpStatus.IN_REVIEW.value
    if state == "breached":
        late = and_(R.decided_at.is_not(None), R.decided_at > R.deadline_at)
        return or_(and_(running, R.deadline_at < now), late)
    if state == "met":
        return and_(R.decided_at.is_not(None), R.decided_at <= R.deadline_at)
    return and_(running, R.deadline_at >= now)


def _page(
    session: Session,
    where: list[Any],
    order: tuple[Any, ...],
    limit: int,
    key: Callable[[PlpSummary], datetime] = lambda s: s.submitted_at,
) -> Page:
    rows = session.execute(select(*_SUMMARY).where(*where).order_by(*order).limit(limit + 1)).all()
    items = [_summary(r) for r in rows[:limit]]
    more = len(rows) > limit
    return Page(items, (key(items[-1]), items[-1].id) if more and items else None)


def _scope(scope: Scope) -> Any:
    if scope.tps_code:
        return or_(R.origin_tps == scope.tps_code, R.destination_tps == scope.tps_code)
    if scope.office_code:
        return R.office_code == scope.office_code
    return true()


def _clause(clause: Clause, scope: Scope) -> Any:
    status = R.status == clause.status.value
    cond = clause.condition
    tps, supervised = scope.tps_code, list(scope.supervised_tps)
    extra = {
        None: true(),
        Condition.MANIFEST_REC_MISSING: R.manifest_rec_at.is_(None),
        Condition.P2_REC_MISSING: and_(R.needs_p2, R.p2_rec_at.is_(None)),
        Condition.RECOMMENDATIONS_COMPLETE: and_(
            R.manifest_rec_at.is_not(None), or_(~R.needs_p2, R.p2_rec_at.is_not(None))
        ),
        Condition.ORIGIN_SUPERVISED: R.origin_tps.in_(supervised) if supervised else false(),
        Condition.DESTINATION_SUPERVISED: (
            R.destination_tps.in_(supervised) if supervised else false()
        ),
        Condition.TPS_MOVES_OUT: or_(R.applicant_tps == tps, R.origin_tps == tps),
        Condition.TPS_MOVES_IN: or_(R.applicant_tps == tps, R.destination_tps == tps),
    }[cond]
    return and_(status, extra)


def _summary(r: Any) -> PlpSummary:
    m = r._mapping
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
        m["decided_at"],
    )
