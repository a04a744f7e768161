"""The queue page: what waits for the caller (or, for officers, any role's queue of their
office), nearest deadline first, each row a link to the request page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from urllib.parse import quote
from zoneinfo import ZoneInfo

from fastapi.responses import HTMLResponse

from app.api.rest.console.formats import local, sla_badge
from app.api.rest.console.layout import View, page
from app.domain.actor import Role
from app.domain.queues import PlpSummary
from app.domain.sla import SlaState, SlaStatus
from app.domain.status import PlpStatus

REFRESH_SECONDS = 60


@dataclass(frozen=True)
class QueueFilters:
    queue: Role  # whose queue
    status: PlpStatus | None = None
    sla: SlaState | None = None


@dataclass(frozen=True)
class QueueView:
    filters: QueueFilters
    queues: tuple[Role, ...]  # the queues the caller may look at
    rows: list[tuple[PlpSummary, SlaStatus | None]]
    zone: ZoneInfo
    more: bool
    research: bool = False  # R5: the caller is a researching officer


def queue_page(view: View, q: QueueView) -> HTMLResponse:
    tr = view.tr
    main = _filters(view, q) + _table(view, q)
    return page(view, tr("console.queue.title"), main, current="queue", refresh=REFRESH_SECONDS)


def _filters(view: View, q: QueueView) -> str:
    tr, f = view.tr, q.filters
    queues = _select(
        "queue",
        tr("console.queue.filter.queue"),
        [(r.value, tr(f"console.queue.of.{r.value}")) for r in q.queues],
        f.queue.value,
        blank=None,
    )
    statuses = _select(
        "status",
        tr("console.queue.filter.status"),
        [(s.value, tr(f"console.status.{s.value}")) for s in PlpStatus],
        f.status.value if f.status else "",
        blank=tr("console.queue.filter.any"),
    )
    slas = _select(
        "sla",
        tr("console.queue.filter.sla"),
        [(s.value, tr(f"console.sla.{s.value}")) for s in SlaState],
        f.sla.value if f.sla else "",
        blank=tr("console.queue.filter.any"),
    )
    button = (
        f'<button type="submit" id="filter">{escape(tr("console.queue.filter.apply"))}</button>'
    )
    return (
        f'<section class="card"><form method="get" action="/console" class="filters" '
        f'id="filters">{queues}{statuses}{slas}{button}</form>'
        f'<p class="rule">{escape(tr("console.queue.rule"))}</p></section>'
    )


def _select(
    name: str, label: str, options: Iterable[tuple[str, str]], chosen: str, blank: str | None
) -> str:
    items = [] if blank is None else [f'<option value="">{escape(blank)}</option>']
    for value, text in options:
        mark = " selected" if value == chosen else ""
        items.append(f'<option value="{escape(value)}"{mark}>{escape(text)}</option>')
    return (
        f'<label for="f-{name}">{escape(label)}<select id="f-{name}" name="{name}">'
        f"{''.join(items)}</select></label>"
    )


def _table(view: View, q: QueueView) -> str:
    tr = view.tr
    if not q.rows:
        empty = escape(tr("console.queue.empty"))
        return f'<section class="card"><p id="queue-empty">{empty}</p></section>'
    cols: tuple[str, ...] = ("ref", "route", "reason", "status", "deadline", "sla")
    cols += ("research",) if q.research else ()
    head = "".join(f'<th scope="col">{escape(tr(f"console.queue.col.{c}"))}</th>' for c in cols)
    rows = "".join(_row(view, q.zone, item, sla, cols) for item, sla in q.rows)
    more = f'<p class="muted">{escape(tr("console.queue.more"))}</p>' if q.more else ""
    return (
        f'<section class="card"><div class="scroll"><table class="stack" id="queue">'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>{more}</section>"
    )


def _row(
    view: View, zone: ZoneInfo, item: PlpSummary, sla: SlaStatus | None, cols: tuple[str, ...]
) -> str:
    tr = view.tr
    href = f"/console/requests/{quote(item.id)}"
    research = (
        "-"
        if item.research_open is None
        else (", ".join(item.research_open) or tr("console.research.all_pass"))
    )
    cells: tuple[str, ...] = (
        f'<a href="{href}" class="request-link">{escape(item.ref_number)}</a>',
        f"{escape(item.origin_tps)} &rarr; {escape(item.destination_tps)}",
        escape(tr(f"console.reason.{item.reason}")),
        escape(tr(f"console.status.{item.status.value}")),
        local(item.deadline_at, zone),
        sla_badge(tr, sla),
        escape(research),
    )[: len(cols)]
    tds = "".join(
        f'<td data-label="{escape(tr(f"console.queue.col.{c}"))}">{cell}</td>'
        for c, cell in zip(cols, cells, strict=True)
    )
    return f'<tr data-id="{escape(item.id)}">{tds}</tr>'
