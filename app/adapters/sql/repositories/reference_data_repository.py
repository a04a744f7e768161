"""Offices and TPS from the database, cached: every submission reads them, admins rarely write."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from sqlalchemy import select

from app.adapters.sql.database import Database
from app.adapters.sql.tables.reference_tables import GudangRow, OfficeRow, TpsRow
from app.domain.eligibility import TpsInfo
from app.domain.reference import ManifestHead, OfficeInfo, OfficeMode

REFERENCE_TTL = 5.0  # seconds: other instances' edits of offices and closed days show within it


@dataclass(frozen=True)
class _Snapshot:
    offices: dict[str, OfficeInfo] = field(default_factory=dict)
    tps: dict[str, TpsInfo] = field(default_factory=dict)
    loaded_at: float = 0.0


class SqlReferenceData:
    """A snapshot reloaded after `ttl` seconds (other instances' admin edits show within it)."""

    def __init__(self, database: Database, ttl: float = REFERENCE_TTL) -> None:
        self._database, self._ttl = database, ttl
        self._snapshot = _Snapshot()
        self._lock = threading.Lock()

    def tps(self, code: str) -> TpsInfo | None:
        return self._current().tps.get(code)

    def office(self, code: str) -> OfficeInfo | None:
        return self._current().offices.get(code)

    def all_offices(self) -> list[OfficeInfo]:
        return list(self._current().offices.values())

    def all_tps(self) -> list[TpsInfo]:
        return list(self._current().tps.values())

    def invalidate(self) -> None:
        self._snapshot = _Snapshot()

    def _current(self) -> _Snapshot:
        snap = self._snapshot
        if time.monotonic() - snap.loaded_at < self._ttl:
            return snap
        with self._lock:
            if self._snapshot is snap:
                self._snapshot = self._load()
            return self._snapshot

    def _load(self) -> _Snapshot:
        with self._database.session(read_only=True) as s:
            offices = {o.code: _office(o) for o in s.scalars(select(OfficeRow))}
            gudangs: dict[str, set[str]] = {}
            for g in s.scalars(select(GudangRow)):
                gudangs.setdefault(g.tps_code, set()).add(g.code)
            tps = {
                t.code: TpsInfo(
                    t.code,
                    t.name,
                    t.office_code,
                    frozenset(gudangs.get(t.code, ())),
                    t.yor_threshold,
                    t.sor_threshold,
                )
                for t in s.scalars(select(TpsRow))
            }
        return _Snapshot(offices, tps, time.monotonic())


def _office(o: OfficeRow) -> OfficeInfo:
    return OfficeInfo(
        o.code,
        o.name,
        o.timezone,
        o.calendar,
        o.observes_collective_leave,
        OfficeMode(o.mode),
        o.manual_since,
        o.approval_validity_hours,
        o.transit_hours,
        ManifestHead(o.manifest_head),
    )
