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

from app.adapters.conformance_report.texts import move_text, printable
from app.adapters.i18n import Translator
from app.domain.conformance.director import MoveKind
from app.domain.conformance.model import Action, Direction, Observed

WIDTH = 680
CLIENT, SIMULATOR, OFFICERS = 90, 320, 580  # lifelines' x
HEAD = 64  # lifeline boxes above the first message
ROW = 52  # a message and its reply
FOOT = 16
LABEL_CHARS = 34  # what fits between the client's and the simulator's lifelines at 12 px
MOVE_CHARS = 42  # between the simulator's and the officers', a little wider, at 11 px
FONT = "system-ui, sans-serif"
# moves the simulator makes on itself, not as an officer or the partner TPS
SIMULATOR_ACTS = frozenset(
    {
        MoveKind.ADVANCE_CLOCK,
        MoveKind.SET_CLOCK,
        MoveKind.DECLARE_OUTAGE,
        MoveKind.END_OUTAGE,
        MoveKind.REDELIVER,
    }
)
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
    kind = _kind(m)
    faulty = m.fault is not None
    parts = [
        f'<g class="msg" data-seq="{m.seq}"><title>{_text(_tooltip(m, tr))}</title>',
        f'<text x="4" y="{top + 22}" font-size="10" fill="{GREY}">{m.at:%H:%M:%S}</text>',
    ]
    if kind in ("officer", "self"):
        label = _cut(f"#{m.seq} {move_text(m.operation, tr)}", MOVE_CHARS)
        answer = _cut(_answer(m, tr), MOVE_CHARS)
        tone = RED if faulty else GREEN
        if kind == "self":  # the simulator's own act (clock, outage, redelivery): a loop
            parts.append(_loop(top + 10, tone))
            parts.append(_label(SIMULATOR + 38, top + 20, label, INK, "start", ' font-size="11"'))
            if answer:
                parts.append(_label(SIMULATOR + 38, top + 36, answer, GREY, "start"))
        else:
            middle = (OFFICERS + SIMULATOR) // 2
            parts.append(_label(middle, top + 13, label, INK, extra=' font-size="11"'))
            parts.append(_arrow(Arrow(OFFICERS, SIMULATOR, top + 18, tone)))
            if answer:
                parts.append(_label(middle, top + 36, answer, GREY))
    else:
        client = kind == "client"  # else a push: the simulator calls the client
        start, end, colour = (CLIENT, SIMULATOR, BLUE) if client else (SIMULATOR, CLIENT, PURPLE)
        middle = (start + end) // 2
        parts.append(_label(middle, top + 13, _cut(f"#{m.seq} {m.operation}", LABEL_CHARS), INK))
        parts.append(_arrow(Arrow(start, end, top + 18, colour)))
        lost = m.status is None
        tone = RED if faulty or lost or (m.status or 0) >= 400 else GREY
        parts.append(_label(middle, top + 37, _cut(_answer(m, tr), LABEL_CHARS), tone))
        parts.append(_arrow(Arrow(end, start, top + 42, tone, dashed=True, broken=lost)))
    if faulty:
        # beside the simulator's lifeline, on the side no arrow of this row crosses
        on_right = kind in ("client", "push")
        x, anchor = (SIMULATOR + 12, "start") if on_right else (SIMULATOR - 12, "end")
        text = _cut(_fault(m, tr), LABEL_CHARS)
        parts.append(_label(x, top + 30, text, RED, anchor, ' font-weight="bold"'))
    parts.append("</g>")
    return "".join(parts)


def _kind(m: Observed) -> str:
    if m.direction is Direction.CLIENT:
        return "client"
    if m.action is Action.PUSH:
        return "push"
    return "self" if m.operation in SIMULATOR_ACTS else "officer"


def _loop(y: int, colour: str) -> str:
    x = SIMULATOR
    return (
        f'<g class="arrow"><path d="M{x} {y} h28 v16 h-18" fill="none" stroke="{colour}" '
        f'stroke-width="1.5"/><polygon points="{x + 2},{y + 16} {x + 12},{y + 11} '
        f'{x + 12},{y + 21}" fill="{colour}"/></g>'
    )


def _answer(m: Observed, tr: Translator) -> str:
    """What came back: the HTTP status and result, or why nothing did, and the fault named."""
    if m.status is not None:
        said = str(m.status)
    else:  # an officer's act has no reply; any other message without one lost it
        said = "" if _kind(m) in ("officer", "self") else tr("conformance_report.diagram.dropped")
    return " ".join(p for p in (said, m.result) if p)


def _fault(m: Observed, tr: Translator) -> str:
    return f"\u26a1 {tr(f'conformance_report.fault.{m.fault.value}')}" if m.fault else ""


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


def _label(x: int, y: int, text: str, colour: str, anchor: str = "middle", extra: str = "") -> str:
    return (
        f'<text x="{x}" y="{y}" text-anchor="{anchor}" fill="{colour}"{extra}>{_text(text)}</text>'
    )


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _text(text: str) -> str:
    return escape(printable(text), quote=True)
