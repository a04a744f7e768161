"""The polled response feed: the responses queued for a TPS and not handed out yet, in the
order they were numbered, recorded as delivered in the same statement (protocol note 3.5)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, String, case, cast, literal, select, text, update
from sqlalchemy.orm import Session

from app.adapters.sql.plp_mapping import to_request
from app.adapters.sql.tables.plp_tables import PlpCancellationRow, PlpLineRow, PlpRequestRow
from app.adapters.sql.tables.response_tables import UNDELIVERED, ResponseQueueRow
from app.domain.plp_parts import Cancellation
from app.domain.plp_request import PlpRequest
from app.domain.ports.responses import ResponseKind

REQ = PlpRequestRow.__table__  # type: ignore[attr-defined]
LINE = PlpLineRow.__table__  # type: ignore[attr-defined]
QUEUE = ResponseQueueRow.__table__  # type: ignore[attr-defined]
CANCEL = PlpCancellationRow.__table__  # type: ignore[attr-defined]
R, K, C, Q = REQ.c, ResponseKind, CANCEL.c, QUEUE.c


class SqlResponseFeed:
    def __init__(self, session: Session) -> None:
        self._session = session

    def take_undelivered(
        self, tps_code: str, kind: ResponseKind, now: datetime, limit: int
    ) -> list[PlpRequest]:
        if kind not in (K.DECISION, K.DESTINATION):
            raise ValueError(f"{kind} is a feed of cancellations: take_cancellations reads it")
        return self._load([request_id for request_id, _ in self._take(tps_code, kind, now, limit)])

    def take_cancellations(
        self, tps_code: str, kind: ResponseKind, now: datetime, limit: int
    ) -> list[tuple[PlpRequest, Cancellation]]:
        return self._with_cancellations(self._take(tps_code, kind, now, limit))

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

    def _take(
        self, tps_code: str, kind: ResponseKind, now: datetime, limit: int
    ) -> list[tuple[str, str]]:
        """Marks the oldest waiting responses delivered and returns them in their order. Nothing
        is skipped: a response numbered before one already delivered, by a writer that
        committed later, still waits undelivered and goes out with the next poll; of two
        concurrent polls, each gets only the rows it marked (SKIP LOCKED; SQLite has one writer)."""
        marked = (
            update(QUEUE)
            .where(Q.seq.in_(waiting(tps_code, kind, limit)), text(UNDELIVERED))
            .values(delivered_at=now)
            .returning(Q.seq, Q.request_id, Q.item)
        )
        rows = sorted(self._session.execute(marked).all())
        return [(r.request_id, r.item) for r in rows]

    def _with_cancellations(
        self, keys: list[tuple[str, str]]
    ) -> list[tuple[PlpRequest, Cancellation]]:
        requests = {r.id: r for r in self._load([k[0] for k in keys])}
        by_key = {}
        for r in requests.values():
            for c in r.cancellations:
                by_key[(r.id, c.number)] = (r, c)
        return [by_key[k] for k in keys if k in by_key]

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


def waiting(tps: str, kind: ResponseKind, limit: int) -> Select[Any]:
    """The numbers of the oldest responses waiting for the TPS, through the partial index of
    undelivered rows (its predicate as literal SQL, so SQLite's planner matches it)."""
    query = select(Q.seq).where(Q.tps_code == tps, Q.kind == kind.value, text(UNDELIVERED))
    if kind is K.DESTINATION_CANCELLATION:
        query = query.where(_told_the_approval(tps))
    query = query.order_by(Q.seq).limit(limit).correlate(None)  # its own scan, not the UPDATE's
    return query.with_for_update(skip_locked=True, of=QUEUE)


def _told_the_approval(tps: str) -> Any:
    """L1: the destination gets a cancellation only once it was handed the approval (and any
    cut of it) the cancellation answers, so an approval never arrives after its end."""
    approval = case(
        (R.decision_revision == 0, literal("")), else_=cast(R.decision_revision, String)
    )
    told = QUEUE.alias("told")
    return (
        select(told.c.seq)
        .select_from(told.join(REQ, R.id == told.c.request_id))
        .where(
            told.c.tps_code == tps,
            told.c.kind == K.DESTINATION.value,
            told.c.request_id == Q.request_id,
            told.c.item == approval,
            told.c.delivered_at.is_not(None),
        )
        .exists()
    )
