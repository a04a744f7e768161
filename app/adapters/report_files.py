"""L3 report as files a section head forwards: CSV (one figure per line) and XLSX (a workbook
read without help: titled columns in Indonesian with English in brackets, one sheet per table,
the charts as native Excel charts over the workbook's own cells)."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator
from dataclasses import asdict, fields
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

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

# What each figure means, written into the files so that they explain themselves.
DEFINITIONS: dict[str, str] = {
    "requests": "requests submitted in the month",
    "rejected_on_arrival": "requests refused on arrival by an eligibility rule (E1-E6, A1/A2)",
    "approvals": "approvals by the Kasubsi in the month (R3)",
    "rejections": "rejections by the Kasubsi in the month (R3)",
    "cancellations": "cancellations recorded in the month, each with its number (L1)",
    "cancelled_requests": "requests left with no live line by a cancellation (L1)",
    "origin_checks": "checks at the origin gate in the month (M2)",
    "origin_mismatches": "origin checks that refused release: goods did not match (M2)",
    "destination_checks": "checks at the destination gate in the month (M4)",
    "destination_mismatches": "destination checks that found a discrepancy (M4)",
    "gated_out": "requests whose last line gated out in the month (M3)",
    "movements_completed": "requests whose last line gated in in the month (M5)",
    "decided": "Kasubsi decisions in the month on requests with a deadline (R4)",
    "within_norm": "of those, decided by the deadline: 3 working days (R4)",
    "breaches": "of those, decided after the deadline (R4)",
    "median_working_hours": "median working time from request to decision, office calendar",
    "p90_working_hours": "90th percentile (nearest rank) of that working time",
    "median_working_days": "median, in working days: 3 x the share of each request's allowance",
    "p90_working_days": "90th percentile (nearest rank), in working days",
    "gated_in": "requests with a deadline whose last line gated in in the month (SOP 1.a)",
    "gate_in_within_norm": "of those, gated in by the deadline: 3 working days (R4)",
    "gate_in_after_deadline": "of those, gated in after the deadline (R4)",
    "gate_in_median_working_hours": "median working time from request to gate-in (the whole "
    "service, SOP 1.a)",
    "gate_in_p90_working_hours": "90th percentile (nearest rank) of that working time",
    "gate_in_median_working_days": "median, in working days: 3 x the share of the allowance",
    "gate_in_p90_working_days": "90th percentile (nearest rank), in working days",
    "deadlines_breached": "requests whose deadline fell in the month and passed without a "
    "decision: counted in the month they breached (R4)",
    "breached_undecided": "of those, still undecided when the report was made",
    "breached_decided_late": "of those, decided after the deadline (this month or later)",
    "max_overdue_working_hours": "the longest overdue of those, in working hours (office "
    "calendar): deadline to decision, or to the report's time if still undecided",
}

# The column titles a section head reads: Indonesian first, English in brackets.
TITLES: dict[str, str] = {
    "requests": "Permohonan (Requests)",
    "rejected_on_arrival": "Ditolak saat diterima (Rejected on arrival)",
    "approvals": "Persetujuan (Approvals)",
    "rejections": "Penolakan Kasubsi (Kasubsi rejections)",
    "cancellations": "Pembatalan (Cancellations)",
    "cancelled_requests": "Permohonan batal seluruhnya (Requests fully cancelled)",
    "origin_checks": "Pemeriksaan di TPS asal (Origin checks)",
    "origin_mismatches": "Tidak sesuai di TPS asal (Origin mismatches)",
    "destination_checks": "Pemeriksaan di TPS tujuan (Destination checks)",
    "destination_mismatches": "Tidak sesuai di TPS tujuan (Destination discrepancies)",
    "gated_out": "Selesai gate-out (Gated out)",
    "movements_completed": "Pemindahan selesai (Movements completed)",
    "decided": "Diputus (Decided)",
    "within_norm": "Diputus tepat waktu (Decided by the deadline)",
    "breaches": "Diputus setelah tenggat (Decided after the deadline)",
    "median_working_hours": "Median jam kerja s.d. keputusan (Median working hours to decision)",
    "p90_working_hours": "P90 jam kerja s.d. keputusan (P90 working hours to decision)",
    "median_working_days": "Median hari kerja s.d. keputusan (Median working days to decision)",
    "p90_working_days": "P90 hari kerja s.d. keputusan (P90 working days to decision)",
    "gated_in": "Selesai gate-in (Gated in)",
    "gate_in_within_norm": "Gate-in tepat waktu (Gated in by the deadline)",
    "gate_in_after_deadline": "Gate-in setelah tenggat (Gated in after the deadline)",
    "gate_in_median_working_hours": "Median jam kerja s.d. gate-in (Median working hours to "
    "gate-in)",
    "gate_in_p90_working_hours": "P90 jam kerja s.d. gate-in (P90 working hours to gate-in)",
    "gate_in_median_working_days": "Median hari kerja s.d. gate-in (Median working days to "
    "gate-in)",
    "gate_in_p90_working_days": "P90 hari kerja s.d. gate-in (P90 working days to gate-in)",
    "deadlines_breached": "Tenggat terlampaui (Deadlines breached)",
    "breached_undecided": "Terlampaui, belum diputus (Breached, still undecided)",
    "breached_decided_late": "Terlampaui, diputus terlambat (Breached, decided late)",
    "max_overdue_working_hours": "Keterlambatan terlama, jam kerja (Longest overdue, working "
    "hours)",
}
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


# Sheet names (at most 31 characters), in the workbook's order.
SUMMARY = "Ringkasan (Summary)"
PER_TPS = "Per TPS asal (Origin TPS)"
PER_REASON = "Per alasan (Reason)"
RULES = "Penolakan per aturan (Rules)"
PER_DAY = "Per hari (Day)"
HISTOGRAM = "Waktu keputusan (Histogram)"
BREACHES = "Tenggat terlampaui (Breaches)"
CHARTS = "Grafik (Charts)"

COUNT_FORMAT, HOURS_FORMAT = "#,##0", "0.00"
_TITLE_WIDTH, _DEFINITION_WIDTH = 70, 90  # characters: the longest title fits on one line
_LINE_HEIGHT = 15  # points: a spreadsheet does not grow a row for wrapped text it did not type
DATE_FORMAT, TIME_FORMAT = "dd-mm-yyyy", "dd-mm-yyyy hh:mm"


def to_xlsx(report: MonthlyReport) -> bytes:
    """Summary with definitions; per TPS, per reason, rules, per day, the decision-time
    histogram and the breaches of the month each on its own sheet; two native charts."""
    from openpyxl import Workbook  # on first use: a file few runs ask for

    book = Workbook()
    first = book.active
    assert first is not None  # a new workbook has one sheet
    book.remove(first)
    _summary(book.create_sheet(SUMMARY), report)
    _figures_table(book.create_sheet(PER_TPS), "TPS asal (Origin TPS)", report.by_tps)
    _figures_table(book.create_sheet(PER_REASON), "Alasan (Reason)", report.by_reason)
    _table(
        book.create_sheet(RULES),
        [("Aturan (Rule)", None, 14), ("Permohonan (Requests)", COUNT_FORMAT, 22)],
        [[rule, count] for rule, count in report.rejections_by_rule.items()],
    )
    _per_day(book.create_sheet(PER_DAY), report)
    _histogram(book.create_sheet(HISTOGRAM), report)
    _breaches(book.create_sheet(BREACHES), report)
    _charts(book, report)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _summary(sheet: Worksheet, report: MonthlyReport) -> None:
    from openpyxl.styles import Alignment, Font

    zone = ZoneInfo(report.timezone)
    sheet["A1"] = "Laporan Bulanan PLP (Monthly PLP report, L3)"
    sheet["A1"].font = Font(bold=True, size=14)
    head = [
        ("Kantor (Office)", f"{report.office_code} {report.office_name}"),
        ("Bulan (Month)", str(report.month)),
        ("Zona waktu (Time zone)", report.timezone),
        (
            "Periode (Period)",
            f"{_text_time(report.period_start, zone)} s.d. (to) "
            f"{_text_time(report.period_end, zone)} (exclusive)",
        ),
        (
            "Lengkap (Complete)",
            "ya (yes)"
            if report.complete
            else "belum: bulan masih berjalan (no: the month is still running)",
        ),
        ("Dibuat (Generated)", _text_time(report.generated_at, zone)),
        ("Norma (Norm)", f"{NORM_WORKING_DAYS} hari kerja (working days), R4"),
        (
            "Uji beban (Load runs)",
            f"{report.load_run_requests_excluded} permohonan tidak dihitung "
            "(requests left out of every figure)",
        ),
    ]
    for row, (label, value) in enumerate(head, start=3):
        sheet.cell(row, 1, label).font = Font(bold=True)
        sheet.cell(row, 2, value)
    start = len(head) + 4
    titles = ["Indikator (Figure)", "Nilai (Value)", "Keterangan (Definition)"]
    for column, title in enumerate(titles, start=1):
        cell = sheet.cell(start, column, title)
        cell.font = Font(bold=True)
    for row, (name, value) in enumerate(flat(report.totals).items(), start=start + 1):
        sheet.cell(row, 1, TITLES[name])
        cell = sheet.cell(row, 2, _plain(value))
        cell.number_format = HOURS_FORMAT if name in _HOURS_OR_DAYS else COUNT_FORMAT
        definition = sheet.cell(row, 3, DEFINITIONS[name])
        definition.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[row].height = _height(DEFINITIONS[name], _DEFINITION_WIDTH)
    for letter, width in zip("ABC", (_TITLE_WIDTH, 16, _DEFINITION_WIDTH), strict=True):
        sheet.column_dimensions[letter].width = width
    _printable(sheet)


def _figures_table(sheet: Worksheet, key: str, groups: dict[str, Figures]) -> None:
    """One row per figure, one column per TPS or reason: read down like the summary, and
    printable however many figures there are (an office has far fewer TPS than figures)."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet.cell(1, 1, f"Indikator (Figure) / {key}").font = Font(bold=True)
    sheet.column_dimensions["A"].width = _TITLE_WIDTH
    for column, group in enumerate(groups, start=2):
        cell = sheet.cell(1, column, group)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="right")
        sheet.column_dimensions[get_column_letter(column)].width = max(12, len(group) + 2)
    values = [flat(figures) for figures in groups.values()]
    for row, name in enumerate(FIGURE_NAMES, start=2):
        sheet.cell(row, 1, TITLES[name])
        for column, figures in enumerate(values, start=2):
            cell = sheet.cell(row, column, _plain(figures[name]))
            cell.number_format = HOURS_FORMAT if name in _HOURS_OR_DAYS else COUNT_FORMAT
    sheet.freeze_panes = "B2"
    _printable(sheet, title_row=True)


def _per_day(sheet: Worksheet, report: MonthlyReport) -> None:
    columns: list[tuple[str, str | None, float]] = [
        ("Tanggal (Day)", DATE_FORMAT, 14),
        ("Persetujuan (Approvals, R3)", COUNT_FORMAT, 18),
        ("Penolakan Kasubsi (Kasubsi rejections, R3)", COUNT_FORMAT, 22),
        ("Ditolak saat diterima (Rejected on arrival, E1-E6)", COUNT_FORMAT, 24),
    ]
    rows = [[d.day, d.approvals, d.rejections, d.rejected_on_arrival] for d in report.days]
    _table(sheet, columns, rows)


def _histogram(sheet: Worksheet, report: MonthlyReport) -> None:
    """Within the norm and past it in two columns, so the chart draws them in two colours."""
    columns: list[tuple[str, str | None, float]] = [
        ("Hari kerja s.d. keputusan (Working days to decision)", None, 26),
        ("Dalam norma (Within the norm)", COUNT_FORMAT, 18),
        ("Melewati norma (Past the norm)", COUNT_FORMAT, 18),
    ]
    rows = []
    for b in report.histogram:
        label = f"{b.lower:g}-{b.upper:g}" if b.upper is not None else f"> {b.lower:g}"
        rows.append([label, b.count if b.within_norm else 0, 0 if b.within_norm else b.count])
    _table(sheet, columns, rows)


def _breaches(sheet: Worksheet, report: MonthlyReport) -> None:
    zone = ZoneInfo(report.timezone)
    columns: list[tuple[str, str | None, float]] = [
        ("Nomor referensi (Reference)", None, 24),
        ("TPS asal (Origin TPS)", None, 12),
        ("Alasan (Reason)", None, 20),
        (f"Tenggat (Deadline, {report.timezone})", TIME_FORMAT, 22),
        (f"Diputus (Decided, {report.timezone})", TIME_FORMAT, 22),
        ("Status", None, 30),
        ("Terlambat, jam kerja (Overdue by, working hours)", HOURS_FORMAT, 22),
    ]
    rows = [
        [
            b.ref_number,
            b.origin_tps,
            b.reason,
            _local(b.deadline_at, zone),
            _local(b.decided_at, zone) if b.decided_at else None,
            "belum diputus (still undecided)"
            if b.undecided
            else "diputus terlambat (decided late)",
            round(b.overdue_working_hours, 2),
        ]
        for b in report.breaches
    ]
    _table(sheet, columns, rows)


def _charts(book: Workbook, report: MonthlyReport) -> None:
    from openpyxl.chart import BarChart, Reference

    sheet = book.create_sheet(CHARTS)
    days, bins = book[PER_DAY], book[HISTOGRAM]
    per_day = BarChart()
    per_day.type, per_day.grouping, per_day.overlap = "col", "stacked", 100
    per_day.title = f"Keputusan per hari (Decisions per day), {report.office_code} {report.month}"
    per_day.y_axis.title = "keputusan (decisions)"
    per_day.x_axis.title = f"tanggal (day of {report.month})"
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
    histogram.title = (
        f"Waktu keputusan (Decision time): {times.decided} diputus (decided), "
        f"{times.breaches} setelah tenggat (after the deadline)"
    )
    histogram.y_axis.title = "keputusan (decisions)"
    histogram.x_axis.title = "hari kerja s.d. keputusan (working days to decision); norma 3"
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
