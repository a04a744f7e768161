"""L3 report as files a section head forwards: CSV (one figure per line) and XLSX (sheets)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import asdict, fields
from typing import TYPE_CHECKING, Any

from app.adapters.charts import ChartFormat, decision_times, decisions_per_day
from app.domain.report import DecisionTimes, Figures, MonthlyReport

if TYPE_CHECKING:
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
}


def flat(figures: Figures) -> dict[str, Any]:
    """One level of names, decision-time figures included."""
    counts = {
        f.name: getattr(figures, f.name) for f in fields(figures) if f.name != "decision_time"
    }
    return counts | asdict(figures.decision_time)


FIGURE_NAMES = [f.name for f in fields(Figures) if f.name != "decision_time"] + [
    f.name for f in fields(DecisionTimes)
]


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


def to_csv(report: MonthlyReport) -> str:
    """Long format: section, key, figure, value; easy to filter or pivot."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["office", "month", "section", "key", "figure", "value"])
    for row in _rows(report):
        writer.writerow([report.office_code, str(report.month), *row])
    return out.getvalue()


def to_xlsx(report: MonthlyReport) -> bytes:
    """Summary with definitions, per TPS, per reason, rejections by rule, per day, charts."""
    from openpyxl import Workbook  # on first use, like matplotlib: a file few runs ask for

    book = Workbook()
    summary = book.active
    assert summary is not None  # a new workbook has one sheet
    summary.title = "Summary"
    _summary(summary, report)
    _table(book.create_sheet("Per origin TPS"), "origin TPS", report.by_tps)
    _table(book.create_sheet("Per reason"), "reason", report.by_reason)
    rules = book.create_sheet("Rejections by rule")
    _write(rules, [["rule", "requests"], *report.rejections_by_rule.items()])
    days = book.create_sheet("Per day")
    header = ["day", "approvals", "rejections", "rejected_on_arrival"]
    _write(
        days,
        [header, *([d.day, d.approvals, d.rejections, d.rejected_on_arrival] for d in report.days)],
    )
    _charts(book.create_sheet("Charts"), report)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _summary(sheet: Worksheet, report: MonthlyReport) -> None:
    head = [
        ["Monthly PLP report (L3)", f"{report.office_code} {report.office_name}"],
        ["month", str(report.month)],
        ["period", f"{report.period_start.isoformat()} to {report.period_end.isoformat()}"],
        ["complete", "yes" if report.complete else "no: the month is still running"],
        ["generated at", report.generated_at.isoformat()],
        [],
        ["figure", "value", "definition"],
    ]
    body = [[k, _plain(v), DEFINITIONS[k]] for k, v in flat(report.totals).items()]
    _write(sheet, [*head, *body])
    sheet.column_dimensions["A"].width, sheet.column_dimensions["C"].width = 26, 70


def _table(sheet: Worksheet, key: str, groups: dict[str, Figures]) -> None:
    rows = [[k, *(_plain(v) for v in flat(f).values())] for k, f in groups.items()]
    _write(sheet, [[key, *FIGURE_NAMES], *rows])


def _charts(sheet: Worksheet, report: MonthlyReport) -> None:
    from openpyxl.drawing.image import Image

    for anchor, draw in (("A1", decisions_per_day), ("A20", decision_times)):
        image = Image(io.BytesIO(draw(report, ChartFormat.PNG)))
        sheet.add_image(image, anchor)


def _write(sheet: Worksheet, rows: list[Any]) -> None:
    from openpyxl.styles import Font

    for row in rows:
        sheet.append(list(row))
    for cell in sheet[1]:
        cell.font = Font(bold=True)


def _plain(value: Any) -> Any:
    return round(value, 2) if isinstance(value, float) else value
