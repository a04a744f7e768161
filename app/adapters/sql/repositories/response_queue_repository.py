"""Queues the responses a request owes as it is stored: each one gets its delivery number the
first time it is owed (the insert of one already queued does nothing)."""

from __future__ import annotations

from sqlalchemy import and_, delete, not_
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.adapters.sql.tables.response_tables import ResponseQueueRow
from app.domain.deliverable_responses import DeliverableResponse, deliverable_responses
from app.domain.plp_request import PlpRequest
from app.domain.ports.responses import ResponseKind

QUEUE = ResponseQueueRow.__table__  # type: ignore[attr-defined]
Q = QUEUE.c
_DECISIONS = (ResponseKind.DECISION.value, ResponseKind.DESTINATION.value)


def queue_responses(session: Session, request: PlpRequest) -> None:
    owed = deliverable_responses(request)
    if not owed:  # a request under review owes nothing: the submission pays no statement
        return
    if request.revised_at is not None:
        _drop_superseded_cuts(session, request)
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(QUEUE).values([_row(r) for r in owed]).on_conflict_do_nothing())


def _drop_superseded_cuts(session: Session, request: PlpRequest) -> None:
    """M2: a cut not handed out yet is replaced by the next one, as polls show the request as
    it now stands (the decision itself, item "", stays)."""
    current = ("", str(request.decision_revision))
    session.execute(
        delete(QUEUE).where(
            and_(Q.request_id == request.id, Q.kind.in_(_DECISIONS), Q.delivered_at.is_(None)),
            not_(Q.item.in_(current)),
        )
    )


def _row(response: DeliverableResponse) -> dict[str, str]:
    return {
        "tps_code": response.tps_code,
        "kind": response.kind.value,
        "request_id": response.request_id,
        "item": response.item,
    }
