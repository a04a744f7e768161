"""SQL rows of the legacy response delivery (the numbered queue polls read through its partial
index), and partial indexes of plp_request by decision time."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from app.adapters.sql.tables.plp_tables import PlpRequestRow
from app.adapters.sql.tables.reference_tables import utc

_R = PlpRequestRow.__table__.c  # type: ignore[attr-defined]
DECIDED = "decided_at IS NOT NULL"
REFUSED_ON_ARRIVAL = "status = 'REJECTED' AND decided_at IS NULL"
REVISED = "revised_at IS NOT NULL"  # M2 follow-up: a decision cut to the matching lines


def _partial(name: str, where: str, *columns: Any) -> Index:
    """Partial: a new request (undecided) adds nothing to these indexes, so the submission
    path pays nothing for them. Polls read response_queue since issue 16.7; these stay until
    no other read is shown to use them (TODO issue 16: drop them in a later migration)."""
    return Index(name, *columns, postgresql_where=text(where), sqlite_where=text(where))


POLL_INDEXES = (
    _partial("ix_plp_request_applicant_decided", DECIDED, _R.applicant_tps, _R.decided_at),
    _partial("ix_plp_request_destination_decided", DECIDED, _R.destination_tps, _R.decided_at),
    _partial(
        "ix_plp_request_refused_on_arrival", REFUSED_ON_ARRIVAL, _R.applicant_tps, _R.submitted_at
    ),
    _partial("ix_plp_request_applicant_revised", REVISED, _R.applicant_tps, _R.revised_at),
    _partial("ix_plp_request_destination_revised", REVISED, _R.destination_tps, _R.revised_at),
)


UNDELIVERED = "delivered_at IS NULL"


class ResponseQueueRow(SQLModel, table=True):
    """A response a TPS polls for, numbered when it became deliverable: polls hand out the
    undelivered ones in that order, each once, whatever the (test) clock says (issue 16.7)."""

    __tablename__ = "response_queue"
    seq: int | None = Field(default=None, primary_key=True)
    tps_code: str = Field(max_length=4)
    kind: str = Field(max_length=16)
    request_id: str = Field(foreign_key="plp_request.id", max_length=32)
    item: str = Field(default="", max_length=6)  # cancellation or revision number, or ""
    delivered_at: datetime | None = utc(default=None, nullable=True)

    __table_args__ = (
        UniqueConstraint("tps_code", "kind", "request_id", "item"),
        # a poll reads only what waits for it, however many were delivered before
        Index(
            "ix_response_queue_undelivered",
            "tps_code",
            "kind",
            "seq",
            postgresql_where=text(UNDELIVERED),
            sqlite_where=text(UNDELIVERED),
        ),
        Index("ix_response_queue_request_id", "request_id"),
        {"sqlite_autoincrement": True},
    )
