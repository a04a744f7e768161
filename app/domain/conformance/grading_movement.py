"""Grading of the movement scenarios: gate-out and gate-in reports with their codes, seals and
times, a decision delivered twice, the out-of-hours notice (PLP-11, 12, 13, 14)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from app.domain.conformance import evidence as ev
from app.domain.conformance.checks import CLOCK_SKEW_SECONDS, at, check, fetched
from app.domain.conformance.data import ScenarioData
from app.domain.conformance.model import Action, Check, Direction, Fault, Observed, ScenarioSpec
from app.domain.gate_report import GateMove

RULE = {GateMove.PLP_OUT: "M3", GateMove.PLP_IN: "M5"}
CODES = {
    GateMove.PLP_OUT: "KD_DOK 3 or 6 with KD_DOK_INOUT 3",
    GateMove.PLP_IN: "KD_DOK 5 with KD_DOK_INOUT 3",
}


def gate_checks(
    messages: Sequence[Observed],
    data: ScenarioData,
    kind: GateMove,
    after_move: str,
) -> list[Check]:
    """The containers reported with the right codes, the released seals and a plausible time."""
    rule = RULE[kind]
    ours = [
        m for m in ev.client(messages, Action.GATE_REPORT) if set(m.containers) & set(data.numbers)
    ]
    right = [m for m in ours if ev.gate_move(m) is kind]
    wrong = [m for m in ours if ev.gate_move(m) is not kind]
    missing = [c for c in data.approved if not any(c in m.containers for m in right)]
    checks = [
        check(
            "gate_reported",
            not missing,
            f"{kind.value} reported for {', '.join(data.approved)}",
            f"not reported: {', '.join(missing)}" if missing else f"reported at {at(right)}",
            rule,
            ev.seqs(right),
        ),
        check(
            "gate_codes",
            bool(ours) and not wrong,
            CODES[kind],
            ", ".join(_codes(m) for m in wrong)
            or (f"as expected at {at(ours)}" if ours else "no gate report"),
            "TPS Online §4.2-4.3",
            ev.seqs(wrong or ours),
        ),
    ]
    return [*checks, _seals(right, data), _times(messages, right, after_move, rule)]


def _codes(m: Observed) -> str:
    kd_dok, inout = m.details.get("kd_dok", "?"), m.details.get("kd_dok_inout", "?")
    return f"KD_DOK {kd_dok}/KD_DOK_INOUT {inout} at #{m.seq}"


def _seals(reports: list[Observed], data: ScenarioData) -> Check:
    bad: list[str] = []
    for m in reports:
        seals = ev.listed(m, "seals")
        for i, c in enumerate(m.containers):
            given = seals[i] if i < len(seals) else ""
            if data.seal_of(c) not in given.split("+"):
                bad.append(f"{c}: {given or 'no seal'} at #{m.seq}")
    return check(
        "gate_seals",
        bool(reports) and not bad,
        "the seals released: " + ", ".join(f"{c.number}={c.seal}" for c in data.containers),
        "; ".join(bad) or (f"as released at {at(reports)}" if reports else "no report"),
        "S1",
        ev.seqs(reports),
    )


def _times(
    messages: Sequence[Observed], reports: list[Observed], after_move: str, rule: str
) -> Check:
    before = ev.move(messages, after_move)
    if before is None:
        return check(
            "gate_time", False, f"a time after {after_move}", f"{after_move} never happened", "M6"
        )
    floor = ev.clock(before).replace(microsecond=0)  # wire times carry whole seconds
    bad: list[str] = []
    for m in reports:
        times = ev.listed(m, "gate_times") or [m.details.get("gate_time", "")] * len(m.containers)
        ceiling = ev.clock(m) + timedelta(seconds=CLOCK_SKEW_SECONDS)
        for c, text in zip(m.containers, times, strict=False):
            t = ev.time_or_none(text)
            if t is None or not floor <= t <= ceiling:
                bad.append(f"{c}: {text or 'no time'} at #{m.seq}")
    return check(
        "gate_time",
        bool(reports) and not bad,
        f"after {after_move} ({floor.isoformat()}), by arrival + {CLOCK_SKEW_SECONDS} s",
        "; ".join(bad) or (f"plausible at {at(reports)}" if reports else "no report"),
        f"M6; {rule}",
        [before.seq, *ev.seqs(reports)],
    )


def plp11(spec: ScenarioSpec, data: ScenarioData, messages: Sequence[Observed]) -> list[Check]:
    return gate_checks(messages, data, GateMove.PLP_OUT, "release")


def plp12(spec: ScenarioSpec, data: ScenarioData, messages: Sequence[Observed]) -> list[Check]:
    polled = fetched(
        messages, "approve", (Action.POLL_DESTINATION,), spec.rule, "destination_polled"
    )
    return [polled, *gate_checks(messages, data, GateMove.PLP_IN, "partner_gate_out")]


def plp13(spec: ScenarioSpec, data: ScenarioData, messages: Sequence[Observed]) -> list[Check]:
    twice = [
        m for m in ev.client(messages) if m.fault is Fault.DUPLICATE_DELIVERY and ev.delivered(m)
    ]
    pushes = [
        m
        for m in messages
        if m.direction is Direction.SIMULATOR and m.action is Action.PUSH and ev.delivered(m)
    ]
    again = twice + (pushes[1:2] if len(pushes) > 1 else [])
    reports = [m for m in ev.gate_reports(messages, GateMove.PLP_OUT) if ev.outcome(m) != ev.FAILED]
    counts = {c: sum(c in m.containers for m in reports) for c in data.approved}
    off = {c: n for c, n in counts.items() if n != 1}
    return [
        check(
            "delivered_twice",
            bool(again),
            "the approval handed over a second time (next poll or callback)",
            f"at {at(again)}" if again else "the client never polled again after the approval",
            spec.rule,
            ev.seqs(again),
        ),
        check(
            "gate_out_once",
            not off,
            "one PLP gate-out per container",
            ", ".join(f"{c} x{n}" for c, n in off.items()) or f"once each at {at(reports)}",
            spec.rule,
            ev.seqs(reports),
        ),
    ]


def plp14(spec: ScenarioSpec, data: ScenarioData, messages: Sequence[Observed]) -> list[Check]:
    notice = ev.first_accepted(messages, Action.OUT_OF_HOURS_NOTICE)
    outs = [
        m
        for m in ev.gate_reports(messages, GateMove.PLP_OUT)
        if set(m.containers) & set(data.numbers)
    ]
    first_out = outs[0] if outs else None
    in_time = notice is not None and first_out is not None and notice.seq < first_out.seq
    return [
        check(
            "notice_filed",
            notice is not None,
            "an out-of-hours notice accepted",
            f"at #{notice.seq}"
            if notice
            else f"none accepted ({at(ev.client(messages, Action.OUT_OF_HOURS_NOTICE))})",
            "H1",
            [notice.seq] if notice else [],
        ),
        check(
            "notice_before_gate_out",
            in_time,
            "the notice before the PLP gate-out",
            f"notice {'#' + str(notice.seq) if notice else 'none'}, gate-out {at(outs[:1])}",
            "H1",
            [s.seq for s in (notice, first_out) if s is not None],
        ),
    ]
