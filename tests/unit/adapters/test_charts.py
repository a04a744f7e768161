"""L3 charts (issue 18): counts never go below zero, an empty month says so, the office's
closed days are shaded, and titles follow the chosen language."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from app.adapters import charts
from app.domain.calendar import FixedClosedDays, WeeklySchedule, WorkingCalendar
from app.domain.report import DecisionEvent, MonthlyReport, Outcome, ReportMonth
from app.domain.report_builder import MonthlyReportBuilder

WIB = ZoneInfo("Asia/Jakarta")
INDEPENDENCE_DAY = date(2026, 8, 17)
CALENDAR = WorkingCalendar(
    "Asia/Jakarta", WeeklySchedule.standard(), FixedClosedDays({INDEPENDENCE_DAY})
)
AUGUST = ReportMonth(2026, 8)
REPORTED_AT = datetime(2026, 9, 2, 8, tzinfo=WIB)


def _report(*decided_days: int) -> MonthlyReport:
    builder = MonthlyReportBuilder("040300", "Tanjung Priok", AUGUST, CALENDAR)
    events = []
    for day in decided_days:
        at = datetime(2026, 8, day, 10, tzinfo=WIB)
        submitted = at - timedelta(hours=2)
        deadline = CALENDAR.add_working_days(submitted, 3)
        events.append(
            DecisionEvent("TPKA", "NO_LCL_SPACE", at, Outcome.APPROVED, submitted, deadline)
        )
    builder.add_decisions(events)
    return builder.build(REPORTED_AT)


def _closed() -> list[date]:
    return [day for day in AUGUST.days() if not CALENDAR.is_working_day(day)]


def test_l3_an_empty_month_has_no_negative_axis_and_says_so() -> None:
    empty = _report()

    per_day = charts.decisions_per_day_figure(empty, "en", _closed()).axes[0]
    times = charts.decision_times_figure(empty, "en").axes[0]

    for axes in (per_day, times):
        low, high = axes.get_ylim()
        assert low == 0 and high >= 1
        assert [t.get_text() for t in axes.texts] == ["No decision in this month"]


def test_l3_the_daily_chart_shades_weekends_and_the_holidays_of_the_calendar() -> None:
    closed = _closed()

    axes = charts.decisions_per_day_figure(_report(3, 4), "id", closed).axes[0]

    assert INDEPENDENCE_DAY in closed and date(2026, 8, 1) in closed  # a Saturday
    assert len(closed) == 11  # ten weekend days and 17 August
    shaded = [p for p in axes.patches if p.get_zorder() == 0]
    assert len(shaded) == len(closed)
    assert axes.get_ylim()[0] == 0 and len(axes.texts) == 0


def test_l3_chart_titles_and_labels_are_in_the_chosen_language() -> None:
    report = _report(3)

    indonesian = charts.decisions_per_day_figure(report, "id", ()).axes[0]
    english = charts.decision_times_figure(report, "en").axes[0]

    assert indonesian.get_title() == "Keputusan PLP per hari - kantor 040300, 2026-08"
    assert indonesian.get_ylabel() == "keputusan"
    assert english.get_title().startswith("Decision time - 1 decided")
    assert english.get_xlabel().startswith("working days from request to decision")


def test_l3_charts_render_as_svg_and_png() -> None:
    report = _report(3)

    svg = charts.decisions_per_day(report, charts.ChartFormat.SVG, "en", _closed())
    png = charts.decision_times(report, charts.ChartFormat.PNG, "id")

    assert svg.lstrip().startswith(b"<?xml") and png.startswith(b"\x89PNG")
