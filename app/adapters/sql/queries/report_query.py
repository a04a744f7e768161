"""L3 reads: counts aggregated in SQL, decisions streamed; never a whole month of requests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import Index, and_, distinct, func, or_, select, true
from sqlalchemy.orm import Session

from app.adapters.sql.tables.plp_tables import AuditEventRow, PlpRequestRow
from app.domain.report import (
    ALL_GATED_IN,
    COUNTED_ACTIONS,
    DECIDED,
    DECISION_ACTIONS,
    DeadlineEvent,
    DecisionEvent,
    EventCount,
    GateInEvent,
    Outcome,
)
from app.domain.status import PlpStatus

A_TABLE = AuditEventRow.__table__  # type: ignore[attr-defined]
R_TABLE = PlpRequestRow.__table__  # type: ignore[attr-defined]
A, R = A_TABLE.c, R_TABLE.c
# The report reads one month of the audit trail by time; without this index that is a scan of
# every event ever recorded. Declared here, next to its only reader (migration 0006_reports).
AUDIT_AT_INDEX = Index("ix_audit_event_at", A.at)
_EVENTS = A_TABLE.join(R_TABLE, R.id == A.request_id)
_STREAM_ROWS = 1000
NOT_LOAD_RUN = R.load_run.is_(None)  # issue 16.11: load runs pollute no figure


class SqlMonthlyReportSource:
    """Implements the MonthlyReportSource port on one read-only session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def event_counts(
        self, office_code: str, start: datetime, end: datetime
    ) -> Iterator[EventCount]:
        key = (R.origin_tps, R.reason, A.action, A.to_status)
        query = (
            select(*key, func.count())
            .select_from(_EVENTS)
            .where(*_period(office_code, start, end), A.action.in_(COUNTED_ACTIONS))
            .group_by(*key)
        )
        for tps, reason, action, to_status, count in self._session.execute(query):
            yield EventCount(tps, reason, action, to_status, count)

    def decisions(
        self, office_code: str, start: datetime, end: datetime
    ) -> Iterator[DecisionEvent]:
        query = (
            select(
                R.origin_tps, R.reason, A.at, A.action, A.to_status, R.submitted_at, R.deadline_at
            )
            .select_from(_EVENTS)
            .where(*_period(office_code, start, end), A.action.in_(DECISION_ACTIONS))
            .execution_options(yield_per=_STREAM_ROWS)  # a server-side cursor on PostgreSQL
        )
        for tps, reason, at, action, to_status, submitted, deadline in self._session.execute(query):
            yield DecisionEvent(tps, reason, at, _outcome(action, to_status), submitted, deadline)

    def gate_ins(self, office_code: str, start: datetime, end: datetime) -> Iterator[GateInEvent]:
        query = (
            select(R.origin_tps, R.reason, A.at, R.submitted_at, R.deadline_at)
            .select_from(_EVENTS)
            .where(*_period(office_code, start, end), A.action == ALL_GATED_IN)
            .execution_options(yield_per=_STREAM_ROWS)
        )
        for tps, reason, at, submitted, deadline in self._session.execute(query):
            yield GateInEvent(tps, reason, at, submitted, deadline)

    def deadlines(
        self, office_code: str, start: datetime, end: datetime
    ) -> Iterator[DeadlineEvent]:
        missed = or_(
            and_(R.status == PlpStatus.IN_REVIEW, R.decided_at.is_(None)),
            R.decided_at > R.deadline_at,
        )
        # A deadline follows its request: bounding submitted_at lets the scan use
        # ix_plp_request_office_submitted up to the end of the period.
        query = (
            select(
                R.ref_number,
                R.origin_tps,
                R.reason,
                R.submitted_at,
                R.deadline_at,
                R.decided_at,
                R.id,
            )
            .where(
                R.office_code == office_code,
                R.submitted_at < end,
                R.deadline_at >= start,
                R.deadline_at < end,
                missed,
                NOT_LOAD_RUN,
            )
            .execution_options(yield_per=_STREAM_ROWS)
        )
        for ref, tps, reason, submitted, deadline, decided, id_ in self._session.execute(query):
            yield DeadlineEvent(ref, tps, reason, submitted, deadline, decided, id_)

    def rejections_by_rule(
        self, office_code: str, start: datetime, end: datetime
    ) -> Iterator[tuple[str, int]]:
        finding, rule = self._findings()
        query = (
            select(rule, func.count(distinct(R.id)))
            .select_from(R_TABLE)
            .join(finding, true())
            .where(
                R.office_code == office_code,
                R.submitted_at >= start,
                R.submitted_at < end,
                NOT_LOAD_RUN,
            )
            .group_by(rule)
        )
        for found_rule, count in self._session.execute(query):
            yield str(found_rule), int(count)

    def load_run_requests(self, office_code: str, start: datetime, end: datetime) -> int:
        query = select(func.count()).where(
            R.office_code == office_code,
            R.submitted_at >= start,
            R.submitted_at < end,
            R.load_run.is_not(None),
        )
        return int(self._session.execute(query).scalar_one())

    def _findings(self) -> tuple[Any, Any]:
        """Each finding of a request's JSON list as a row, and its rule id (E1-E6, A1/A2)."""
        if self._session.get_bind().dialect.name == "sqlite":
            each = func.json_each(R.findings).table_valued("value")
            return each, func.json_extract(each.c.value, "$.rule")
        elements = func.json_array_elements(R.findings).table_valued("value")
        return elements, elements.c.value.op("->>")("rule")


def _period(office_code: str, start: datetime, end: datetime) -> tuple[Any, ...]:
    return R.office_code == office_code, A.at >= start, A.at < end, NOT_LOAD_RUN


def _outcome(action: str, to_status: str | None) -> Outcome:
    if action != DECIDED:
        return Outcome.REJECTED_ON_ARRIVAL
    return Outcome.APPROVED if to_status == PlpStatus.APPROVED else Outcome.REJECTED
