"""The request page: everything the office knows of one request, then the form of the step
the caller's role may take on it (action_forms.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from app.adapters.i18n import Translator
from app.api.rest.console.formats import local, sla_badge
from app.domain.events import AuditEvent
from app.domain.lines import PlpLine
from app.domain.out_of_hours import OutOfHoursNotice
from app.domain.plp_request import PlpRequest
from app.domain.seals import SealRecord
from app.domain.sla import SlaStatus
from app.domain.status import PlpStatus
from app.domain.stock import GoodsPosition

PRINTABLE = frozenset(
    {PlpStatus.APPROVED, PlpStatus.RELEASED, PlpStatus.GATED_OUT, PlpStatus.ENTERED}
    | {PlpStatus.GATED_IN, PlpStatus.DISCREPANCY, PlpStatus.HELD, PlpStatus.RELEASE_REFUSED}
)


@dataclass(frozen=True)
class RequestData:
    request: PlpRequest
    audit: list[AuditEvent]
    sla: SlaStatus | None
    positions: dict[int, GoodsPosition | None]
    notices: list[OutOfHoursNotice]
    research: bool  # R5: the caller is a researching officer
    zone: ZoneInfo


def sections(tr: Translator, d: RequestData) -> list[str]:
    """The cards of the page, summary first."""
    parts = (
        _header(tr, d),
        _goods(tr, d),
        _findings(tr, d),
        _research(tr, d),
        _recommendations(tr, d),
        _decision(tr, d),
        _checks(tr, d),
        _seals(tr, d),
        _notices(tr, d),
        _cancellations(tr, d),
        _audit(tr, d),
    )
    return [p for p in parts if p]


def _card(section_id: str, title: str, body: str) -> str:
    return f'<section class="card" id="{section_id}"><h2>{escape(title)}</h2>{body}</section>'


def _facts(rows: Iterable[tuple[str, str]]) -> str:
    """Label and value pairs; values are HTML already escaped by the caller."""
    items = "".join(f"<dt>{escape(k)}</dt><dd>{v}</dd>" for k, v in rows)
    return f'<dl class="facts">{items}</dl>'


def _yes_no(tr: Translator, value: bool | None) -> str:
    if value is None:
        return escape(tr("console.value.undecided"))
    return escape(tr("console.value.yes" if value else "console.value.no"))


def _text(value: object) -> str:
    return "-" if value is None or value == "" else escape(str(value))


def approval_href(request: PlpRequest) -> str | None:
    d = request.decision
    if d is None or not d.approved or request.status not in PRINTABLE:
        return None
    return f"/console/requests/{quote(request.id)}/approval.pdf"


def _header(tr: Translator, d: RequestData) -> str:
    r, h, z = d.request, d.request.header, d.zone
    decision = r.decision
    status = (
        f'<span class="state" id="request-status" data-status="{r.status.value}">'
        f"{escape(tr(f'console.status.{r.status.value}'))}</span>"
    )
    rows = [
        (tr("console.request.status"), status),
        (tr("console.request.ref"), escape(h.ref_number)),
        (tr("console.request.letter"), f"{escape(h.letter_number)} ({h.letter_date})"),
        (
            tr("console.request.applicant"),
            f"{escape(r.applicant_tps)} - {escape(h.applicant_name)}",
        ),
        (
            tr("console.request.route"),
            f"{escape(h.origin_tps)} ({escape(h.origin_gudang)}) &rarr; "
            f"{escape(h.destination_tps)} ({escape(h.destination_gudang)})",
        ),
        (
            tr("console.request.reason"),
            f"{escape(tr(f'console.reason.{h.reason.value}'))} ({escape(h.reason.value)})",
        ),
        (tr("console.request.bc11"), f"{escape(h.bc11_number)} ({h.bc11_date})"),
        (
            tr("console.request.vessel"),
            f"{_text(h.vessel_name)} / {_text(h.voyage)} / {_text(h.arrival_date)}",
        ),
        (
            tr("console.request.submitted"),
            f"{local(r.submitted_at, z)} ({escape(r.channel.value)})",
        ),
        (tr("console.request.deadline"), local(r.deadline_at, z)),
        (tr("console.request.sla"), sla_badge(tr, d.sla)),
    ]
    if h.yor_origin is not None or h.sor_origin is not None:
        rows.append((tr("console.request.yor"), f"{_text(h.yor_origin)} / {_text(h.sor_origin)}"))
    if h.judgement_number:
        rows.append(
            (tr("console.request.judgement"), f"{escape(h.judgement_number)} ({h.judgement_date})")
        )
    if decision and decision.plp_number:
        rows.append(
            (
                tr("console.request.plp_number"),
                f"{escape(decision.plp_number)} ({decision.plp_date})",
            )
        )
    href = approval_href(r)
    if href:
        link = (
            f'<a href="{href}" id="approval-pdf">{escape(tr("console.request.approval_pdf"))}</a>'
        )
        rows.append((tr("console.request.approval"), link))
    return _card("summary", tr("console.request.summary"), _facts(rows))


def _goods(tr: Translator, d: RequestData) -> str:
    cols = ("line", "goods", "manifest", "decision", "location", "seals", "gates")
    head = "".join(f'<th scope="col">{escape(tr(f"console.goods.col.{c}"))}</th>' for c in cols)
    history = d.request.seal_history()
    rows = "".join(_line_row(tr, d, line, history, cols) for line in d.request.lines)
    table = (
        f'<div class="scroll"><table class="stack" id="goods-table"><thead><tr>{head}</tr>'
        f"</thead><tbody>{rows}</tbody></table></div>"
    )
    return _card("goods", tr("console.goods.title"), table)


def _line_row(
    tr: Translator,
    d: RequestData,
    line: PlpLine,
    history: dict[str, list[SealRecord]],
    cols: tuple[str, ...],
) -> str:
    c, p, m = line.container, line.package, line.manifest
    if c:
        goods = (
            f"{escape(c.number)} ({escape(c.size)}{' ' + escape(c.iso_type) if c.iso_type else ''})"
        )
    elif p:
        goods = f"{p.count} {escape(p.package_type)}, B/L {escape(p.bl_number)} ({p.bl_date})"
    else:
        goods = "-"
    manifest = (
        "-"
        if m is None
        else f"pos {escape(m.pos_number)}, {escape(m.consignee)}"
        + (f", master B/L {escape(m.master_bl_number)}" if m.master_bl_number else "")
    )
    verdict = _yes_no(tr, line.approved)
    if line.reject_reason:
        verdict += f" - {escape(line.reject_reason)}"
    if line.cancelled:
        verdict += f" ({escape(tr('console.goods.cancelled'))})"
    seals = history.get(c.number, []) if c else []
    cells = (
        str(line.line_no),
        goods,
        manifest,
        verdict,
        _position(tr, d.positions.get(line.line_no), d.zone),
        _seal_summary(seals),
        f"{escape(tr('console.goods.out'))} {local(line.gated_out_at, d.zone)}<br>"
        f"{escape(tr('console.goods.in'))} {local(line.gated_in_at, d.zone)}",
    )
    tds = "".join(
        f'<td data-label="{escape(tr(f"console.goods.col.{k}"))}">{v}</td>'
        for k, v in zip(cols, cells, strict=True)
    )
    return f'<tr id="line-{line.line_no}">{tds}</tr>'


def _position(tr: Translator, p: GoodsPosition | None, zone: ZoneInfo) -> str:
    if p is None:
        return escape(tr("console.stock.ON_BOARD"))
    where = f" {escape(p.tps_code)}" if p.tps_code else ""
    gudang = f"/{escape(p.gudang)}" if p.gudang else ""
    since = f" ({local(p.since, zone)})" if p.since else ""
    return f"{escape(tr(f'console.stock.{p.status.value}'))}{where}{gudang}{since}"


def _seal_summary(records: list[SealRecord]) -> str:
    if not records:
        return "-"
    last = records[-1]
    mark = f" &#9888; {escape(last.discrepancy)}" if last.discrepancy else ""
    return f"{escape(' '.join(last.numbers) or '-')} ({escape(last.stage.value)}){mark}"


def _findings(tr: Translator, d: RequestData) -> str:
    if not d.request.findings:
        return ""
    line = tr("console.goods.col.line")
    items = "".join(
        f"<li><strong>{escape(f.rule)}</strong>"
        + (f" ({escape(line)} {f.line_no})" if f.line_no else "")
        + f": {escape(f.detail)}</li>"
        for f in d.request.findings
    )
    return _card("findings", tr("console.findings.title"), f"<ul>{items}</ul>")


def _research(tr: Translator, d: RequestData) -> str:
    aids = d.request.research_aids
    if not d.research or aids is None:
        return ""
    if not aids:
        return _card(
            "research",
            tr("console.research.title"),
            f"<p>{escape(tr('console.research.none'))}</p>",
        )
    items = "".join(
        f'<li><span class="state {"pass" if a.passed else "fail"}">'
        f"{escape(tr('console.research.pass' if a.passed else 'console.research.fail'))}</span> "
        f"<strong>{escape(a.code)}</strong>: {escape(a.message)}</li>"
        for a in aids
    )
    rule = f'<p class="rule">{escape(tr("console.research.rule"))}</p>'
    return _card("research", tr("console.research.title"), f"{rule}<ul>{items}</ul>")


def _recommendations(tr: Translator, d: RequestData) -> str:
    r = d.request
    kinds = ["manifest", "p2"] if r.needs_p2 else ["manifest"]
    rows = []
    for kind in kinds:
        rec = r.manifest_rec if kind == "manifest" else r.p2_rec
        if rec is None:
            value = f'<span class="muted">{escape(tr("console.rec.missing"))}</span>'
        else:
            verdict = tr("console.rec.approve" if rec.approve else "console.rec.reject")
            value = (
                f"{escape(verdict)} - {escape(rec.by)}, {local(rec.at, d.zone)}"
                f"{': ' + escape(rec.note) if rec.note else ''}"
            )
        rows.append((tr(f"console.rec.{kind}"), value))
    rule_text = tr("console.rec.rule_r1") if r.needs_p2 else tr("console.rec.rule_r2")
    rule = f'<p class="rule">{escape(rule_text)}</p>'
    return _card("recommendations", tr("console.rec.title"), rule + _facts(rows))


def _decision(tr: Translator, d: RequestData) -> str:
    dec = d.request.decision
    if dec is None:
        return ""
    verdict = tr("console.decision.approved" if dec.approved else "console.decision.rejected")
    rows = [
        (tr("console.decision.verdict"), escape(verdict)),
        (tr("console.decision.by"), f"{escape(dec.by)}, {local(dec.at, d.zone)}"),
    ]
    if dec.plp_number:
        rows.append(
            (tr("console.request.plp_number"), f"{escape(dec.plp_number)} ({dec.plp_date})")
        )
    if dec.reason:
        rows.append((tr("console.decision.reason"), escape(dec.reason)))
    return _card("decision", tr("console.decision.title"), _facts(rows))


def _checks(tr: Translator, d: RequestData) -> str:
    r, z = d.request, d.zone
    blocks = []
    o = r.origin_check
    if o is not None:
        seals = "; ".join(f"{s.container}: {' '.join(s.numbers)}" for s in o.seals)
        rows = [
            (tr("console.check.matched"), _yes_no(tr, o.matched)),
            (tr("console.check.seals"), _text(seals or None)),
            (
                tr("console.check.escorted"),
                _yes_no(tr, o.escorted) + (f" ({escape(o.escort)})" if o.escort else ""),
            ),
            (tr("console.check.note"), _text(o.note)),
            (tr("console.decision.by"), f"{escape(o.by)}, {local(o.at, z)}"),
        ]
        blocks.append(f"<h3>{escape(tr('console.check.origin'))}</h3>{_facts(rows)}")
    dc = r.destination_check
    if dc is not None:
        seals = "; ".join(
            f"{s.container}: {' '.join(s.numbers)}{'' if s.intact else ' (!)'}" for s in dc.seals
        )
        rows = [
            (tr("console.check.matched"), _yes_no(tr, dc.matched)),
            (tr("console.check.seal_opened"), _yes_no(tr, dc.seal_opened)),
            (tr("console.check.seals"), _text(seals or None)),
            (tr("console.check.note"), _text(dc.note)),
            (tr("console.decision.by"), f"{escape(dc.by)}, {local(dc.at, z)}"),
        ]
        blocks.append(f"<h3>{escape(tr('console.check.destination'))}</h3>{_facts(rows)}")
    inv = r.investigation
    if inv is not None:
        rows = [
            (tr("console.check.outcome"), escape(tr(f"console.investigation.{inv.outcome}"))),
            (
                tr("console.check.document"),
                f"{_text(inv.document_number)} ({_text(inv.document_date)})",
            ),
            (tr("console.check.note"), _text(inv.note)),
            (tr("console.decision.by"), f"{escape(inv.by)}, {local(inv.at, z)}"),
        ]
        blocks.append(f"<h3>{escape(tr('console.check.investigation'))}</h3>{_facts(rows)}")
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
    return _card("checks", tr("console.check.title"), "".join(blocks))


def _seals(tr: Translator, d: RequestData) -> str:
    history = d.request.seal_history()
    if not history:
        return ""
    rows = "".join(
        f"<tr><td>{escape(container)}</td><td>{escape(tr(f'console.seal.{x.stage.value}'))}</td>"
        f"<td>{escape(' '.join(x.numbers) or '-')}</td><td>{local(x.at, d.zone)}</td>"
        f"<td>{escape(x.by)}</td><td>{_text(x.discrepancy)}</td></tr>"
        for container, records in history.items()
        for x in records
    )
    cols = ("container", "stage", "numbers", "at", "by", "discrepancy")
    head = "".join(f'<th scope="col">{escape(tr(f"console.seal.col.{c}"))}</th>' for c in cols)
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    return _card("seal-chain", tr("console.seal.title"), f'<div class="scroll">{table}</div>')


def _notices(tr: Translator, d: RequestData) -> str:
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
    return _card("h1-notices", tr("console.h1.title"), f"{rule}<ul>{''.join(items)}</ul>")


def _cancellations(tr: Translator, d: RequestData) -> str:
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
    return _card("cancellations", tr("console.cancel.title"), f"<ul>{''.join(items)}</ul>")


def _audit(tr: Translator, d: RequestData) -> str:
    items = "".join(_event(tr, e, d.zone) for e in d.audit)
    return _card("audit", tr("console.audit.title"), f'<ol class="trail">{items}</ol>')


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
