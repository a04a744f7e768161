"""A run's report as one self-contained HTML page: inline CSS, an inline SVG sequence diagram
per scenario, no script and nothing fetched from anywhere, so it is served under the strict CSP
of our pages and read the same when downloaded and opened from a disk.

Readable from a phone to a desk screen without sideways scrolling of the page: tables wrap long
ids, excerpts wrap inside their boxes, the check table stacks its cells on a narrow screen, and
only a diagram too wide for a phone scrolls, inside its own frame. Everything from the run is
escaped (excerpts are XML and JSON the client sent).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from html import escape

from app.adapters.conformance_report import sequence
from app.adapters.conformance_report.texts import (
    check_text,
    client_part,
    moment,
    move_text,
    not_listed,
    outcome_name,
    printable,
    quirk_text,
    run_quirks,
    simulator_part,
    title,
    values_of,
)
from app.adapters.i18n import Translator
from app.domain.conformance.model import (
    Action,
    Check,
    Direction,
    Observed,
    Outcome,
    RunReport,
    ScenarioResult,
)

MEDIA_TYPE = "text/html; charset=utf-8"
STYLE = """
  *, *::before, *::after { box-sizing: border-box; }
  body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1d2733; background: #f4f6f8; }
  header { background: #12395c; color: #fff; padding: 12px 20px; }
  header h1 { font-size: 19px; margin: 0; }
  header p { margin: 2px 0 0; color: #d3deea; }
  main { padding: 12px 20px; max-width: 1100px; }
  section { background: #fff; border-radius: 6px; padding: 10px 14px; margin-bottom: 14px;
            box-shadow: 0 1px 2px rgba(0, 0, 0, .12); }
  h2 { font-size: 17px; margin: 0 0 8px; }
  h3 { font-size: 15px; margin: 14px 0 6px; }
  h4 { font-size: 14px; margin: 0 0 4px; }
  main, td, th, dd, p, li, h2, h4, pre, code, summary { overflow-wrap: anywhere; }
  table { border-collapse: collapse; width: 100%; table-layout: fixed; }
  th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid #e3e7eb;
           vertical-align: top; }
  table.facts th { width: 34%; }
  table.index td:first-child, table.index th:first-child { width: 6.5em; }
  table.index td:last-child, table.index th:last-child { width: 11em; }
  table.checks th:nth-child(1) { width: 8.5em; }
  table.checks th:nth-child(5) { width: 9em; }
  td .badge { white-space: normal; }
  table.checks th:nth-child(6) { width: 6.5em; }
  tr.miss td { background: #fdf1f1; }
  dl { margin: 0; display: grid; grid-template-columns: minmax(8em, 30%) 1fr; gap: 2px 12px; }
  dt { font-weight: bold; color: #3a4652; }
  dd { margin: 0; min-width: 0; }
  .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 13px;
           font-weight: bold; white-space: nowrap; vertical-align: middle; }
  .passed { background: #e3f2e5; color: #1b5e20; }
  .failed { background: #fde0e0; color: #8e1b1b; }
  .not_attempted { background: #eceff1; color: #455a64; }
  .running { background: #fff3cd; color: #7a5200; }
  ul.counts { list-style: none; padding: 0; margin: 0 0 8px; display: flex; flex-wrap: wrap;
              gap: 6px; }
  figure.diagram { margin: 0; overflow-x: auto; border: 1px solid #e3e7eb; border-radius: 4px; }
  figure.diagram svg { display: block; width: 100%; min-width: 600px; max-width: 820px;
                       height: auto; }
  details { margin-top: 10px; }
  summary { cursor: pointer; font-weight: bold; }
  article.message { border-top: 1px solid #e3e7eb; padding: 8px 0; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 4px 0; padding: 6px 8px;
        background: #f6f8fa; border: 1px solid #e3e7eb; border-radius: 4px; font-size: 12px;
        max-height: 24em; overflow-y: auto; }
  .muted { color: #5f6b77; font-size: 13px; }
  .verdict { font-weight: bold; padding: 8px 12px; border-radius: 6px; }
  .fault { color: #c62828; font-weight: bold; }
  footer { padding: 0 20px 16px; }
  @media (max-width: 640px) {
    header, main { padding-left: 10px; padding-right: 10px; }
    section { padding: 8px 10px; }
    dl { grid-template-columns: 1fr; }
    dd { margin-bottom: 6px; }
    table.checks thead { display: none; }
    table.checks, table.checks tbody, table.checks tr, table.checks td { display: block;
      width: 100%; }
    table.checks tr { border-bottom: 2px solid #cfd6dd; padding: 4px 0; }
    table.checks td { border: 0; padding: 2px 4px; }
    table.checks td::before { content: attr(data-label) ": "; font-weight: bold; }
  }
"""


def render(report: RunReport, tr: Translator) -> str:
    heading = tr("conformance_report.title")
    sub = f"{report.run_id} · {report.tps} · {report.protocol.value}"
    body = "\n".join(
        (
            _run(report, tr),
            _summary(report, tr),
            _not_listed(report, tr),
            _quirks(report, tr),
            *(_scenario(r, tr) for r in report.results),
        )
    )
    return (
        f'<!doctype html>\n<html lang="{_e(tr.language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{_e(heading)}: {_e(sub)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"<header><h1>{_e(heading)}</h1><p>{_e(sub)}</p></header>\n<main>\n{body}\n</main>\n"
        f'<footer class="muted">{_e(tr("conformance_report.footer"))}</footer>\n'
        "</body>\n</html>\n"
    )


def _run(report: RunReport, tr: Translator) -> str:
    switch = tr(
        "conformance_report.switch.on" if report.quirks else "conformance_report.switch.off"
    )
    finished = moment(report.finished_at) or tr("conformance_report.run.unfinished")
    rows = (
        (tr("conformance_report.run.id"), report.run_id),
        (tr("conformance_report.run.account"), report.account),
        (tr("conformance_report.run.tps"), report.tps),
        (tr("conformance_report.run.protocol"), report.protocol.value),
        (tr("conformance_report.run.quirks"), switch),
        (tr("conformance_report.run.opened"), moment(report.opened_at)),
        (tr("conformance_report.run.finished"), finished),
    )
    return _section("run", tr("conformance_report.run.heading"), _facts(rows))


def _summary(report: RunReport, tr: Translator) -> str:
    counts = "".join(
        f"<li>{_badge(o, tr)} {report.count(o)}</li>" for o in Outcome if report.count(o)
    )
    total = tr("conformance_report.summary.total", count=len(report.results))
    head = (
        f"<tr><th>{_e(tr('conformance_report.index.id'))}</th>"
        f"<th>{_e(tr('conformance_report.index.scenario'))}</th>"
        f"<th>{_e(tr('conformance_report.index.outcome'))}</th></tr>"
    )
    rows = "".join(
        f'<tr><td><a href="#{_anchor(r.scenario.id)}">{_e(r.scenario.id)}</a></td>'
        f"<td>{_e(title(r.scenario, tr, values_of(r)))}</td><td>{_badge(r.outcome, tr)}</td></tr>"
        for r in report.results
    )
    body = (
        f'<p>{_e(total)}</p>{_verdict(report, tr)}<ul class="counts">{counts}</ul>'
        f'<table class="index"><thead>{head}</thead><tbody>{rows}</tbody></table>'
    )
    return _section("summary", tr("conformance_report.summary.heading"), body)


def _verdict(report: RunReport, tr: Translator) -> str:
    failed = report.count(Outcome.FAILED)
    open_ = report.count(Outcome.NOT_ATTEMPTED) + report.count(Outcome.RUNNING)
    if failed:
        tone, text = "failed", tr("conformance_report.verdict.failed", count=failed)
    elif open_:
        tone, text = "running", tr("conformance_report.verdict.incomplete", count=open_)
    else:
        tone, text = "passed", tr("conformance_report.verdict.passed")
    return f'<p class="verdict {tone}">{_e(text)}</p>'


def _not_listed(report: RunReport, tr: Translator) -> str:
    missing = not_listed(report, tr)
    if not missing:
        return ""
    items = "".join(
        f"<li><b>{_e(spec.id)} {_e(title(spec, tr))}</b>: {_e(reason)}</li>"
        for spec, reason in missing
    )
    return _section("not-listed", tr("conformance_report.unlisted.heading"), f"<ul>{items}</ul>")


def _quirks(report: RunReport, tr: Translator) -> str:
    names = run_quirks(report)
    if not report.quirks:
        body = f"<p>{_e(tr('conformance_report.quirks.off'))}</p>"
    elif not names:
        body = f"<p>{_e(tr('conformance_report.quirks.none'))}</p>"
    else:
        items = []
        for name in names:
            where = ", ".join(r.scenario.id for r in report.results if name in r.quirks)
            text, seen = (
                quirk_text(name, tr),
                tr("conformance_report.quirks.where", scenarios=where),
            )
            items.append(
                f"<li><code>{_e(name)}</code>{': ' + _e(text) if text else ''} "
                f'<span class="muted">({_e(seen)})</span></li>'
            )
        body = f"<ul>{''.join(items)}</ul>"
    return _section("quirks", tr("conformance_report.quirks.heading"), body)


def _scenario(result: ScenarioResult, tr: Translator) -> str:
    spec, values = result.scenario, values_of(result)
    name = f"{spec.id} {title(spec, tr, values)}"
    facts = [
        (tr("conformance_report.scenario.simulator"), simulator_part(spec, tr, values)),
        (tr("conformance_report.scenario.client"), client_part(spec, tr, values)),
        (tr("conformance_report.scenario.rule"), spec.rule),
    ]
    if spec.faults:
        faults = ", ".join(
            f"{tr(f'conformance_report.fault.{f.value}')} ({f.value})" for f in spec.faults
        )
        facts.append((tr("conformance_report.scenario.faults"), faults))
    if spec.params:
        facts.append((tr("conformance_report.scenario.params"), _pairs(spec.params)))
    if result.started_at:
        span = f"{moment(result.started_at)} / {moment(result.finished_at) or '…'}"
        facts.append((tr("conformance_report.scenario.time"), span))
    parts = [
        f"<h2>{_e(name)} {_badge(result.outcome, tr)}</h2>",
        "<dl>" + "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in facts) + "</dl>",
    ]
    if result.data:
        parts.append(f"<h3>{_e(tr('conformance_report.scenario.data'))}</h3>")
        parts.append(_facts((_data_label(k, tr), v) for k, v in result.data.items()))
    parts.append(f"<h3>{_e(tr('conformance_report.scenario.checks'))}</h3>")
    parts.append(_checks(result, tr))
    parts.append(f"<h3>{_e(tr('conformance_report.scenario.exchange'))}</h3>")
    if result.messages:
        caption = tr("conformance_report.diagram.caption", scenario=name)
        svg = sequence.diagram(result.messages, tr, caption)
        parts.append(f'<figure class="diagram">{svg}</figure>')
        parts.append(_evidence(result, tr))
    else:
        parts.append(f'<p class="muted">{_e(tr("conformance_report.scenario.no_messages"))}</p>')
    if result.quirks:
        parts.append(f"<h3>{_e(tr('conformance_report.scenario.quirks'))}</h3>")
        parts.append(
            "<ul>"
            + "".join(
                f"<li><code>{_e(q)}</code> {_e(quirk_text(q, tr))}</li>" for q in result.quirks
            )
            + "</ul>"
        )
    return (
        f'<section class="scenario {result.outcome.value}-scenario" id="{_anchor(spec.id)}">'
        + "".join(parts)
        + "</section>"
    )


def _checks(result: ScenarioResult, tr: Translator) -> str:
    if not result.checks:
        return f'<p class="muted">{_e(tr("conformance_report.scenario.no_checks"))}</p>'
    labels = (
        tr("conformance_report.check.result"),
        tr("conformance_report.check.expectation"),
        tr("conformance_report.check.expected"),
        tr("conformance_report.check.observed"),
        tr("conformance_report.check.rule"),
        tr("conformance_report.check.evidence"),
    )
    head = "".join(f"<th>{_e(label)}</th>" for label in labels)
    rows = "".join(_check(result, c, labels, tr) for c in result.checks)
    return f'<table class="checks"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _check(result: ScenarioResult, c: Check, labels: tuple[str, ...], tr: Translator) -> str:
    verdict = tr("conformance_report.check.met" if c.passed else "conformance_report.check.missed")
    tone = "passed" if c.passed else "failed"
    evidence = " ".join(
        f'<a href="#{_anchor(result.scenario.id)}-m{seq}">#{seq}</a>' for seq in c.evidence
    )
    cells = (
        f'<span class="badge {tone}">{_e(verdict)}</span>',
        _e(check_text(c, tr, values_of(result))),
        f"<code>{_e(c.expected)}</code>",
        f"<code>{_e(c.observed)}</code>",
        _e(c.rule),
        evidence or "-",
    )
    tds = "".join(
        f'<td data-label="{_e(label)}">{cell}</td>'
        for label, cell in zip(labels, cells, strict=True)
    )
    return f'<tr class="{"hit" if c.passed else "miss"}">{tds}</tr>'


def _evidence(result: ScenarioResult, tr: Translator) -> str:
    summary = tr("conformance_report.scenario.evidence", count=len(result.messages))
    items = "".join(_message(result, m, tr) for m in result.messages)
    return f"<details><summary>{_e(summary)}</summary>{items}</details>"


def _message(result: ScenarioResult, m: Observed, tr: Translator) -> str:
    direction = tr(
        "conformance_report.direction.client"
        if m.direction is Direction.CLIENT
        else "conformance_report.direction.simulator"
    )
    status = str(m.status) if m.status is not None else tr("conformance_report.diagram.dropped")
    facts: list[tuple[str, str]] = [
        (tr("conformance_report.message.at"), moment(m.at)),
        (tr("conformance_report.message.direction"), direction),
        (tr("conformance_report.message.action"), f"{m.action.value} ({m.protocol.value})"),
        (tr("conformance_report.message.status"), status),
    ]
    if m.result:
        facts.append((tr("conformance_report.message.result"), m.result))
    if m.ref_number:
        facts.append(("REF_NUMBER", m.ref_number))
    if m.containers:
        facts.append((tr("conformance_report.message.containers"), ", ".join(m.containers)))
    facts += list(m.details.items())
    fault = ""
    if m.fault:
        named = tr(f"conformance_report.fault.{m.fault.value}")
        fault = (
            f'<p class="fault">{_e(tr("conformance_report.message.fault"))}: '
            f"{_e(named)} ({_e(m.fault.value)})</p>"
        )
    excerpts = "".join(
        f"<h4>{_e(label)}</h4><pre>{_e(text)}</pre>"
        for label, text in (
            (tr("conformance_report.message.request"), m.request),
            (tr("conformance_report.message.reply"), m.reply),
        )
        if text
    )
    return (
        f'<article class="message" id="{_anchor(result.scenario.id)}-m{m.seq}">'
        f"<h4>#{m.seq} {_e(_operation(m, tr))}</h4>{fault}"
        + "<dl>"
        + "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in facts)
        + f"</dl>{excerpts}</article>"
    )


def _operation(m: Observed, tr: Translator) -> str:
    if m.direction is Direction.SIMULATOR and m.action is not Action.PUSH:
        said = move_text(m.operation, tr)
        return said if said == m.operation else f"{said} ({m.operation})"
    return m.operation


def _data_label(name: str, tr: Translator) -> str:
    key = f"conformance_report.data.{name}"
    return f"{tr(key)} ({name})" if tr.has(key) else name


def _facts(rows: Iterable[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows)
    return f'<table class="facts"><tbody>{cells}</tbody></table>'


def _pairs(values: Mapping[str, str]) -> str:
    return ", ".join(f"{k} = {v}" for k, v in values.items())


def _badge(outcome: Outcome, tr: Translator) -> str:
    return f'<span class="badge {outcome.value}">{_e(outcome_name(outcome, tr))}</span>'


def _section(kind: str, heading: str, body: str) -> str:
    return f'<section class="{kind}" id="{kind}"><h2>{_e(heading)}</h2>{body}</section>'


def _anchor(scenario_id: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", scenario_id.lower()).strip("-") or "scenario"


def _e(text: str) -> str:
    return escape(printable(text), quote=True)
