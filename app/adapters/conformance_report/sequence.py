"""A scenario's exchange as an inline SVG sequence diagram: three lifelines (the TPS client,
the DJBC simulator, the officers it plays), one numbered arrow per message in the order seen,
its reply under it, faults in red and a lost reply drawn as a broken arrow.

Plain SVG with presentation attributes and no ids, so many diagrams sit in one page, the page
needs no script, and a diagram copied out of it still draws the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from app.adapters.conformance_report.texts import printable
from app.adapters.i18n import Translator
from app.domain.conformance.model import Action, Direction, Observed

WIDTH = 640
CLIENT, SIMULATOR, OFFICERS = 90, 320, 550  # lifelines' x
HEAD = 64  # lifeline boxes above the first message
ROW = 52  # a message and its reply
FOOT = 16
LABEL_CHARS = 34  # what fits between two neighbouring lifelines at 12 px
FONT = "system-ui, sans-serif"
INK, GREY, BLUE, GREEN, PURPLE, RED = (
    "#1d2733",
    "#5f6b77",
    "#1565c0",
    "#2e7d32",
    "#6a1b9a",
    "#c62828",
)


@dataclass(frozen=True)
class Arrow:
    start: int
    end: int
    y: int
    colour: str
    dashed: bool = False
    broken: bool = False  # the reply never arrived


def height(count: int) -> int:
    return HEAD + count * ROW + FOOT


def diagram(messages: Sequence[Observed], tr: Translator, caption: str) -> str:
    total = height(len(messages))
    lanes = (
        (CLIENT, tr("conformance_report.lane.client")),
        (SIMULATOR, tr("conformance_report.lane.simulator")),
        (OFFICERS, tr("conformance_report.lane.officers")),
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sequence" viewBox="0 0 {WIDTH} {total}" '
        f'width="{WIDTH}" height="{total}" role="img" font-family="{FONT}" font-size="12">',
        f"<title>{_text(caption)}</title>",
    ]
    for x, name in lanes:
        parts.append(
            f'<g class="lane"><line x1="{x}" y1="{HEAD - 14}" x2="{x}" y2="{total - 6}" '
            f'stroke="{GREY}" stroke-dasharray="4 4"/>'
            f'<rect x="{x - 80}" y="10" width="160" height="36" rx="5" fill="#e8eef5" '
            f'stroke="{GREY}"/><text x="{x}" y="33" text-anchor="middle" font-weight="bold" '
            f'fill="{INK}">{_text(_cut(name, 22))}</text></g>'
        )
    parts += [_message(m, i, tr) for i, m in enumerate(messages)]
    parts.append("</svg>")
    return "".join(parts)


def _message(m: Observed, row: int, tr: Translator) -> str:
    top = HEAD + row * ROW
    officer = _officer(m)
    if m.direction is Direction.CLIENT:
        start, end, colour = CLIENT, SIMULATOR, BLUE
    elif officer:
        start, end, colour = OFFICERS, SIMULATOR, GREEN
    else:  # a push: the simulator calls the client
        start, end, colour = SIMULATOR, CLIENT, PURPLE
    faulty = m.fault is not None
    label = f"#{m.seq} {m.operation}"
    parts = [
        f'<g class="msg" data-seq="{m.seq}"><title>{_text(_tooltip(m, tr))}</title>',
        f'<text x="4" y="{top + 22}" font-size="10" fill="{GREY}">{m.at:%H:%M:%S}</text>',
        _label((start + end) // 2, top + 13, _cut(label, LABEL_CHARS), INK),
        _arrow(Arrow(start, end, top + 18, RED if faulty and officer else colour)),
    ]
    answer = _answer(m, tr)
    if officer:
        if answer:
            parts.append(_label((start + end) // 2, top + 36, _cut(answer, LABEL_CHARS), GREY))
    else:
        lost = m.status is None
        bad = faulty or lost or (m.status or 0) >= 400
        tone = RED if bad else GREY
        parts.append(_label((start + end) // 2, top + 37, _cut(answer, LABEL_CHARS), tone))
        parts.append(_arrow(Arrow(end, start, top + 42, tone, dashed=True, broken=lost)))
    if faulty:
        # beside the simulator's lifeline, on the side no arrow of this row crosses
        x, anchor = (SIMULATOR - 12, "end") if officer else (SIMULATOR + 12, "start")
        fault = (
            f'<text x="{x}" y="{top + 30}" text-anchor="{anchor}" fill="{RED}" font-weight="bold">'
        )
        parts.append(f"{fault}{_text(_cut(_fault(m, tr), LABEL_CHARS))}</text>")
    parts.append("</g>")
    return "".join(parts)


def _answer(m: Observed, tr: Translator) -> str:
    """What came back: the HTTP status and result, or why nothing did, and the fault named."""
    if m.status is not None:
        said = str(m.status)
    else:  # an officer's act has no reply; any other message without one lost it
        said = "" if _officer(m) else tr("conformance_report.diagram.dropped")
    return " ".join(p for p in (said, m.result) if p)


def _fault(m: Observed, tr: Translator) -> str:
    return f"\u26a1 {tr(f'conformance_report.fault.{m.fault.value}')}" if m.fault else ""


def _officer(m: Observed) -> bool:
    return m.direction is Direction.SIMULATOR and m.action is not Action.PUSH


def _tooltip(m: Observed, tr: Translator) -> str:
    lines = [f"#{m.seq} {m.at.isoformat(timespec='seconds')} {m.operation} ({m.action.value})"]
    if m.ref_number:
        lines.append(f"REF_NUMBER {m.ref_number}")
    if m.containers:
        lines.append(", ".join(m.containers))
    lines += [text for text in (_answer(m, tr), _fault(m, tr)) if text]
    return "\n".join(lines)


def _arrow(a: Arrow) -> str:
    dash = ' stroke-dasharray="6 4"' if a.dashed else ""
    step = 1 if a.end > a.start else -1
    if a.broken:
        # drawn from the replying side, stopping halfway at a cross: it never reached the caller
        middle = (a.start + a.end) // 2
        return (
            f'<g class="arrow broken"><line x1="{a.start}" y1="{a.y}" x2="{middle}" y2="{a.y}" '
            f'stroke="{a.colour}" stroke-width="1.5"{dash}/>'
            f'<path d="M{middle - 6} {a.y - 6} l12 12 m0 -12 l-12 12" stroke="{a.colour}" '
            'stroke-width="2.5"/></g>'
        )
    tip = a.end - step * 2
    return (
        f'<g class="arrow"><line x1="{a.start}" y1="{a.y}" x2="{tip - step * 8}" y2="{a.y}" '
        f'stroke="{a.colour}" stroke-width="1.5"{dash}/>'
        f'<polygon points="{tip},{a.y} {tip - step * 10},{a.y - 5} {tip - step * 10},{a.y + 5}" '
        f'fill="{a.colour}"/></g>'
    )


def _label(x: int, y: int, text: str, colour: str) -> str:
    return f'<text x="{x}" y="{y}" text-anchor="middle" fill="{colour}">{_text(text)}</text>'


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _text(text: str) -> str:
    return escape(printable(text), quote=True)
