"""The monthly report (L3) on the section head's page: a month picker, the figures, the
deadlines breached and both charts; a month without data says so in words."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from babel.dates import format_date

from app.adapters.i18n import Translator
from app.adapters.report_files import flat
from app.api.rest.scroll_region import scroll_region
from app.domain.report import MonthlyReport, ReportMonth

REPORT_FIGURES = (
    "requests",
    "approvals",
    "rejections",
    "rejected_on_arrival",
    "cancellations",
    "movements_completed",
    "origin_mismatches",
    "destination_mismatches",
    "median_working_days",
    "p90_working_days",
    "gate_in_median_working_days",
    "gate_in_p90_working_days",
    "breaches",
    "deadlines_breached",
    "breached_undecided",
)
BREACHES_SHOWN = 20
REPORT_FILE = "/console/office/report"


@dataclass(frozen=True)
class ReportView:
    report: MonthlyReport
    months: list[tuple[ReportMonth, bool]]  # the picker's choices, newest first; has data
    charts: dict[str, bytes]  # SVG by chart name; empty when the month has no data


def month_name(month: ReportMonth, tr: Translator) -> str:
    return str(format_date(month.first_day, "LLLL y", locale=tr.language))


def has_data(report: MonthlyReport) -> bool:
    t = report.totals
    return bool(
        t.requests or t.approvals or t.rejections or t.rejected_on_arrival or report.breaches
    )


def report_section(v: ReportView, tr: Translator) -> str:
    r = v.report
    name = month_name(r.month, tr)
    title = escape(tr("dashboard.report.title", month=name))
    if has_data(r):
        body = _figures(r, tr) + _breaches(r, tr) + _charts(v, tr)
    else:
        empty = escape(tr("dashboard.report.empty", month=name))
        body = f'<p id="report-empty" class="empty">{empty}</p>'
    return (
        f'<section class="wide" id="report"><h2>{title}</h2>'
        f"{_picker(v, tr)}{_downloads(r, tr)}{_load_runs(r, tr)}{body}</section>"
    )


def _load_runs(r: MonthlyReport, tr: Translator) -> str:
    """Issue 16.11: what the figures leave out, said where they are read."""
    if not r.load_run_requests_excluded:
        return ""
    text = escape(tr("dashboard.report.load_runs", count=r.load_run_requests_excluded))
    return f'<p class="muted" id="report-load-runs">{text}</p>'


def _picker(v: ReportView, tr: Translator) -> str:
    options = []
    for month, filled in v.months:
        label = month_name(month, tr) + ("" if filled else f" ({tr('dashboard.report.no_data')})")
        chosen = " selected" if month == v.report.month else ""
        options.append(f'<option value="{month}"{chosen}>{escape(label)}</option>')
    office = escape(v.report.office_code)
    return (
        '<form method="get" action="/console/office" class="month-picker" id="month-picker">'
        f'<input type="hidden" name="office" value="{office}">'
        f'<label for="month">{escape(tr("dashboard.report.month"))}</label>'
        f'<select id="month" name="month">{"".join(options)}</select>'
        f'<button type="submit">{escape(tr("dashboard.report.show"))}</button></form>'
    )


def _downloads(r: MonthlyReport, tr: Translator) -> str:
    query = f"month={escape(str(r.month))}&amp;office={escape(r.office_code)}"
    links = " ".join(
        f'<a href="{REPORT_FILE}?{query}&amp;format={f}">{f.upper()}</a>' for f in ("xlsx", "csv")
    )
    return f'<p class="downloads">{escape(tr("dashboard.report.download"))} {links}</p>'


def _figures(r: MonthlyReport, tr: Translator) -> str:
    values = flat(r.totals)
    rows = "".join(
        f'<tr><th scope="row">{escape(tr(f"dashboard.figure.{key}"))}</th>'
        f'<td class="n">{_number(values[key])}</td></tr>'
        for key in REPORT_FIGURES
    )
    region = scroll_region(tr("dashboard.report.title", month=month_name(r.month, tr)))
    return f'<div {region}><table id="report-figures">{rows}</table></div>'


def _breaches(r: MonthlyReport, tr: Translator) -> str:
    """The deadlines of the month that passed without a decision, overdue in working time."""
    if not r.breaches:
        return ""
    zone = ZoneInfo(r.timezone)
    rows = "".join(
        f"<tr><td>{_request_link(b.request_id, b.ref_number)}</td>"
        f"<td>{escape(b.origin_tps)}</td><td>{escape(b.reason)}</td>"
        f"<td>{_local(b.deadline_at, zone)}</td>"
        f"<td>{_decided(b.decided_at, zone, tr)}</td>"
        f'<td class="n">{escape(_hours(b.overdue_working_hours, tr))}</td></tr>'
        for b in r.breaches[:BREACHES_SHOWN]
    )
    more = len(r.breaches) - BREACHES_SHOWN
    tail = (
        f'<p class="muted">{escape(tr("dashboard.breach.more", count=more))}</p>'
        if more > 0
        else ""
    )
    columns = ("reference", "origin", "reason", "deadline", "decided", "overdue")
    head = "".join(f'<th scope="col">{escape(tr(f"dashboard.breach.{c}"))}</th>' for c in columns)
    title = escape(tr("dashboard.breach.title", month=str(r.month)))
    return (
        f'<h3 id="breaches">{title}</h3><div {scroll_region(title)}>'
        f'<table id="report-breaches"><tr>{head}</tr>{rows}</table></div>{tail}'
    )


def _charts(v: ReportView, tr: Translator) -> str:
    images = "".join(
        f'<img id="chart-{name}" alt="{escape(tr(f"dashboard.chart.alt.{name}"))}" width="800" '
        f'height="360" src="data:image/svg+xml;base64,{base64.b64encode(svg).decode()}">'
        for name, svg in v.charts.items()
    )
    return f'<div class="charts">{images}</div>'


def _local(moment: datetime | None, zone: ZoneInfo) -> str:
    if moment is None:
        return "-"
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _request_link(request_id: str, ref_number: str) -> str:
    if not request_id:
        return escape(ref_number)
    return f'<a href="/console/requests/{escape(request_id)}">{escape(ref_number)}</a>'


def _decided(at: datetime | None, zone: ZoneInfo, tr: Translator) -> str:
    return escape(tr("dashboard.breach.undecided")) if at is None else _local(at, zone)


def _hours(hours: float, tr: Translator) -> str:
    minutes = round(hours * 60)
    return tr("dashboard.duration", hours=minutes // 60, minutes=f"{minutes % 60:02d}")


def _number(value: object) -> str:
    if value is None:
        return "-"
    return f"{value:.2f}" if isinstance(value, float) else escape(str(value))
