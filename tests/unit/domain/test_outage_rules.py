"""F1: an outage is measured in working hours of its office's calendar (section 5)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.adapters.calendars import OfficeCalendars
from app.domain.calendar import WorkingCalendar
from app.domain.errors import RuleViolationError
from app.domain.manual_plp import ManualDecision, paper_plp_number
from app.domain.outage import MANUAL_AFTER, Outage, OutageSource
from app.domain.reference import OfficeInfo

WIB = ZoneInfo("Asia/Jakarta")
OFFICES = {
    "040300": OfficeInfo("040300", "Tanjung Priok", "Asia/Jakarta"),
    "050100": OfficeInfo("050100", "Soekarno-Hatta", "Asia/Jakarta", calendar="24x7"),
    "080100": OfficeInfo("080100", "Makassar", "Asia/Makassar"),
}
CALENDARS = OfficeCalendars(OFFICES.get)


def wib(mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(2026, mo, d, h, mi, tzinfo=WIB)


def outage(start: datetime, office: str = "040300") -> tuple[Outage, WorkingCalendar]:
    o = Outage("o-1", office, start, "SKP down", OutageSource.DECLARED, "kasubsi")
    return o, CALENDARS.calendar(office)


@pytest.mark.parametrize(
    ("start", "due", "office"),
    [
        (wib(11, 27, 15), wib(11, 30, 11, 30), "040300"),  # Friday 15:00 -> Monday 11:30
        (wib(11, 26, 16), wib(11, 27, 14, 15), "040300"),  # Thursday: over Friday's long break
        (wib(5, 13, 15), wib(5, 18, 11, 30), "040300"),  # Ascension and its cuti bersama
        (wib(12, 23, 15), wib(12, 28, 11, 30), "040300"),  # Christmas Eve leave and Christmas
        (wib(11, 28, 1), wib(11, 28, 7), "050100"),  # 24x7: six clock hours, Saturday or not
        # Makassar (WITA, UTC+8): the same local hours, one hour earlier in WIB
        (wib(11, 27, 14), wib(11, 30, 10, 30), "080100"),
    ],
)
def test_f1_six_working_hours_are_reached_on_the_office_calendar(
    start: datetime, due: datetime, office: str
) -> None:
    o, calendar = outage(start, office)

    assert o.switch_due_at(calendar) == due
    assert not o.is_due(calendar, due - timedelta(minutes=1))
    assert o.is_due(calendar, due)
    assert o.working_time(calendar, due) == MANUAL_AFTER


def test_f1_ended_or_switched_outage_is_never_due_again() -> None:
    o, calendar = outage(wib(11, 23, 8))
    ended = replace(o, ended_at=wib(11, 23, 14, 44))
    switched = replace(o, switched_at=wib(11, 23, 14, 45))

    assert ended.working_time(calendar, wib(12, 1, 9)) == MANUAL_AFTER - timedelta(minutes=1)
    assert not ended.is_due(calendar, wib(12, 1, 9))
    assert not switched.is_due(calendar, wib(12, 1, 9))


def test_r3_paper_rejection_needs_a_reason() -> None:
    with pytest.raises(RuleViolationError) as refused:
        ManualDecision(False, wib(11, 30, 15), "KEP-1", wib(11, 30, 15).date(), " ", "kasubsi")

    assert refused.value.rule == "R3"


@pytest.mark.parametrize(
    ("on_paper", "kept"),
    [("000123", "000123"), ("123", "000123"), (" 42 ", "000042"), ("999999", "999999")],
)
def test_f3_a_paper_approval_number_is_kept_as_the_six_digits_of_no_plp(
    on_paper: str, kept: str
) -> None:
    assert paper_plp_number(on_paper) == kept


@pytest.mark.parametrize("on_paper", ["KEP-1/2026", "1234567", "", "12 34", "١٢٣"])
def test_f3_a_letter_that_is_no_plp_number_cannot_be_kept_as_one(on_paper: str) -> None:
    assert paper_plp_number(on_paper) is None
