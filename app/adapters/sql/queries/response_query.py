"""The polled response feed: what a TPS has not received yet, found through partial indexes
from its cursor on, and recorded as delivered in the same transaction."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, String, case, cast, literal, select, text, union_all, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.adapters.sql.plp_mapping import to_request
from app.adapters.sql.tables.plp_tables import (
    DECIDED_CANCELLATION,
    TOLD_DESTINATION,
    PlpCancellationRow,
    PlpLineRow,
    PlpRequestRow,
)
from app.adapters.sql.tables.response_tables import (
    DECIDED,
    REFUSED_ON_ARRIVAL,
    REVISED,
    ResponseCursorRow,
    ResponseDeliveryRow,
)
from app.domain.plp_parts import Cancellation
from app.domain.plp_request import PlpRequest
from app.domain.ports.responses import ResponseKind

REQ = PlpRequestRow.__table__  # type: ignore[attr-defined]
LINE = PlpLineRow.__table__  # type: ignore[attr-defined]
DELIVERY = ResponseDeliveryRow.__table__  # type: ignore[attr-defined]
CURSOR = ResponseCursorRow.__table__  # type: ignore[attr-defined]
CANCEL = PlpCancellationRow.__table__  # type: ignore[attr-defined]
R, K, C = REQ.c, ResponseKind, CANCEL.c
# A response whose transaction commits up to this long after its time stamp is still found:
# the cursor trails the last poll by this much, and delivered rows are skipped by the anti-join.
SETTLE = timedelta(minutes=10)


class SqlResponseFeed:
    def __init__(self, session: Session) -> None:
        self._session = session

    def take_undelivered(
        self, tps_code: str, kind: ResponseKind, now: datetime, limit: int
    ) -> list[PlpRequest]:
        query = _candidates(tps_code, kind, self._since(tps_code, kind, now))
        rows = self._take(tps_code, kind, query, now, limit)
        return self._load([r.id for r in rows])

    def take_cancellations(
        self, tps_code: str, kind: ResponseKind, now: datetime, limit: int
    ) -> list[tuple[PlpRequest, Cancellation]]:
        # The destination's wait for the approval they end, however long that takes: the
        # cursor would pass them, so its feed is scanned whole (few rows: decided cancellations
        # of approved moves to this TPS, the delivered ones skipped by the anti-join).
        told = kind is K.DESTINATION_CANCELLATION
        since = None if told else self._since(tps_code, kind, now)
        rows = self._take(tps_code, kind, _decided_cancellations(tps_code, kind, since), now, limit)
        return self._with_cancellations([(r.id, r.item) for r in rows])

    def find_cancellation(
        self, tps_code: str, ref_number: str | None, number: str | None, on: date | None
    ) -> tuple[PlpRequest, Cancellation] | None:
        """By its number and date (either side), or by its reference or its request's
        (the applicant); the latest cancellation of a request named by the request's own."""
        query = select(C.request_id, C.number).order_by(C.at.desc(), C.number.desc())
        if number and on:
            mine = (C.applicant_tps == tps_code) | (C.destination_tps == tps_code)
            found = self._session.execute(
                query.where(mine, C.number == number, C.cancellation_date == on)
            ).first()
            if found:
                return self._with_cancellations([(found.request_id, found.number)])[0]
        if ref_number:
            own = query.where(C.applicant_tps == tps_code)
            found = self._session.execute(own.where(C.ref_number == ref_number)).first()
            if found is None:
                request_ref = select(R.id).where(
                    R.applicant_tps == tps_code, R.ref_number == ref_number
                )
                found = self._session.execute(
                    own.where(C.request_id.in_(request_ref.scalar_subquery()))
                ).first()
            if found:
                return self._with_cancellations([(found.request_id, found.number)])[0]
        return None

    def _since(self, tps_code: str, kind: ResponseKind, now: datetime) -> datetime | None:
        since: datetime | None = self._session.execute(
            select(CURSOR.c.scan_from).where(
                CURSOR.c.tps_code == tps_code, CURSOR.c.kind == kind.value
            )
        ).scalar()
        if since is not None and since > now - SETTLE:
            # the (test) clock is behind the last poll: what was stamped since may lie before
            # the cursor, so this poll scans the whole feed (the anti-join skips delivered rows)
            return None
        return since

    def _take(
        self, tps_code: str, kind: ResponseKind, query: Select[Any], now: datetime, limit: int
    ) -> list[Any]:
        rows = self._session.execute(query.limit(limit + 1)).all()
        taken = self._mark(tps_code, kind, rows[:limit], now)
        if len(rows) <= limit:  # everything before the cursor has been handed out
            self._upsert(CURSOR, {"tps_code": tps_code, "kind": kind.value}, now - SETTLE)
        return [r for r in rows[:limit] if (r.id, r.item) in taken]

    def _with_cancellations(
        self, keys: list[tuple[str, str]]
    ) -> list[tuple[PlpRequest, Cancellation]]:
        requests = {r.id: r for r in self._load([k[0] for k in keys])}
        by_key = {}
        for r in requests.values():
            for c in r.cancellations:
                by_key[(r.id, c.number)] = (r, c)
        return [by_key[k] for k in keys if k in by_key]

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
        cancellations: dict[str, list[Any]] = defaultdict(list)
        query = select(CANCEL).where(C.request_id.in_(ids)).order_by(C.at, C.number)
        for row in self._session.execute(query):
            cancellations[row.request_id].append(row)
        return [to_request(heads[i], lines[i], cancellations[i]) for i in dict.fromkeys(ids)]

    @property
    def _dialect(self) -> str:
        return self._session.get_bind().dialect.name


def rewind_cursors(session: Session, now: datetime) -> None:
    """After the test clock moves: no cursor stays ahead of the new time, or a response stamped
    on the moved-back clock would lie before it and never be delivered, even once the clock
    moves forward again. Each response is still delivered once (the anti-join)."""
    floor = now - SETTLE
    session.execute(update(CURSOR).where(CURSOR.c.scan_from > floor).values(scan_from=floor))


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
    raise ValueError(f"{kind} is a feed of cancellations: take_cancellations reads it")


def _decided_cancellations(tps: str, kind: ResponseKind, since: datetime | None) -> Select[Any]:
    """L1: each decided cancellation is a response of its own, delivered once decided; the
    destination gets it only once it was handed the approval (and any cut of it) the
    cancellation answers, so an approval never arrives after the cancellation that ended it."""
    item = C.number
    delivered = _delivered(tps, kind, C.request_id, item)
    if kind is K.CANCELLATION:
        query = select(C.request_id.label("id"), C.decided_at.label("at"), item.label("item"))
        query = query.where(C.applicant_tps == tps, text(DECIDED_CANCELLATION))
    else:
        approval = case(
            (R.decision_revision == 0, literal("")), else_=cast(R.decision_revision, String)
        )
        told = (
            select(DELIVERY.c.request_id)
            .select_from(DELIVERY.join(REQ, R.id == DELIVERY.c.request_id))
            .where(
                DELIVERY.c.tps_code == tps,
                DELIVERY.c.kind == K.DESTINATION.value,
                DELIVERY.c.request_id == C.request_id,
                DELIVERY.c.item == approval,
            )
            .exists()
        )
        query = select(C.request_id.label("id"), C.decided_at.label("at"), item.label("item"))
        query = query.where(C.destination_tps == tps, text(TOLD_DESTINATION), told)
    if since is not None:
        query = query.where(C.decided_at >= since)
    return query.where(~delivered).order_by(C.decided_at, C.request_id, C.number)


def _branch(
    side: Any,
    tps: str,
    where: str,
    at: Any,
    since: datetime | date | None,
    kind: ResponseKind,
    item: Any,
) -> Select[Any]:
    delivered = _delivered(tps, kind, R.id, item)
    # the partial index predicate as literal SQL, so SQLite's planner can match it
    query = select(R.id, at.label("at"), item.label("item")).where(side == tps, text(where))
    if since is not None:
        query = query.where(at >= since)
    return query.where(~delivered)


def _delivered(tps: str, kind: ResponseKind, request_id: Any, item: Any) -> Any:
    """Whether the TPS was already handed this item of this request's feed."""
    return (
        select(DELIVERY.c.request_id)
        .where(
            DELIVERY.c.tps_code == tps,
            DELIVERY.c.kind == kind.value,
            DELIVERY.c.request_id == request_id,
            DELIVERY.c.item == item,
        )
        .exists()
    )
