"""SQL rows of the legacy response delivery, and the partial indexes its polls read through."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, text
from sqlmodel import Field, SQLModel

from app.adapters.sql.tables.plp_tables import PlpRequestRow
from app.adapters.sql.tables.reference_tables import utc

_R = PlpRequestRow.__table__.c  # type: ignore[attr-defined]
DECIDED = "decided_at IS NOT NULL"
REFUSED_ON_ARRIVAL = "status = 'REJECTED' AND decided_at IS NULL"
REVISED = "revised_at IS NOT NULL"  # M2 follow-up: a decision cut to the matching lines


def _partial(name: str, where: str, *columns: Any) -> Index:
    """Partial: a new request (undecided) adds nothing to these indexes, so the
    submission path pays nothing for them; polls scan only rows newer than their cursor."""
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


class ResponseDeliveryRow(SQLModel, table=True):
    """A response handed to a TPS by a poll: it is not handed out again (delivered once)."""

    __tablename__ = "response_delivery"
    tps_code: str = Field(primary_key=True, max_length=4)
    kind: str = Field(primary_key=True, max_length=16)
    request_id: str = Field(primary_key=True, foreign_key="plp_request.id", max_length=32)
    item: str = Field(primary_key=True, default="", max_length=6)  # cancellation number, or ""
    delivered_at: datetime = utc()


class ResponseCursorRow(SQLModel, table=True):
    """Where the next poll of a TPS starts scanning, so polls stay cheap as requests grow."""

    __tablename__ = "response_cursor"
    tps_code: str = Field(primary_key=True, max_length=4)
    kind: str = Field(primary_key=True, max_length=16)
    scan_from: datetime = utc()
