"""A report's times in the office's zone (+07:00 at Tanjung Priok), as every REST answer gives
them: the evidence is stored in UTC, and a vendor reads a report beside its own WIB logs."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from app.domain.conformance.model import RunReport, ScenarioResult


def in_zone(report: RunReport, zone: ZoneInfo) -> RunReport:
    results = tuple(_result(r, zone) for r in report.results)
    opened, finished = _at(report.opened_at, zone), _at(report.finished_at, zone)
    assert opened is not None  # a run always has its opening time
    return replace(report, opened_at=opened, finished_at=finished, results=results)


def _result(result: ScenarioResult, zone: ZoneInfo) -> ScenarioResult:
    return replace(
        result,
        started_at=_at(result.started_at, zone),
        finished_at=_at(result.finished_at, zone),
        messages=tuple(replace(m, at=_at(m.at, zone) or m.at) for m in result.messages),
    )


def _at(value: datetime | None, zone: ZoneInfo) -> datetime | None:
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(zone)
