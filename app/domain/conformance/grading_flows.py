"""Grading of the scenarios that follow a decision: responses by poll and on demand, rejected
goods, the cancellation, the quirks (PLP-02, 03, 04, 05, 10, 17)."""

from __future__ import annotations

from collections.abc import Sequence

from app.domain.conformance import evidence as ev
from app.domain.conformance.checks import at, check, fetched, no_gate_out, poll_rate
from app.domain.conformance.checks import submission_accepted as accepted
from app.domain.conformance.data import ScenarioData
from app.domain.conformance.model import Action, Check, Fault, Observed, ScenarioSpec

A = Action
ANY_POLL = (A.POLL_RESPONSE, A.ON_DEMAND)


def plp02(spec: ScenarioSpec, data: ScenarioData, messages: Sequence[Observed]) -> list[Check]:
    wanted = int(spec.params.get("empty_polls", "2"))
    sub = ev.first_accepted(messages, A.SUBMIT)
    polls = ev.client(ev.after(messages, sub.seq), A.POLL_RESPONSE) if sub else []
    empty = [p for p in polls if ev.outcome(p) == ev.EMPTY]
    return [
        accepted(messages, spec.rule),
        check(
            "kept_polling",
            len(empty) >= wanted,
            f"polling goes on after {wanted} 'Data tidak ditemukan' answers",
            f"{len(empty)} empty answer(s) ({at(empty)})",
            spec.rule,
            ev.seqs(empty),
        ),
        fetched(messages, "approve", (A.POLL_RESPONSE,), spec.rule),
        *poll_rate(spec, messages),
    ]


def plp03(spec: ScenarioSpec, data: ScenarioData, messages: Sequence[Observed]) -> list[Check]:
    return [
        accepted(messages, spec.rule),
        fetched(messages, "reject_lines", ANY_POLL, spec.rule),
        no_gate_out(messages, data.rejected, "M1; R3"),
    ]


def plp04(spec: ScenarioSpec, data: ScenarioData, messages: Sequence[Observed]) -> list[Check]:
    return [
        accepted(messages, spec.rule),
        fetched(messages, "reject_all", ANY_POLL, spec.rule),
        no_gate_out(messages, data.numbers, "M1; R3"),
    ]


def plp05(spec: ScenarioSpec, data: ScenarioData, messages: Sequence[Observed]) -> list[Check]:
    cut = next(
        (m for m in ev.client(messages, A.POLL_RESPONSE) if m.fault is Fault.TRUNCATED_REPLY), None
    )
    checks = [
        accepted(messages, spec.rule),
        check(
            "fault_met",
            cut is not None,
            "a poll after the approval meets the cut reply",
            f"at #{cut.seq}" if cut else "no poll after the approval",
            spec.rule,
            [cut.seq] if cut else [],
        ),
    ]
    if cut is None:
        return checks
    approval = ev.move(messages, "approve")
    keys = ev.keys_of(approval) if approval else set()
    asked = ev.client(ev.after(messages, cut.seq), A.ON_DEMAND)
    got = next((m for m in asked if ev.delivered(m, keys)), None)
    checks.append(
        check(
            "on_demand_after_cut",
            got is not None,
            f"the response asked again on demand after #{cut.seq}",
            f"handed over at #{got.seq}" if got else f"on-demand: {at(asked)}",
            spec.rule,
            [cut.seq, got.seq] if got else [cut.seq, *ev.seqs(asked)],
        )
    )
    return checks


def plp10(spec: ScenarioSpec, data: ScenarioData, messages: Sequence[Observed]) -> list[Check]:
    approval = ev.move(messages, "approve")
    cancels = ev.client(ev.after(messages, approval.seq), A.CANCEL) if approval else []
    filed = next((m for m in cancels if ev.outcome(m) == ev.ACCEPTED), None)
    return [
        accepted(messages, spec.rule),
        check(
            "cancellation_filed",
            filed is not None,
            "a cancellation of the approved PLP accepted",
            f"at #{filed.seq}" if filed else f"cancellations after the approval: {at(cancels)}",
            spec.rule,
            [filed.seq] if filed else ev.seqs(cancels),
        ),
        fetched(
            messages,
            "decide_cancellation",
            (A.POLL_CANCELLATION,),
            spec.rule,
            "cancellation_fetched",
        ),
    ]


def plp17(spec: ScenarioSpec, data: ScenarioData, messages: Sequence[Observed]) -> list[Check]:
    return [
        accepted(messages, spec.rule),
        fetched(messages, "approve", ANY_POLL, spec.rule),
    ]
