"""HTML of the office-level forms (issue 18): declare and end an outage (F1, F3), record a
paper PLP of the manual procedure (F2), enter the paper PLPs and close the reconciliation
(F3, L2). Every form names the rule it applies; a refusal is drawn above the forms by the
route (app/api/rest/console/problems.py), and the values typed are kept."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from app.adapters.i18n import Translator
from app.api.rest.scroll_region import scroll_region
from app.domain.manual_plp import ManualPlp
from app.domain.outage import Outage
from app.domain.reasons import PlpReason
from app.domain.reconciliation import Reconciliation, ReconciliationItem
from app.domain.reference import OfficeInfo

BASE = "/console/office"


@dataclass(frozen=True)
class OutagesData:
    office: OfficeInfo
    open_outage: Outage | None
    recent: list[tuple[Outage, str | None]]  # with its reconciliation's id, if any
    paper: list[ManualPlp]  # the open outage's paper PLPs (F2)


def local(moment: datetime | None, zone: ZoneInfo) -> str:
    return "-" if moment is None else moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def rule(tr: Translator, key: str) -> str:
    return f'<p class="rule">{escape(tr(key))}</p>'


def outages_main(d: OutagesData, csrf: str, typed: Mapping[str, str], tr: Translator) -> str:
    zone = ZoneInfo(d.office.timezone)
    back = f'<p><a href="{BASE}?office={escape(d.office.code)}">{escape(tr("office.back"))}</a></p>'
    parts = [back, _outage_form(d, zone, csrf, tr), _paper_form(d, csrf, typed, tr)]
    if d.paper:
        parts.append(_paper_list(d.paper, zone, tr))
    parts.append(_recent(d.recent, zone, tr))
    return "".join(parts)


def _hidden(csrf: str, office: str) -> str:
    return (
        f'<input type="hidden" name="csrf" value="{escape(csrf)}">'
        f'<input type="hidden" name="office" value="{escape(office)}">'
    )


def _outage_form(d: OutagesData, zone: ZoneInfo, csrf: str, tr: Translator) -> str:
    hidden = _hidden(csrf, d.office.code)
    if d.open_outage:
        o = d.open_outage
        since = tr("office.outage.open_since", at=local(o.started_at, zone), cause=o.cause)
        body = (
            f'<p id="open-outage">{escape(since)}</p>{rule(tr, "office.outage.end_rule")}'
            f'<form method="post" class="action" action="{BASE}/outages/{escape(o.id)}/end">'
            f'{hidden}<button id="end-outage">{escape(tr("office.outage.end"))}</button></form>'
        )
    else:
        body = (
            f"{rule(tr, 'office.outage.declare_rule')}"
            f'<form method="post" class="action" action="{BASE}/outages" id="declare-form">'
            f'{hidden}<label for="cause">{escape(tr("office.outage.cause"))}</label>'
            '<input id="cause" name="cause" required maxlength="200">'
            f'<label for="started_at">{escape(tr("office.outage.started_at"))}</label>'
            '<input id="started_at" name="started_at" type="datetime-local">'
            f'<p><button id="declare-outage">{escape(tr("office.outage.declare"))}</button></p>'
            "</form>"
        )
    title = escape(tr("office.outage.title"))
    return f'<section id="outage"><h2>{title}</h2>{body}</section>'


PAPER_FIELDS = (
    ("letter_number", "text", 'required maxlength="40"'),
    ("letter_date", "date", "required"),
    ("received_at", "datetime-local", "required"),
    ("applicant_tps", "text", 'required maxlength="4"'),
    ("applicant_name", "text", 'required maxlength="60"'),
    ("origin_tps", "text", 'required maxlength="4"'),
    ("origin_gudang", "text", 'required maxlength="4"'),
    ("destination_tps", "text", 'required maxlength="4"'),
    ("destination_gudang", "text", 'required maxlength="4"'),
    ("bc11_number", "text", 'required pattern="\\d{6}"'),
    ("bc11_date", "date", "required"),
)
DECISION_FIELDS = (
    ("decision_letter_number", "text", 'maxlength="40"'),
    ("decision_letter_date", "date", ""),
    ("decided_at", "datetime-local", ""),
    ("decision_reason", "text", 'maxlength="200"'),
)


def _field(name: str, kind: str, extra: str, typed: Mapping[str, str], tr: Translator) -> str:
    value = escape(typed.get(name, ""))
    return (
        f'<label for="{name}">{escape(tr(f"office.paper.{name}"))}</label>'
        f'<input id="{name}" name="{name}" type="{kind}" value="{value}" {extra}>'
    )


def _paper_form(d: OutagesData, csrf: str, typed: Mapping[str, str], tr: Translator) -> str:
    fields = "".join(_field(n, k, e, typed, tr) for n, k, e in PAPER_FIELDS)
    chosen = typed.get("reason", "")
    reasons = "".join(
        f'<option value="{r.value}"{" selected" if r.value == chosen else ""}>{r.value}</option>'
        for r in PlpReason
    )
    decided = typed.get("decision", "")
    options = "".join(
        f'<option value="{v}"{" selected" if v == (decided or "none") else ""}>'
        f"{escape(tr(f'office.paper.decision_{v}'))}</option>"
        for v in ("none", "approved", "rejected")
    )
    decision = "".join(_field(n, k, e, typed, tr) for n, k, e in DECISION_FIELDS)
    containers = escape(typed.get("containers", ""))
    return (
        f'<section id="paper" class="wide"><h2>{escape(tr("office.paper.title"))}</h2>'
        f"{rule(tr, 'office.paper.rule')}"
        f'<form method="post" class="action" action="{BASE}/manual-plps" id="paper-form">'
        f'{_hidden(csrf, d.office.code)}<div class="grid">'
        f"<fieldset><legend>{escape(tr('office.paper.letter'))}</legend>{fields}"
        f'<label for="reason">{escape(tr("office.paper.reason"))}</label>'
        f'<select id="reason" name="reason">{reasons}</select></fieldset>'
        f"<fieldset><legend>{escape(tr('office.paper.goods'))}</legend>"
        f'<label for="containers">{escape(tr("office.paper.containers"))}</label>'
        f'<textarea id="containers" name="containers" rows="4">{containers}</textarea>'
        f'<p class="muted">{escape(tr("office.paper.containers_hint"))}</p></fieldset>'
        f"<fieldset><legend>{escape(tr('office.paper.decision'))}</legend>"
        f"{rule(tr, 'office.paper.decision_rule')}"
        f'<label for="decision">{escape(tr("office.paper.decision_kind"))}</label>'
        f'<select id="decision" name="decision">{options}</select>{decision}</fieldset></div>'
        f'<p><button id="record-paper">{escape(tr("office.paper.record"))}</button></p>'
        "</form></section>"
    )


def _paper_list(paper: list[ManualPlp], zone: ZoneInfo, tr: Translator) -> str:
    columns = ("letter", "received", "route", "containers", "decision")
    names = [tr(f"office.paper.col.{c}") for c in columns]
    rows = "".join(
        "<tr>"
        + "".join(
            f'<td data-label="{escape(n)}">{escape(v)}</td>'
            for n, v in zip(names, _paper_cells(m, zone, tr), strict=True)
        )
        + "</tr>"
        for m in paper
    )
    head = "".join(f'<th scope="col">{escape(n)}</th>' for n in names)
    return (
        f'<section id="paper-list" class="wide"><h2>{escape(tr("office.paper.list"))}</h2>'
        f'<div {scroll_region(tr("office.paper.list"))}><table class="stack">'
        f"<thead><tr>{head}</tr></thead>"
        f"<tbody>{rows}</tbody></table></div></section>"
    )


def _paper_cells(m: ManualPlp, zone: ZoneInfo, tr: Translator) -> tuple[str, ...]:
    if m.decision is None:
        decision = tr("office.paper.undecided")
    else:
        key = (
            "office.paper.decision_approved"
            if m.decision.approved
            else "office.paper.decision_rejected"
        )
        decision = f"{tr(key)} ({m.decision.letter_number})"
    return (
        f"{m.letter_number} ({m.letter_date})",
        local(m.received_at, zone),
        f"{m.origin_tps} → {m.destination_tps}",
        ", ".join(c.number for c in m.containers),
        decision,
    )


def _recent(recent: list[tuple[Outage, str | None]], zone: ZoneInfo, tr: Translator) -> str:
    if not recent:
        body = f'<p class="muted">{escape(tr("office.outage.none"))}</p>'
    else:
        names = [tr(f"office.outage.col.{c}") for c in ("started", "ended", "cause", "rec")]
        rows = "".join(_recent_row(o, rec, zone, names, tr) for o, rec in recent)
        head = "".join(f'<th scope="col">{escape(n)}</th>' for n in names)
        body = (
            f'<div {scroll_region(tr("office.outage.recent"))}><table class="stack" '
            f'id="outage-table"><thead><tr>{head}</tr>'
            f"</thead><tbody>{rows}</tbody></table></div>"
        )
    title = escape(tr("office.outage.recent"))
    return f'<section id="outages" class="wide"><h2>{title}</h2>{body}</section>'


def _recent_row(
    o: Outage, rec: str | None, zone: ZoneInfo, names: list[str], tr: Translator
) -> str:
    link = (
        f'<a href="{BASE}/reconciliations/{escape(rec)}">{escape(tr("office.rec.open"))}</a>'
        if rec
        else "-"
    )
    cells = (local(o.started_at, zone), local(o.ended_at, zone), escape(o.cause), link)
    tds = "".join(
        f'<td data-label="{escape(n)}">{c}</td>' for n, c in zip(names, cells, strict=True)
    )
    return f"<tr>{tds}</tr>"


def reconciliation_main(
    rec: Reconciliation,
    cause: str,
    items: list[ReconciliationItem],
    csrf: str,
    tr: Translator,
    zone: ZoneInfo,
) -> str:
    period = tr(
        "office.rec.period",
        start=local(rec.period_from, zone),
        end=local(rec.period_to, zone),
        cause=cause,
        status=tr(f"office.rec.status.{rec.status.value}"),
    )
    names = [tr(f"office.rec.col.{c}") for c in ("letter", "request", "state", "action")]
    rows = "".join(_item_row(rec, item, csrf, names, tr) for item in items)
    head = "".join(f'<th scope="col">{escape(n)}</th>' for n in names)
    table = (
        f'<div {scroll_region(tr("office.rec.title"))}><table class="stack" id="rec-items">'
        f"<thead><tr>{head}</tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
        if items
        else f'<p class="muted">{escape(tr("office.rec.no_items"))}</p>'
    )
    close = (
        f'{rule(tr, "office.rec.close_rule")}<form method="post" class="action" '
        f'action="{BASE}/reconciliations/{escape(rec.id)}/closure">'
        f'<input type="hidden" name="csrf" value="{escape(csrf)}">'
        f'<button id="close-rec">{escape(tr("office.rec.close"))}</button></form>'
        if rec.status.value == "open"
        else ""
    )
    csv = f"/api/v1/reconciliations/{escape(rec.id)}?format=csv"
    outages = f"{BASE}/outages?office={escape(rec.office_code)}"
    return (
        f'<p><a href="{outages}">{escape(tr("office.outage.page"))}</a></p>'
        f'<section id="reconciliation" class="wide"><p id="rec-period">{escape(period)}</p>'
        f"{rule(tr, 'office.rec.enter_rule')}{table}{close}"
        f'<p class="muted">{escape(tr("office.rec.csv"))} <code>{csv}</code></p></section>'
    )


def _item_row(
    rec: Reconciliation, item: ReconciliationItem, csrf: str, names: list[str], tr: Translator
) -> str:
    m, request = item.manual, item.request
    if request is not None:
        number = escape(request.header.ref_number)
        ref = f'<a href="/console/requests/{escape(request.id)}">{number}</a>'
    else:
        ref = "-"
    if item.matched:
        state = f'<span class="state met">{escape(tr("office.rec.matched"))}</span>'
    else:
        state = f'<span class="state breached">{escape(", ".join(item.mismatches))}</span>'
    action = "-"
    if request is None and rec.status.value == "open":
        action = (
            f'<form method="post" action="{BASE}/reconciliations/{escape(rec.id)}/items/'
            f'{escape(m.id)}/entry"><input type="hidden" name="csrf" value="{escape(csrf)}">'
            f'<button class="enter-paper">{escape(tr("office.rec.enter"))}</button></form>'
        )
    cells = (escape(f"{m.letter_number} ({m.letter_date})"), ref, state, action)
    tds = "".join(
        f'<td data-label="{escape(n)}">{c}</td>' for n, c in zip(names, cells, strict=True)
    )
    return f"<tr>{tds}</tr>"


def parse_containers(text: str) -> list[tuple[str, str, str | None]]:
    """One container a line: number, size, ISO type (optional), by spaces or commas."""
    found = []
    for line in text.splitlines():
        parts = line.replace(",", " ").split()
        if parts:
            found.append(
                (
                    parts[0].upper(),
                    parts[1] if len(parts) > 1 else "",
                    parts[2] if len(parts) > 2 else None,
                )
            )
    return found
