"""HTML of the section head's page (/console/office): server-rendered, charts inline, nothing
loaded from anywhere else (customs networks are often closed). The live part (office mode,
queues, SLA risks) is also served alone, for office.js to refresh it in place.

Every text comes from the `dashboard` catalogues (`tr`); rule IDs stay as they are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape
from pathlib import Path
from zoneinfo import ZoneInfo

from app.adapters.i18n import Translator
from app.api.rest.dashboard_report import ReportView, report_section
from app.api.rest.scroll_region import scroll_region
from app.domain.actor import Actor
from app.domain.outage import Outage
from app.domain.queues import PlpSummary
from app.domain.reference import OfficeInfo
from app.domain.services.work_queues import QueueCount
from app.domain.sla import SlaState, SlaStatus

TEMPLATES = Path(__file__).parent / "templates"
SLA_COLUMNS = ("on_track", "at_risk", "breached", "met")
RISK_COLUMNS = ("reference", "route", "reason", "deadline", "left", "state")
REFRESH_SECONDS = 60
REQUEST_PAGE = "/console/requests/{id}"
SCRIPT = "/console/office/office.js"


@dataclass(frozen=True)
class LiveData:
    """What changes by the minute: the office's mode, its queues and its requests at risk."""

    actor: Actor
    office: OfficeInfo
    open_outage: Outage | None
    outage_working: timedelta | None
    now: datetime
    queues: list[QueueCount]
    risks: list[tuple[PlpSummary, SlaStatus | None]]


def heading(office: OfficeInfo, tr: Translator) -> str:
    return tr("dashboard.heading", office=office.code, name=office.name)


def office_main(live: LiveData, report: ReportView, live_url: str, tr: Translator) -> str:
    """The page's main content: the live sections, then the month's report, then the script
    that refreshes the live sections in place."""
    return (
        f'<div id="live" class="grid office" data-live="{escape(live_url)}" '
        f'data-seconds="{REFRESH_SECONDS}">{live_sections(live, tr)}</div>'
        f"{report_section(report, tr)}"
        f'<script src="{SCRIPT}" defer></script>'
    )


def live_sections(d: LiveData, tr: Translator) -> str:
    zone = ZoneInfo(d.office.timezone)
    updated = tr("dashboard.updated", at=_local(d.now, zone))
    stamp = f'<p class="muted wide" id="live-updated">{escape(updated)}</p>'
    return _mode(d, zone, tr) + _queues(d, tr) + _risks(d, zone, tr) + stamp


def _local(moment: datetime | None, zone: ZoneInfo) -> str:
    return "-" if moment is None else moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _duration(span: timedelta, tr: Translator) -> str:
    minutes = max(0, int(span.total_seconds() // 60))
    return tr("dashboard.duration", hours=minutes // 60, minutes=f"{minutes % 60:02d}")


def _mode(d: LiveData, zone: ZoneInfo, tr: Translator) -> str:
    mode = d.office.mode.value
    label = escape(tr(f"dashboard.mode.{mode}"))
    lines = [
        f"<p>{escape(tr('dashboard.mode.service'))} "
        f'<span class="state {mode}" id="office-mode" data-mode="{mode}">{label}</span></p>'
    ]
    if d.office.manual_since:
        since = tr("dashboard.mode.manual_since", at=_local(d.office.manual_since, zone))
        lines.append(f"<p>{escape(since)}</p>")
    if d.open_outage:
        o = d.open_outage
        text = tr(
            "dashboard.mode.open_outage",
            at=_local(o.started_at, zone),
            cause=o.cause,
            worked=_duration(d.outage_working or timedelta(), tr),
        )
        lines.append(f'<p id="open-outage">{escape(text)}</p>')
    else:
        lines.append(f'<p class="muted">{escape(tr("dashboard.mode.no_outage"))}</p>')
    link = escape(tr("dashboard.mode.outages_link"))
    lines.append(f'<p><a href="/console/office/outages">{link}</a></p>')
    title = escape(tr("dashboard.mode.title"))
    return f'<section id="mode"><h2>{title}</h2>{"".join(lines)}</section>'


def _queues(d: LiveData, tr: Translator) -> str:
    head = "".join(
        f'<th scope="col" class="n">{escape(tr(f"dashboard.sla.{c}"))}</th>' for c in SLA_COLUMNS
    )
    rows = []
    for q in d.queues:
        cells = "".join(f'<td class="n">{q.by_sla[c]}</td>' for c in SLA_COLUMNS)
        role = q.role.value
        label = (
            f'<th scope="row"><span class="queue-name">{escape(tr(f"dashboard.queue.{role}"))}'
            f'</span><span class="queue-work">{escape(tr(f"dashboard.queue_work.{role}"))}'
            "</span></th>"
        )
        rows.append(f'<tr>{label}<td class="n">{q.waiting}</td>{cells}</tr>')
    table = (
        f'<div {scroll_region(tr("dashboard.queues.title"))}><table id="queue-table">'
        '<caption class="sr-only">'
        f'{escape(tr("dashboard.queues.title"))}</caption><tr><th scope="col">'
        f'{escape(tr("dashboard.queues.queue"))}</th><th scope="col" class="n">'
        f"{escape(tr('dashboard.queues.waiting'))}</th>{head}</tr>{''.join(rows)}</table></div>"
    )
    title = escape(tr("dashboard.queues.title"))
    return f'<section id="queues"><h2>{title}</h2>{table}</section>'


def _risks(d: LiveData, zone: ZoneInfo, tr: Translator) -> str:
    title = escape(tr("dashboard.risks.title"))
    if not d.risks:
        body = f'<p class="muted">{escape(tr("dashboard.risks.none"))}</p>'
    else:
        names = [tr(f"dashboard.risks.{c}") for c in RISK_COLUMNS]
        rows = [_risk_row(item, sla, zone, names, tr) for item, sla in d.risks]
        head = "".join(f'<th scope="col">{escape(name)}</th>' for name in names)
        body = (
            f'<div {scroll_region(tr("dashboard.risks.title"))}><table id="risk-table" '
            f'class="stack"><thead><tr>{head}</tr>'
            f"</thead><tbody>{''.join(rows)}</tbody></table></div>"
        )
    return f'<section id="risks" class="wide"><h2>{title}</h2>{body}</section>'


def _risk_row(
    item: PlpSummary, sla: SlaStatus | None, zone: ZoneInfo, names: list[str], tr: Translator
) -> str:
    state = sla.state if sla else SlaState.ON_TRACK
    if sla is None:
        left = "-"
    elif state is SlaState.BREACHED:
        left = tr("dashboard.risks.overdue_by", span=_duration(sla.used - sla.total, tr))
    else:
        left = _duration(sla.left, tr)
    href = escape(REQUEST_PAGE.format(id=item.id))
    cells = (
        f'<a href="{href}">{escape(item.ref_number)}</a>',
        f"{escape(item.origin_tps)} → {escape(item.destination_tps)}",
        escape(item.reason),
        _local(item.deadline_at, zone),
        escape(left),
        f'<span class="state {state.value}">{escape(tr(f"dashboard.sla.{state.value}"))}</span>',
    )
    tds = "".join(
        f'<td data-label="{escape(name)}">{cell}</td>'
        for name, cell in zip(names, cells, strict=True)
    )
    return f'<tr class="row-{state.value}">{tds}</tr>'
