"""The request page's cards of what happened after the decision: the checks at the gates,
the seal chain, H1 notices, cancellations and the audit trail."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from app.adapters.i18n import Translator
from app.api.rest.console.cards import card, facts, text, yes_no
from app.api.rest.console.formats import local
from app.domain.events import AuditEvent

if TYPE_CHECKING:
    from app.api.rest.console.request_page import RequestData


def checks(tr: Translator, d: RequestData) -> str:
    r, z = d.request, d.zone
    blocks = []
    o = r.origin_check
    if o is not None:
        seals = "; ".join(f"{s.container}: {' '.join(s.numbers)}" for s in o.seals)
        rows = [
            (tr("console.check.matched"), yes_no(tr, o.matched)),
            (tr("console.check.seals"), text(seals or None)),
            (
                tr("console.check.escorted"),
                yes_no(tr, o.escorted) + (f" ({escape(o.escort)})" if o.escort else ""),
            ),
            (tr("console.check.note"), text(o.note)),
            (tr("console.decision.by"), f"{escape(o.by)}, {local(o.at, z)}"),
        ]
        blocks.append(f"<h3>{escape(tr('console.check.origin'))}</h3>{facts(rows)}")
    dc = r.destination_check
    if dc is not None:
        seals = "; ".join(
            f"{s.container}: {' '.join(s.numbers)}{'' if s.intact else ' (!)'}" for s in dc.seals
        )
        rows = [
            (tr("console.check.matched"), yes_no(tr, dc.matched)),
            (tr("console.check.seal_opened"), yes_no(tr, dc.seal_opened)),
            (tr("console.check.seals"), text(seals or None)),
            (tr("console.check.note"), text(dc.note)),
            (tr("console.decision.by"), f"{escape(dc.by)}, {local(dc.at, z)}"),
        ]
        blocks.append(f"<h3>{escape(tr('console.check.destination'))}</h3>{facts(rows)}")
    inv = r.investigation
    if inv is not None:
        rows = [
            (tr("console.check.outcome"), escape(tr(f"console.investigation.{inv.outcome}"))),
            (
                tr("console.check.document"),
                f"{text(inv.document_number)} ({text(inv.document_date)})",
            ),
            (tr("console.check.note"), text(inv.note)),
            (tr("console.decision.by"), f"{escape(inv.by)}, {local(inv.at, z)}"),
        ]
        blocks.append(f"<h3>{escape(tr('console.check.investigation'))}</h3>{facts(rows)}")
    flags = []
    if r.seal_alert:
        flags.append(tr("console.flag.seal_alert"))
    if r.out_of_hours_alert:
        flags.append(tr("console.flag.out_of_hours"))
    if r.approval_lapsed_at:
        flags.append(tr("console.flag.lapsed", at=local(r.approval_lapsed_at, z)))
    if r.transit_overdue_at:
        flags.append(tr("console.flag.transit", at=local(r.transit_overdue_at, z)))
    if flags:
        blocks.append("<ul>" + "".join(f"<li>{escape(f)}</li>" for f in flags) + "</ul>")
    if not blocks:
        return ""
    return card("checks", tr("console.check.title"), "".join(blocks))


def seals(tr: Translator, d: RequestData) -> str:
    history = d.request.seal_history()
    if not history:
        return ""
    rows = "".join(
        f"<tr><td>{escape(container)}</td><td>{escape(tr(f'console.seal.{x.stage.value}'))}</td>"
        f"<td>{escape(' '.join(x.numbers) or '-')}</td><td>{local(x.at, d.zone)}</td>"
        f"<td>{escape(x.by)}</td><td>{text(x.discrepancy)}</td></tr>"
        for container, records in history.items()
        for x in records
    )
    cols = ("container", "stage", "numbers", "at", "by", "discrepancy")
    head = "".join(f'<th scope="col">{escape(tr(f"console.seal.col.{c}"))}</th>' for c in cols)
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    return card("seal-chain", tr("console.seal.title"), f'<div class="scroll">{table}</div>')


def notices(tr: Translator, d: RequestData) -> str:
    if not d.notices:
        return ""
    items = []
    for n in d.notices:
        text = tr(
            "console.h1.notice",
            start=local(n.planned_start, d.zone),
            end=local(n.planned_end, d.zone),
            at=local(n.notified_at, d.zone),
            by=n.notified_by,
            files=len(n.attachments),
        )
        base = f"/console/requests/{quote(d.request.id)}/notices/{quote(n.id)}"
        files = " ".join(
            f'<a href="{base}/{a.kind.value}">{escape(tr(f"console.h1.{a.kind.value}"))}</a>'
            for a in n.attachments
        )
        items.append(f"<li>{escape(text)}<br>{files}</li>")
    rule = f'<p class="rule">{escape(tr("console.h1.rule"))}</p>'
    return card("h1-notices", tr("console.h1.title"), f"{rule}<ul>{''.join(items)}</ul>")


def cancellations(tr: Translator, d: RequestData) -> str:
    if not d.request.cancellations:
        return ""
    items = []
    for c in d.request.cancellations:
        lines = ", ".join(str(n) for n in c.line_nos) or tr("console.cancel.all_lines")
        decided = f"; {escape(c.decided_by)} {local(c.decided_at, d.zone)}" if c.decided_by else ""
        why = f": {escape(c.decision_reason)}" if c.decision_reason else ""
        items.append(
            f"<li><strong>{escape(c.number)}</strong> ({c.date}) "
            f'<span class="state {c.state.value.lower()}">'
            f"{escape(tr(f'console.cancel.state.{c.state.value}'))}</span> - "
            f"{escape(c.reason)} [{escape(tr('console.cancel.lines'))} {escape(lines)}]; "
            f"{escape(c.by)} {local(c.at, d.zone)}{decided}{why}</li>"
        )
    return card("cancellations", tr("console.cancel.title"), f"<ul>{''.join(items)}</ul>")


def audit(tr: Translator, d: RequestData) -> str:
    items = "".join(_event(tr, e, d.zone) for e in d.audit)
    return card("audit", tr("console.audit.title"), f'<ol class="trail">{items}</ol>')


def _event(tr: Translator, e: AuditEvent, zone: ZoneInfo) -> str:
    key = f"console.event.{e.action}"
    action = tr(key) if tr.has(key) else e.action
    move = f" ({e.from_status or '-'} &rarr; {e.to_status})" if e.to_status != e.from_status else ""
    role = tr(f"console.role.{e.role}") if tr.has(f"console.role.{e.role}") else e.role
    detail = _detail(e.detail)
    return (
        f"<li><time>{local(e.at, zone)}</time> <strong>{escape(action)}</strong>{move} - "
        f"{escape(e.actor)} ({escape(role)}, {escape(e.channel)})"
        f"{'; ' + detail if detail else ''}</li>"
    )


def _detail(detail: dict[str, Any]) -> str:
    parts = []
    for key, value in detail.items():
        if value is None or value == [] or value == "":
            continue
        parts.append(f"{escape(str(key))}: {escape(_short(value))}")
    return ", ".join(parts)


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 160 else text[:157] + "..."
