"""How the console writes times, durations and SLA states, in the page's language."""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape
from zoneinfo import ZoneInfo

from app.adapters.i18n import Translator
from app.domain.sla import SlaState, SlaStatus


def local(moment: datetime | None, zone: ZoneInfo) -> str:
    return "-" if moment is None else moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def duration(tr: Translator, span: timedelta) -> str:
    """`2 j 15 mnt` / `2 h 15 min` (working time)."""
    minutes = max(int(span.total_seconds() // 60), 0)
    return tr("console.duration", hours=minutes // 60, minutes=f"{minutes % 60:02d}")


def overdue(sla: SlaStatus) -> timedelta:
    return max(sla.used - sla.total, timedelta())


def sla_badge(tr: Translator, sla: SlaStatus | None) -> str:
    """The state, and how much working time is left, or how late a breached request is."""
    if sla is None:
        return f'<span class="muted">{escape(tr("console.sla.none"))}</span>'
    state = sla.state.value
    label = tr(f"console.sla.{state}")
    if sla.state is SlaState.BREACHED:
        detail = tr("console.sla.late", time=duration(tr, overdue(sla)))
    elif sla.state is SlaState.MET:
        detail = ""
    else:
        detail = tr("console.sla.left", time=duration(tr, sla.left))
    tail = f' <span class="sla-time">{escape(detail)}</span>' if detail else ""
    return f'<span class="state {state}">{escape(label)}</span>{tail}'
