"""HTML of the section head's dashboard: server-rendered, inline styles and charts, nothing
loaded from anywhere else (customs networks are often closed)."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape
from pathlib import Path
from string import Template
from zoneinfo import ZoneInfo

from app.adapters.report_files import flat
from app.api.rest.schemas.queue_out import QUEUE_LABELS
from app.domain.actor import Actor
from app.domain.outage import Outage
from app.domain.queues import PlpSummary
from app.domain.reference import OfficeInfo
from app.domain.report import MonthlyReport
from app.domain.services.work_queues import QueueCount
from app.domain.sla import SlaState, SlaStatus

TEMPLATES = Path(__file__).parent / "templates"
PAGE = Template((TEMPLATES / "page.html").read_text(encoding="utf-8"))
LOGIN = Template((TEMPLATES / "login.html").read_text(encoding="utf-8"))
SLA_COLUMNS = ("on_track", "at_risk", "breached", "met")
REPORT_FIGURES = (
    ("requests", "requests"),
    ("approvals", "approvals (R3)"),
    ("rejections", "rejections by the Kasubsi (R3)"),
    ("rejected_on_arrival", "rejected on arrival (E1-E6)"),
    ("cancellations", "cancellations (L1)"),
    ("movements_completed", "movements completed (M5)"),
    ("origin_mismatches", "mismatches at the origin gate (M2)"),
    ("destination_mismatches", "discrepancies at the destination gate (M4)"),
    ("median_working_days", "median working days to decision (R4)"),
    ("p90_working_days", "p90 working days to decision (R4)"),
    ("gate_in_median_working_days", "median working days to gate-in (SOP 1.a)"),
    ("gate_in_p90_working_days", "p90 working days to gate-in (SOP 1.a)"),
    ("breaches", "decided after the deadline (R4)"),
    ("deadlines_breached", "deadlines breached in the month, decided or not (R4)"),
    ("breached_undecided", "of which still undecided (R4)"),
)
BREACHES_SHOWN = 20


@dataclass(frozen=True)
class DashboardData:
    actor: Actor
    office: OfficeInfo
    open_outage: Outage | None
    outage_working: timedelta | None
    now: datetime
    queues: list[QueueCount]
    risks: list[tuple[PlpSummary, SlaStatus | None]]
    report: MonthlyReport
    charts: dict[str, bytes]  # SVG


def login_page(message: str = "") -> str:
    main = LOGIN.substitute(message=escape(message))
    return _page("PLP Online - dashboard login", "PLP Online dashboard", "", main, script=True)


def refusal_page(message: str) -> str:
    main = f'<section><p class="error">{escape(message)}</p>{_logout()}</section>'
    return _page("PLP Online - dashboard", "PLP Online dashboard", "", main)


def dashboard_page(d: DashboardData) -> str:
    zone = ZoneInfo(d.office.timezone)
    who = f"{escape(d.actor.username)} ({escape(d.actor.role.value)})"
    header = f"<span>{who}</span><span>{_local(d.now, zone)}</span>{_logout()}"
    heading = f"PLP dashboard - office {escape(d.office.code)} {escape(d.office.name)}"
    sections = (_mode(d, zone), _queues(d), _risks(d, zone), _report(d))
    return _page(f"PLP dashboard {d.office.code}", heading, header, "\n".join(sections))


def _page(title: str, heading: str, extra: str, main: str, script: bool = False) -> str:
    tag = '<script src="/dashboard/login.js"></script>' if script else ""
    return PAGE.substitute(
        title=escape(title), heading=escape(heading), header_extra=extra, main=main, script=tag
    )


def _logout() -> str:
    return '<form method="post" action="/dashboard/logout"><button>Log out</button></form>'


def _local(moment: datetime | None, zone: ZoneInfo) -> str:
    return "-" if moment is None else moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _mode(d: DashboardData, zone: ZoneInfo) -> str:
    mode = d.office.mode.value
    lines = [f'<p>Service: <span class="state {mode}" id="office-mode">{escape(mode)}</span></p>']
    if d.office.manual_since:
        lines.append(f"<p>Manual procedure since {_local(d.office.manual_since, zone)} (F2)</p>")
    if d.open_outage:
        o, hours = d.open_outage, (d.outage_working or timedelta()).total_seconds() / 3600
        lines.append(
            f"<p>Open outage since {_local(o.started_at, zone)}: {escape(o.cause)}; "
            f"{hours:.1f} working hours so far (manual procedure after 6, F1)</p>"
        )
    else:
        lines.append('<p class="muted">No open outage.</p>')
    return f'<section id="mode"><h2>Office mode</h2>{"".join(lines)}</section>'


def _queues(d: DashboardData) -> str:
    head = "".join(f'<th class="n">{c.replace("_", " ")}</th>' for c in SLA_COLUMNS)
    rows = []
    for q in d.queues:
        cells = "".join(f'<td class="n">{q.by_sla[c]}</td>' for c in SLA_COLUMNS)
        label = escape(QUEUE_LABELS.get(q.role, q.role.value))
        rows.append(f'<tr><td>{label}</td><td class="n">{q.waiting}</td>{cells}</tr>')
    table = f'<table><tr><th>queue</th><th class="n">waiting</th>{head}</tr>{"".join(rows)}</table>'
    return f'<section id="queues"><h2>Today\'s queues (SLA, R4)</h2>{table}</section>'


def _risks(d: DashboardData, zone: ZoneInfo) -> str:
    if not d.risks:
        body = '<p class="muted">No request waiting for a decision is at risk or breached.</p>'
    else:
        rows = [_risk_row(item, sla, zone) for item, sla in d.risks]
        head = (
            "<tr><th>reference</th><th>from - to</th><th>reason</th><th>deadline</th>"
            '<th class="n">working time left</th><th>state</th></tr>'
        )
        body = f"<table>{head}{''.join(rows)}</table>"
    return f'<section id="risks"><h2>SLA risks: waiting for a decision</h2>{body}</section>'


def _risk_row(item: PlpSummary, sla: SlaStatus | None, zone: ZoneInfo) -> str:
    state = sla.state.value if sla else SlaState.ON_TRACK.value
    left = sla.left if sla else timedelta()
    minutes = int(left.total_seconds() // 60)
    return (
        f"<tr><td>{escape(item.ref_number)}</td>"
        f"<td>{escape(item.origin_tps)} - {escape(item.destination_tps)}</td>"
        f"<td>{escape(item.reason)}</td><td>{_local(item.deadline_at, zone)}</td>"
        f'<td class="n">{minutes // 60} h {minutes % 60:02d} min</td>'
        f'<td><span class="state {state}">{state.replace("_", " ")}</span></td></tr>'
    )


def _report(d: DashboardData) -> str:
    r = d.report
    values = flat(r.totals)
    rows = "".join(
        f'<tr><td>{label}</td><td class="n">{_number(values[key])}</td></tr>'
        for key, label in REPORT_FIGURES
    )
    charts = "".join(
        f'<img id="chart-{name}" alt="{name.replace("-", " ")}" width="800" height="360" '
        f'src="data:image/svg+xml;base64,{base64.b64encode(svg).decode()}">'
        for name, svg in d.charts.items()
    )
    office, month = escape(r.office_code), escape(str(r.month))
    query = f"month={month}&amp;office={office}"
    links = " ".join(
        f'<a href="/dashboard/report?{query}&amp;format={f}">{f.upper()}</a>'
        for f in ("xlsx", "csv")
    )
    return (
        f'<section class="wide" id="report"><h2>Monthly report {month} (L3)</h2>'
        f'<p>Download: {links}</p>{_load_runs(r)}<table id="report-figures">{rows}</table>'
        f"{_breaches(r)}"
        f'<div class="charts">{charts}</div></section>'
    )


def _load_runs(r: MonthlyReport) -> str:
    """Issue 16.11: what the figures leave out, said where they are read."""
    n = r.load_run_requests_excluded
    if not n:
        return ""
    return (
        f'<p class="muted" id="report-load-runs">{n} requests filed by load runs '
        "(plp-mock-tps load) are left out of this report.</p>"
    )


def _breaches(r: MonthlyReport) -> str:
    """The deadlines of the month that passed without a decision, overdue in working time."""
    if not r.breaches:
        return ""
    zone = ZoneInfo(r.timezone)
    rows = "".join(
        f"<tr><td>{escape(b.ref_number)}</td><td>{escape(b.origin_tps)}</td>"
        f"<td>{escape(b.reason)}</td><td>{_local(b.deadline_at, zone)}</td>"
        f"<td>{'still undecided' if b.undecided else _local(b.decided_at, zone)}</td>"
        f'<td class="n">{_hours(b.overdue_working_hours)}</td></tr>'
        for b in r.breaches[:BREACHES_SHOWN]
    )
    more = len(r.breaches) - BREACHES_SHOWN
    tail = f'<p class="muted">and {more} more in the XLSX</p>' if more > 0 else ""
    head = (
        "<tr><th>reference</th><th>origin TPS</th><th>reason</th><th>deadline</th>"
        '<th>decided</th><th class="n">overdue by (working time)</th></tr>'
    )
    return (
        f'<h3 id="breaches">Deadlines breached in {escape(str(r.month))} (R4)</h3>'
        f'<table id="report-breaches">{head}{rows}</table>{tail}'
    )


def _hours(hours: float) -> str:
    minutes = round(hours * 60)
    return f"{minutes // 60} h {minutes % 60:02d} min"


def _number(value: object) -> str:
    if value is None:
        return "-"
    return f"{value:.2f}" if isinstance(value, float) else escape(str(value))
