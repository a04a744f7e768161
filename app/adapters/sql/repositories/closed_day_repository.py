"""Extra closed days an admin adds per office; they feed the office calendars (section 5)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.adapters.sql.database import Database
from app.adapters.sql.repositories.reference_data_repository import REFERENCE_TTL
from app.adapters.sql.tables.outage_tables import ClosedDayRow
from app.adapters.sql.tables.reference_tables import OfficeRow
from app.domain.errors import NotFoundError

C = ClosedDayRow.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ClosedDay:
    office_code: str
    day: date
    reason: str
    added_by: str
    added_at: datetime


class SqlClosedDays:
    """Read on every calendar lookup, so cached; other instances see an edit within `ttl`."""

    def __init__(self, database: Database, ttl: float = REFERENCE_TTL) -> None:
        self._database, self._ttl = database, ttl
        self._cache: tuple[float, dict[str, frozenset[date]]] = (-ttl, {})
        self._lock = threading.Lock()

    def for_office(self, office_code: str) -> frozenset[date]:
        loaded_at, by_office = self._cache
        if time.monotonic() - loaded_at >= self._ttl:
            with self._lock:
                by_office = self._load()
                self._cache = (time.monotonic(), by_office)
        return by_office.get(office_code, frozenset())

    def list(self, office_code: str) -> list[ClosedDay]:
        with self._database.session(read_only=True) as s:
            rows = s.execute(select(C).where(C.c.office_code == office_code).order_by(C.c.day))
            return [ClosedDay(**r._mapping) for r in rows]

    def put(self, day: ClosedDay) -> None:
        with self._database.session() as s:
            if s.get(OfficeRow, day.office_code) is None:
                raise NotFoundError(f"office {day.office_code} not found")
            make = pg_insert if s.get_bind().dialect.name == "postgresql" else sqlite_insert
            values = {"reason": day.reason, "added_by": day.added_by, "added_at": day.added_at}
            stmt = make(C).values(office_code=day.office_code, day=day.day, **values)
            s.execute(
                stmt.on_conflict_do_update(index_elements=["office_code", "day"], set_=values)
            )
            s.commit()
        self.invalidate()

    def delete(self, office_code: str, day: date) -> bool:
        with self._database.session() as s:
            gone = s.execute(delete(C).where(C.c.office_code == office_code, C.c.day == day))
            s.commit()
        self.invalidate()
        return bool(gone.rowcount)  # type: ignore[attr-defined]

    def invalidate(self) -> None:
        self._cache = (-self._ttl, {})

    def _load(self) -> dict[str, frozenset[date]]:
        found: dict[str, set[date]] = {}
        with self._database.session(read_only=True) as s:
            for office_code, day in s.execute(select(C.c.office_code, C.c.day)):
                found.setdefault(office_code, set()).add(day)
        return {code: frozenset(days) for code, days in found.items()}
