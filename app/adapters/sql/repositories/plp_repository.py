"""The PLP request repository: few statements per use case, Core inserts on the hot path."""

from __future__ import annotations

from datetime import date

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.adapters.sql import driver
from app.adapters.sql.insert_all import insert_all
from app.adapters.sql.plp_mapping import (
    cancellation_row,
    event_row,
    line_row,
    request_row,
    to_event,
    to_request,
)
from app.adapters.sql.queries import facts_query, list_query
from app.adapters.sql.repositories.response_queue_repository import queue_responses
from app.adapters.sql.tables.plp_tables import (
    AuditEventRow,
    PlpCancellationRow,
    PlpLineRow,
    PlpRequestRow,
)
from app.domain.eligibility import EligibilityFacts
from app.domain.errors import ConflictError, DuplicateSubmissionError
from app.domain.events import AuditEvent
from app.domain.lines import PlpLine
from app.domain.messages import msg
from app.domain.plp_parts import PlpHeader
from app.domain.plp_request import PlpRequest
from app.domain.ports.plp import PriorSubmission, TpsPair
from app.domain.queues import ListFilter, Page, QueueSpec

REQ = PlpRequestRow.__table__  # type: ignore[attr-defined]
LINE = PlpLineRow.__table__  # type: ignore[attr-defined]
EVENT = AuditEventRow.__table__  # type: ignore[attr-defined]
CANCEL = PlpCancellationRow.__table__  # type: ignore[attr-defined]
# One request, its lines, its audit trail: built once, run on the driver's cursor (driver.read).
_REQUEST = select(REQ).where(REQ.c.id == bindparam("id"))
_REQUEST_FOR_UPDATE = _REQUEST.with_for_update()
_LINES = select(LINE).where(LINE.c.request_id == bindparam("id")).order_by(LINE.c.line_no)
CANCELLATIONS = (
    select(CANCEL)
    .where(CANCEL.c.request_id == bindparam("id"))
    .order_by(CANCEL.c.at, CANCEL.c.number)
)
_EVENTS = select(EVENT).where(EVENT.c.request_id == bindparam("id")).order_by(EVENT.c.id)
_LINE_CHANGES = (
    "active",
    "manifest",
    "approved",
    "reject_reason",
    "cancelled",
    "gated_out_at",
    "gated_in_at",
)


class SqlPlpRequestRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, request: PlpRequest) -> None:
        conn = self._session.connection()  # Core on the connection: no ORM layer on the hot path
        lines = [line_row(request, ln) for ln in request.lines]
        events = [event_row(request.id, e) for e in request.new_events]
        try:
            insert_all(conn, request_row(request), lines, events)
        except IntegrityError as exc:  # same reference or E5 goods stored by a concurrent twin
            raise DuplicateSubmissionError(str(exc.orig)) from exc
        if request.cancellations:  # a new request has none; one built whole (tests, seeds) may
            conn.execute(
                insert(CANCEL), [cancellation_row(request, c) for c in request.cancellations]
            )
        queue_responses(self._session, request)  # refused on arrival: a decision to deliver
        request.new_events.clear()

    def get(self, request_id: str, for_update: bool = True) -> PlpRequest | None:
        conn, key = self._session.connection(), {"id": request_id}
        rows = driver.read(conn, _REQUEST_FOR_UPDATE if for_update else _REQUEST, key)
        if not rows:
            return None
        lines = driver.read(conn, _LINES, key)
        return to_request(rows[0], lines, driver.read(conn, CANCELLATIONS, key))

    def save(self, request: PlpRequest) -> None:
        values = request_row(request) | {"version": request.version + 1}
        result = self._session.execute(
            update(REQ).where(REQ.c.id == request.id, REQ.c.version == request.version),
            values,
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise ConflictError(
                msg(
                    "problems.conflict.stale",
                    "request {request_id} was changed by someone else: reload it",
                    request_id=request.id,
                )
            )
        self._update_lines(request)
        self._save_cancellations(request)
        queue_responses(self._session, request)
        self._append_events(request)
        request.version += 1

    def get_with_audit(self, request_id: str) -> tuple[PlpRequest, list[AuditEvent]] | None:
        """The request, its lines, cancellations (L1) and audit trail: on PostgreSQL in one
        round trip."""
        key = {"id": request_id}
        reads = [(_REQUEST, key), (_LINES, key), (CANCELLATIONS, key), (_EVENTS, key)]
        request, lines, cancellations, events = driver.read_all(self._session.connection(), reads)
        if not request:
            return None
        return to_request(request[0], lines, cancellations), [to_event(r) for r in events]

    def audit_trail(self, request_id: str) -> list[AuditEvent]:
        rows = driver.read(self._session.connection(), _EVENTS, {"id": request_id})
        return [to_event(r) for r in rows]

    def gather_facts(
        self, header: PlpHeader, applicant_tps: str, lines: list[PlpLine], facts_base: TpsPair
    ) -> tuple[EligibilityFacts, PriorSubmission | None]:
        return facts_query.gather(self._session, header, applicant_tps, lines, facts_base)

    def find_by_plp_number(self, office_code: str, plp_number: str, plp_date: date) -> str | None:
        return self._session.execute(
            select(REQ.c.id).where(
                REQ.c.office_code == office_code,
                REQ.c.plp_number == plp_number,
                REQ.c.plp_date == plp_date,
            )
        ).scalar()

    def holder_of_plp_number(self, office_code: str, plp_number: str, year: int) -> str | None:
        return self._session.execute(
            select(REQ.c.id).where(
                REQ.c.office_code == office_code,
                REQ.c.plp_year == year,
                REQ.c.plp_number == plp_number,
            )
        ).scalar()

    def find_by_ref(self, tps_code: str, ref_number: str) -> str | None:
        return self._session.execute(
            select(REQ.c.id).where(REQ.c.applicant_tps == tps_code, REQ.c.ref_number == ref_number)
        ).scalar()

    def find_cancellation_ref(self, tps_code: str, ref_number: str) -> str | None:
        return self._session.execute(
            select(CANCEL.c.request_id).where(
                CANCEL.c.applicant_tps == tps_code, CANCEL.c.ref_number == ref_number
            )
        ).scalar()

    def list(self, filters: ListFilter) -> Page:
        return list_query.list_page(self._session, filters)

    def queue(self, spec: QueueSpec) -> Page:
        return list_query.queue_page(self._session, spec)

    def _update_lines(self, request: PlpRequest) -> None:
        rows = []
        for line in request.lines:
            row = line_row(request, line)
            rows.append(
                {"b_request_id": request.id, "b_line_no": line.line_no}
                | {k: row[k] for k in _LINE_CHANGES}
            )
        if not rows:  # an executemany of no rows is an error, not a no-op
            return
        stmt = (
            update(LINE)
            .where(
                LINE.c.request_id == bindparam("b_request_id"),
                LINE.c.line_no == bindparam("b_line_no"),
            )
            .values({k: bindparam(k) for k in _LINE_CHANGES})
        )
        self._session.execute(stmt, rows)

    def _save_cancellations(self, request: PlpRequest) -> None:
        """L1: a new cancellation is inserted, a decided one updated; few per request."""
        if not request.cancellations:
            return
        stored = set(
            self._session.execute(
                select(CANCEL.c.number).where(CANCEL.c.request_id == request.id)
            ).scalars()
        )
        for c in request.cancellations:
            row = cancellation_row(request, c)
            try:
                if c.number in stored:
                    key = (CANCEL.c.request_id == request.id, CANCEL.c.number == c.number)
                    self._session.execute(update(CANCEL).where(*key).values(row))
                else:
                    self._session.execute(insert(CANCEL).values(row))
            except IntegrityError as exc:  # the same reference stored by a concurrent twin
                raise ConflictError(
                    msg(
                        "problems.l1.ref_used",
                        "cancellation reference {ref} is already used",
                        ref=c.ref_number,
                    ).with_prefix("L1: "),
                    rule="L1",
                ) from exc

    def _append_events(self, request: PlpRequest) -> None:
        if request.new_events:
            rows = [event_row(request.id, e) for e in request.new_events]
            self._session.connection().execute(insert(EVENT), rows)
            request.new_events.clear()
