"""L3 on the section head's page (issue 18): the months offered, and the one it opens on."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from app.domain.errors import ForbiddenError
from app.domain.report import EventCount, ReportMonth
from app.domain.services.report_months import MONTHS_OFFERED, month_to_open, months_offered
from tests.unit.builders import KASUBSI, TPKA

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 11, 25, 8, tzinfo=WIB)


class ActiveMonths:
    """A report source where something happened in the given months only."""

    def __init__(self, *months: str) -> None:
        self.months = {ReportMonth.parse(m) for m in months}

    def event_counts(
        self, office_code: str, start: datetime, end: datetime
    ) -> Iterator[EventCount]:
        if ReportMonth.containing(start, "Asia/Jakarta") in self.months:
            yield EventCount("TPKA", "NO_LCL_SPACE", "submitted", "in_review", 1)


def _opened(*active: str) -> str:
    offered = months_offered(KASUBSI, "040300", ActiveMonths(*active), "Asia/Jakarta", NOW)  # type: ignore[arg-type]
    return str(month_to_open(offered))


def test_l3_the_picker_offers_this_month_and_the_year_before_newest_first() -> None:
    offered = months_offered(KASUBSI, "040300", ActiveMonths("2026-10"), "Asia/Jakarta", NOW)  # type: ignore[arg-type]

    assert len(offered) == MONTHS_OFFERED
    assert [str(m) for m, _ in offered[:3]] == ["2026-11", "2026-10", "2026-09"]
    assert [str(m) for m, active in offered if active] == ["2026-10"]


def test_l3_the_page_opens_on_last_month_when_it_has_data() -> None:
    assert _opened("2026-10", "2026-11") == "2026-10"


def test_l3_a_fresh_office_opens_on_the_month_in_progress() -> None:
    assert _opened("2026-11") == "2026-11"


def test_l3_else_on_the_newest_month_with_data_else_on_last_month() -> None:
    assert _opened("2026-06", "2026-03") == "2026-06"
    assert _opened() == "2026-10"


def test_l3_tps_operators_are_offered_no_month() -> None:
    with pytest.raises(ForbiddenError):
        months_offered(TPKA, "040300", ActiveMonths(), "Asia/Jakarta", NOW)  # type: ignore[arg-type]
