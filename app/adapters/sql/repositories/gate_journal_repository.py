"""The gate-report journal in table gate_report_line."""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from app.adapters.sql.tables.stock_tables import GateReportLineRow
from app.domain.gate_report import JournalLine, Outcome


class SqlGateJournal:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, line: JournalLine) -> None:
        self._session.add(GateReportLineRow(**asdict(line) | {"outcome": line.outcome.value}))
        self._session.flush()

    def accepted(self, tps_code: str, ref_number: str) -> list[JournalLine]:
        rows = self._session.scalars(
            select(GateReportLineRow).where(
                col(GateReportLineRow.tps_code) == tps_code,
                col(GateReportLineRow.ref_number) == ref_number,
                col(GateReportLineRow.outcome) == Outcome.ACCEPTED.value,
            )
        ).all()
        return [_line(r) for r in rows]


def _line(r: GateReportLineRow) -> JournalLine:
    values = r.model_dump(exclude={"id"})
    return JournalLine(**values | {"outcome": Outcome(r.outcome)})
