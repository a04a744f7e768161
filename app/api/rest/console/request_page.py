"""The request page: everything the office knows of one request, then the form of the step
the caller's role may take on it (action_forms.py)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from urllib.parse import quote
from zoneinfo import ZoneInfo

from app.adapters.i18n import Translator
from app.api.rest.console import request_history as history
from app.api.rest.console.cards import card, facts, text, yes_no
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
        history.checks(tr, d),
        history.seals(tr, d),
        history.notices(tr, d),
        history.cancellations(tr, d),
        history.audit(tr, d),
    )
    return [p for p in parts if p]


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
            f"{text(h.vessel_name)} / {text(h.voyage)} / {text(h.arrival_date)}",
        ),
        (
            tr("console.request.submitted"),
            f"{local(r.submitted_at, z)} ({escape(r.channel.value)})",
        ),
        (tr("console.request.deadline"), local(r.deadline_at, z)),
        (tr("console.request.sla"), sla_badge(tr, d.sla)),
    ]
    if h.yor_origin is not None or h.sor_origin is not None:
        rows.append((tr("console.request.yor"), f"{text(h.yor_origin)} / {text(h.sor_origin)}"))
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
    return card("summary", tr("console.request.summary"), facts(rows))


def _goods(tr: Translator, d: RequestData) -> str:
    cols = ("line", "goods", "manifest", "decision", "location", "seals", "gates")
    head = "".join(f'<th scope="col">{escape(tr(f"console.goods.col.{c}"))}</th>' for c in cols)
    history = d.request.seal_history()
    rows = "".join(_line_row(tr, d, line, history, cols) for line in d.request.lines)
    table = (
        f'<div class="scroll"><table class="stack" id="goods-table"><thead><tr>{head}</tr>'
        f"</thead><tbody>{rows}</tbody></table></div>"
    )
    return card("goods", tr("console.goods.title"), table)


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
    verdict = yes_no(tr, line.approved)
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
    return card("findings", tr("console.findings.title"), f"<ul>{items}</ul>")


def _research(tr: Translator, d: RequestData) -> str:
    aids = d.request.research_aids
    if not d.research or aids is None:
        return ""
    if not aids:
        return card(
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
    return card("research", tr("console.research.title"), f"{rule}<ul>{items}</ul>")


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
    return card("recommendations", tr("console.rec.title"), rule + facts(rows))


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
    return card("decision", tr("console.decision.title"), facts(rows))
