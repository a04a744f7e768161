"""L3 report as files a section head forwards: CSV (one figure per line) and XLSX (a workbook
read without help: titled columns, one sheet per table, the charts as native Excel charts over
the workbook's own cells).

The workbook speaks the language it is asked for, Bahasa Indonesia unless told otherwise: its
texts are in the `reports` catalogues (locale/*/reports.po, issue 18). The CSV is data in long
format: its column and figure names are machine names, the same in every language.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator
from dataclasses import asdict, fields
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from app.adapters.i18n import DEFAULT, Translator, translator
from app.domain.report import (
    NORM_WORKING_DAYS,
    DeadlineBreaches,
    DecisionTimes,
    Figures,
    GateInTimes,
    MonthlyReport,
)

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_GATE_IN_NAMES = {
    f.name: f.name if f.name == "gated_in" else f"gate_in_{f.name}" for f in fields(GateInTimes)
}
_BREACH_NAMES = {
    "breached": "deadlines_breached",
    "undecided": "breached_undecided",
    "decided_late": "breached_decided_late",
    "max_overdue_working_hours": "max_overdue_working_hours",
}
_COUNT_NAMES = [
    f.name
    for f in fields(Figures)
    if f.name not in ("decision_time", "gate_in_time", "deadline_breaches")
]
FIGURE_NAMES = [
    *_COUNT_NAMES,
    *(f.name for f in fields(DecisionTimes)),
    *(_GATE_IN_NAMES[f.name] for f in fields(GateInTimes)),
    *(_BREACH_NAMES[f.name] for f in fields(DeadlineBreaches)),
]
_HOURS_OR_DAYS = {name for name in FIGURE_NAMES if name.endswith(("_hours", "_days"))}


def title(name: str, tr: Translator) -> str:
    """The title a person reads of figure `name` (a key of `flat()`)."""
    return tr(f"reports.figure.{name}")


def definition(name: str, tr: Translator) -> str:
    return tr(f"reports.definition.{name}")


# What each figure means, in English: the JSON report's field descriptions (OpenAPI).
DEFINITIONS: dict[str, str] = {name: definition(name, translator("en")) for name in FIGURE_NAMES}


def flat(figures: Figures) -> dict[str, Any]:
    """One level of names: the counts, the decision times as they are, the time through
    gate-in prefixed gate_in_, the deadline breaches of the month."""
    counts = {name: getattr(figures, name) for name in _COUNT_NAMES}
    gate_in = {_GATE_IN_NAMES[k]: v for k, v in asdict(figures.gate_in_time).items()}
    breaches = {_BREACH_NAMES[k]: v for k, v in asdict(figures.deadline_breaches).items()}
    return counts | asdict(figures.decision_time) | gate_in | breaches


def _rows(report: MonthlyReport) -> Iterator[tuple[str, str, str, Any]]:
    groups = [("office", report.office_code, report.totals)]
    groups += [("tps", k, v) for k, v in report.by_tps.items()]
    groups += [("reason", k, v) for k, v in report.by_reason.items()]
    for section, key, figures in groups:
        for name, value in flat(figures).items():
            yield section, key, name, _plain(value)
    for rule, count in report.rejections_by_rule.items():
        yield "rejections_by_rule", rule, "requests", count
    for day in report.days:
        for name in ("approvals", "rejections", "rejected_on_arrival"):
            yield "day", day.day.isoformat(), name, getattr(day, name)
    zone = ZoneInfo(report.timezone)  # as the JSON report gives them
    for b in report.breaches:
        yield "breach", b.ref_number, "origin_tps", b.origin_tps
        yield "breach", b.ref_number, "reason", b.reason
        yield "breach", b.ref_number, "deadline_at", b.deadline_at.astimezone(zone).isoformat()
        decided = b.decided_at.astimezone(zone).isoformat() if b.decided_at else ""
        yield "breach", b.ref_number, "decided_at", decided
        yield "breach", b.ref_number, "overdue_working_hours", _plain(b.overdue_working_hours)
    yield "excluded", "load_runs", "requests", report.load_run_requests_excluded  # issue 16.11


def to_csv(report: MonthlyReport) -> str:
    """Long format: section, key, figure, value; easy to filter or pivot."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["office", "month", "section", "key", "figure", "value"])
    for row in _rows(report):
        writer.writerow([report.office_code, str(report.month), *row])
    return out.getvalue()


# Sheet name keys, in the workbook's order (the texts: at most 31 characters, Excel's limit).
SUMMARY, PER_TPS, PER_REASON, RULES = (
    "reports.sheet.summary",
    "reports.sheet.per_tps",
    "reports.sheet.per_reason",
    "reports.sheet.rules",
)
PER_DAY, HISTOGRAM, BREACHES, CHARTS = (
    "reports.sheet.per_day",
    "reports.sheet.histogram",
    "reports.sheet.breaches",
    "reports.sheet.charts",
)

COUNT_FORMAT, HOURS_FORMAT = "#,##0", "0.00"
_TITLE_WIDTH, _DEFINITION_WIDTH = 70, 90  # characters: the longest title fits on one line
_LINE_HEIGHT = 15  # points: a spreadsheet does not grow a row for wrapped text it did not type
DATE_FORMAT, TIME_FORMAT = "dd-mm-yyyy", "dd-mm-yyyy hh:mm"


def to_xlsx(report: MonthlyReport, language: str = DEFAULT) -> bytes:
    """Summary with definitions; per TPS, per reason, rules, per day, the decision-time
    histogram and the breaches of the month each on its own sheet; two native charts. Every
    text in `language` (id, en)."""
    from openpyxl import Workbook  # on first use: a file few runs ask for

    tr = translator(language)
    book = Workbook()
    first = book.active
    assert first is not None  # a new workbook has one sheet
    book.remove(first)
    _summary(book.create_sheet(tr(SUMMARY)), report, tr)
    origin, reason = tr("reports.column.origin_tps"), tr("reports.column.reason")
    _figures_table(book.create_sheet(tr(PER_TPS)), origin, report.by_tps, tr)
    _figures_table(book.create_sheet(tr(PER_REASON)), reason, report.by_reason, tr)
    _table(
        book.create_sheet(tr(RULES)),
        [
            (tr("reports.column.rule"), None, 14),
            (tr("reports.column.requests"), COUNT_FORMAT, 22),
        ],
        [[rule, count] for rule, count in report.rejections_by_rule.items()],
    )
    _per_day(book.create_sheet(tr(PER_DAY)), report, tr)
    _histogram(book.create_sheet(tr(HISTOGRAM)), report, tr)
    _breaches(book.create_sheet(tr(BREACHES)), report, tr)
    _charts(book, report, tr)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _summary(sheet: Worksheet, report: MonthlyReport, tr: Translator) -> None:
    from openpyxl.styles import Alignment, Font

    zone = ZoneInfo(report.timezone)
    sheet["A1"] = tr("reports.title")
    sheet["A1"].font = Font(bold=True, size=14)
    start_, end_ = _text_time(report.period_start, zone), _text_time(report.period_end, zone)
    complete = "reports.head.complete_yes" if report.complete else "reports.head.complete_no"
    head = [
        (tr("reports.head.office"), f"{report.office_code} {report.office_name}"),
        (tr("reports.head.month"), str(report.month)),
        (tr("reports.head.zone"), report.timezone),
        (tr("reports.head.period"), tr("reports.head.period_value", start=start_, end=end_)),
        (tr("reports.head.complete"), tr(complete)),
        (tr("reports.head.generated"), _text_time(report.generated_at, zone)),
        (tr("reports.head.norm"), tr("reports.head.norm_value", days=NORM_WORKING_DAYS)),
        (
            tr("reports.head.load_runs"),
            tr("reports.head.load_runs_value", count=report.load_run_requests_excluded),
        ),
    ]
    for row, (label, value) in enumerate(head, start=3):
        sheet.cell(row, 1, label).font = Font(bold=True)
        sheet.cell(row, 2, value)
    start = len(head) + 4
    for column, key in enumerate(("figure", "value", "definition"), start=1):
        sheet.cell(start, column, tr(f"reports.column.{key}")).font = Font(bold=True)
    for row, (name, value) in enumerate(flat(report.totals).items(), start=start + 1):
        sheet.cell(row, 1, title(name, tr))
        cell = sheet.cell(row, 2, _plain(value))
        cell.number_format = HOURS_FORMAT if name in _HOURS_OR_DAYS else COUNT_FORMAT
        meaning = definition(name, tr)
        sheet.cell(row, 3, meaning).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[row].height = _height(meaning, _DEFINITION_WIDTH)
    for letter, width in zip("ABC", (_TITLE_WIDTH, 16, _DEFINITION_WIDTH), strict=True):
        sheet.column_dimensions[letter].width = width
    _printable(sheet)


def _figures_table(sheet: Worksheet, key: str, groups: dict[str, Figures], tr: Translator) -> None:
    """One row per figure, one column per TPS or reason: read down like the summary, and
    printable however many figures there are (an office has far fewer TPS than figures)."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet.cell(1, 1, f"{tr('reports.column.figure')} / {key}").font = Font(bold=True)
    sheet.column_dimensions["A"].width = _TITLE_WIDTH
    for column, group in enumerate(groups, start=2):
        cell = sheet.cell(1, column, group)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="right")
        sheet.column_dimensions[get_column_letter(column)].width = max(12, len(group) + 2)
    values = [flat(figures) for figures in groups.values()]
    for row, name in enumerate(FIGURE_NAMES, start=2):
        sheet.cell(row, 1, title(name, tr))
        for column, figures in enumerate(values, start=2):
            cell = sheet.cell(row, column, _plain(figures[name]))
            cell.number_format = HOURS_FORMAT if name in _HOURS_OR_DAYS else COUNT_FORMAT
    sheet.freeze_panes = "B2"
    _printable(sheet, title_row=True)


def _per_day(sheet: Worksheet, report: MonthlyReport, tr: Translator) -> None:
    columns: list[tuple[str, str | None, float]] = [
        (tr("reports.column.day"), DATE_FORMAT, 14),
        (tr("reports.column.approvals"), COUNT_FORMAT, 18),
        (tr("reports.column.rejections"), COUNT_FORMAT, 22),
        (tr("reports.column.refused"), COUNT_FORMAT, 24),
    ]
    rows = [[d.day, d.approvals, d.rejections, d.rejected_on_arrival] for d in report.days]
    _table(sheet, columns, rows)


def _histogram(sheet: Worksheet, report: MonthlyReport, tr: Translator) -> None:
    """Within the norm and past it in two columns, so the chart draws them in two colours."""
    columns: list[tuple[str, str | None, float]] = [
        (tr("reports.column.working_days"), None, 26),
        (tr("reports.column.within_norm"), COUNT_FORMAT, 18),
        (tr("reports.column.past_norm"), COUNT_FORMAT, 18),
    ]
    rows = []
    for b in report.histogram:
        label = f"{b.lower:g}-{b.upper:g}" if b.upper is not None else f"> {b.lower:g}"
        rows.append([label, b.count if b.within_norm else 0, 0 if b.within_norm else b.count])
    _table(sheet, columns, rows)


def _breaches(sheet: Worksheet, report: MonthlyReport, tr: Translator) -> None:
    zone, named = ZoneInfo(report.timezone), report.timezone
    columns: list[tuple[str, str | None, float]] = [
        (tr("reports.column.reference"), None, 24),
        (tr("reports.column.origin_tps"), None, 12),
        (tr("reports.column.reason"), None, 20),
        (tr("reports.column.deadline", zone=named), TIME_FORMAT, 22),
        (tr("reports.column.decided", zone=named), TIME_FORMAT, 22),
        (tr("reports.column.status"), None, 30),
        (tr("reports.column.overdue"), HOURS_FORMAT, 22),
    ]
    rows = [
        [
            b.ref_number,
            b.origin_tps,
            b.reason,
            _local(b.deadline_at, zone),
            _local(b.decided_at, zone) if b.decided_at else None,
            tr("reports.status.undecided" if b.undecided else "reports.status.decided_late"),
            round(b.overdue_working_hours, 2),
        ]
        for b in report.breaches
    ]
    _table(sheet, columns, rows)


def _charts(book: Workbook, report: MonthlyReport, tr: Translator) -> None:
    from openpyxl.chart import BarChart, Reference

    sheet = book.create_sheet(tr(CHARTS))
    days, bins = book[tr(PER_DAY)], book[tr(HISTOGRAM)]
    per_day = BarChart()
    per_day.type, per_day.grouping, per_day.overlap = "col", "stacked", 100
    per_day.title = tr("reports.chart.per_day_title", office=report.office_code, month=report.month)
    per_day.y_axis.title = tr("reports.chart.decisions")
    per_day.x_axis.title = tr("reports.chart.day_of", month=report.month)
    per_day.x_axis.number_format = "d"  # the day of the month: 31 dates do not fit below a bar
    last = len(report.days) + 1
    per_day.add_data(
        Reference(days, min_col=2, max_col=4, min_row=1, max_row=last), titles_from_data=True
    )
    per_day.set_categories(Reference(days, min_col=1, min_row=2, max_row=last))
    _colour(per_day, ("2E7D32", "C62828", "9E9E9E"))
    times = report.totals.decision_time
    histogram = BarChart()
    histogram.type, histogram.grouping, histogram.overlap = "col", "stacked", 100
    histogram.title = tr(
        "reports.chart.times_title", decided=times.decided, breaches=times.breaches
    )
    histogram.y_axis.title = tr("reports.chart.decisions")
    histogram.x_axis.title = tr("reports.chart.working_days")
    last = len(report.histogram) + 1
    histogram.add_data(
        Reference(bins, min_col=2, max_col=3, min_row=1, max_row=last), titles_from_data=True
    )
    histogram.set_categories(Reference(bins, min_col=1, min_row=2, max_row=last))
    _colour(histogram, ("2E7D32", "C62828"))
    for chart, anchor in ((per_day, "A1"), (histogram, "A16")):
        chart.width, chart.height = 24, 7.5  # centimetres: both on one landscape page
        chart.legend.position = "b"
        sheet.add_chart(chart, anchor)
    _printable(sheet)


def _colour(chart: Any, colours: tuple[str, ...]) -> None:
    for series, colour in zip(chart.series, colours, strict=True):
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour


def _table(
    sheet: Worksheet, columns: list[tuple[str, str | None, float]], rows: list[list[Any]]
) -> None:
    """A header of titles (bold, wrapped, frozen), the rows, each column's width and format."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    for column, (title, _, width) in enumerate(columns, start=1):
        cell = sheet.cell(1, column, title)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.row_dimensions[1].height = max(_height(title, width) for title, _, width in columns)
    for r, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(r, column, value)
            number_format = columns[column - 1][1]
            if number_format:
                cell.number_format = number_format
    sheet.freeze_panes = "B2"
    _printable(sheet, title_row=True)


def _height(text: str, width: float) -> float:
    """Row height in points for text wrapped in a column `width` characters wide."""
    return _LINE_HEIGHT * max(1, math.ceil(len(text) / (width - 2)))


def _printable(sheet: Worksheet, title_row: bool = False) -> None:
    """Printed landscape on A4, as wide as the page; a table's title row on every page."""
    from openpyxl.worksheet.properties import PageSetupProperties

    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    if title_row:
        sheet.print_title_rows = "1:1"


def _local(moment: datetime, zone: ZoneInfo) -> datetime:
    """Excel has no time zones: the office's wall-clock time, named in the column title."""
    return moment.astimezone(zone).replace(tzinfo=None)


def _text_time(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%d-%m-%Y %H:%M")


def _plain(value: Any) -> Any:
    return round(value, 2) if isinstance(value, float) else value
