"""The polled response feed: what a TPS has not received yet, found through partial indexes
from its cursor on, and recorded as delivered in the same transaction."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, String, cast, literal, select, text, union_all
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.adapters.sql.plp_mapping import to_request
from app.adapters.sql.tables.plp_tables import PlpLineRow, PlpRequestRow
from app.adapters.sql.tables.response_tables import (
    CANCELLED,
    DECIDED,
    REFUSED_ON_ARRIVAL,
    REVISED,
    ResponseCursorRow,
    ResponseDeliveryRow,
)
from app.domain.plp_request import PlpRequest
from app.domain.ports.responses import ResponseKind

REQ = PlpRequestRow.__table__  # type: ignore[attr-defined]
LINE = PlpLineRow.__table__  # type: ignore[attr-defined]
DELIVERY = ResponseDeliveryRow.__table__  # type: ignore[attr-defined]
CURSOR = ResponseCursorRow.__table__  # type: ignore[attr-defined]
R, K = REQ.c, ResponseKind
# A response whose transaction commits up to this long after its time stamp is still found:
# the cursor trails the last poll by this much, and delivered rows are skipped by the anti-join.
SETTLE = timedelta(minutes=10)


class SqlResponseFeed:
    def __init__(self, session: Session) -> None:
        self._session = session

    def take_undelivered(
        self, tps_code: str, kind: ResponseKind, now: datetime, limit: int
    ) -> list[PlpRequest]:
        since = self._session.execute(
            select(CURSOR.c.scan_from).where(
                CURSOR.c.tps_code == tps_code, CURSOR.c.kind == kind.value
            )
        ).scalar()
        rows = self._session.execute(_candidates(tps_code, kind, since).limit(limit + 1)).all()
        taken = self._mark(tps_code, kind, rows[:limit], now)
        if len(rows) <= limit:  # everything before the cursor has been handed out
            self._upsert(CURSOR, {"tps_code": tps_code, "kind": kind.value}, now - SETTLE)
        return self._load([r.id for r in rows[:limit] if (r.id, r.item) in taken])

    def find_cancellation(
        self, tps_code: str, ref_number: str | None, number: str | None, on: date | None
    ) -> PlpRequest | None:
        cancelled = select(R.id, R.ref_number, R.cancellation).where(text(CANCELLED))
        if number and on:
            for side in (R.applicant_tps, R.destination_tps):
                query = cancelled.where(
                    side == tps_code, R.cancellation_number == number, R.cancellation_date == on
                )
                if row := self._session.execute(query).first():
                    return self._load([row.id])[0]
        if ref_number:  # the cancellation's own reference, or the cancelled request's
            for row in self._session.execute(cancelled.where(R.applicant_tps == tps_code)):
                if ref_number in ((row.cancellation or {}).get("ref_number"), row.ref_number):
                    return self._load([row.id])[0]
        return None

    def _mark(
        self, tps_code: str, kind: ResponseKind, rows: Sequence[Any], now: datetime
    ) -> set[tuple[str, str]]:
        """Insert-or-skip: of two concurrent polls, each gets only the rows it inserted."""
        if not rows:
            return set()
        values = [
            {"tps_code": tps_code, "kind": kind.value, "request_id": r.id, "item": r.item}
            | {"delivered_at": now}
            for r in rows
        ]
        insert = pg_insert if self._dialect == "postgresql" else sqlite_insert
        stmt = (
            insert(DELIVERY)
            .values(values)
            .on_conflict_do_nothing()
            .returning(DELIVERY.c.request_id, DELIVERY.c.item)
        )
        return {(a, b) for a, b in self._session.execute(stmt)}

    def _upsert(self, table: Any, key: dict[str, str], scan_from: datetime) -> None:
        insert = pg_insert if self._dialect == "postgresql" else sqlite_insert
        stmt = insert(table).values(key | {"scan_from": scan_from})
        stmt = stmt.on_conflict_do_update(index_elements=list(key), set_={"scan_from": scan_from})
        self._session.execute(stmt)

    def _load(self, ids: list[str]) -> list[PlpRequest]:
        if not ids:
            return []
        heads = {r.id: r for r in self._session.execute(select(REQ).where(R.id.in_(ids)))}
        lines: dict[str, list[Any]] = defaultdict(list)
        query = select(LINE).where(LINE.c.request_id.in_(ids)).order_by(LINE.c.line_no)
        for line in self._session.execute(query):
            lines[line.request_id].append(line)
        return [to_request(heads[i], lines[i]) for i in dict.fromkeys(ids)]

    @property
    def _dialect(self) -> str:
        return self._session.get_bind().dialect.name


def _candidates(tps: str, kind: ResponseKind, since: datetime | None) -> Select[Any]:
    """Each branch is one range scan of one partial index, from the cursor on."""
    none = literal("")
    # a decision cut after a refused release (M2) is a response of its own, numbered
    revision = cast(R.decision_revision, String)
    if kind is K.DECISION:
        decided = _branch(R.applicant_tps, tps, DECIDED, R.decided_at, since, kind, none)
        refused = _branch(
            R.applicant_tps, tps, REFUSED_ON_ARRIVAL, R.submitted_at, since, kind, none
        )
        revised = _branch(R.applicant_tps, tps, REVISED, R.revised_at, since, kind, revision)
        every = union_all(decided, refused, revised).subquery()
        return select(every).order_by(every.c.at, every.c.id)
    if kind is K.DESTINATION:
        branch = _branch(R.destination_tps, tps, DECIDED, R.decided_at, since, kind, none)
        revised = _branch(R.destination_tps, tps, REVISED, R.revised_at, since, kind, revision)
        moves = union_all(branch.where(R.approved.is_(True)), revised).subquery()
        return select(moves).order_by(moves.c.at, moves.c.id)
    side = R.applicant_tps if kind is K.CANCELLATION else R.destination_tps
    day = None if since is None else since.date() - timedelta(days=1)  # office-local dates
    number = R.cancellation_number  # each cancellation of a request is a response of its own
    branch = _branch(side, tps, CANCELLED, R.cancellation_date, day, kind, number)
    if kind is K.DESTINATION_CANCELLATION:  # only moves the destination was told about
        branch = branch.where(R.approved.is_(True))
    return branch.order_by(R.cancellation_date, R.id)


def _branch(
    side: Any,
    tps: str,
    where: str,
    at: Any,
    since: datetime | date | None,
    kind: ResponseKind,
    item: Any,
) -> Select[Any]:
    delivered = (
        select(DELIVERY.c.request_id)
        .where(
            DELIVERY.c.tps_code == tps,
            DELIVERY.c.kind == kind.value,
            DELIVERY.c.request_id == R.id,
            DELIVERY.c.item == item,
        )
        .exists()
    )
    # the partial index predicate as literal SQL, so SQLite's planner can match it
    query = select(R.id, at.label("at"), item.label("item")).where(side == tps, text(where))
    if since is not None:
        query = query.where(at >= since)
    return query.where(~delivered)
