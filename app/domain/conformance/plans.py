"""Each scenario's plan: the moves the simulator makes in reaction to the evidence so far,
each with the moves it needs done first (see director.py for how the run carries them out)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from app.domain.conformance import evidence as ev
from app.domain.conformance.data import ScenarioData
from app.domain.conformance.model import Action, Observed, Protocol, ScenarioSpec
from app.domain.conformance.moves import Move, MoveKind

K = MoveKind


Plan = list[tuple[Move, tuple[str, ...]]]  # each move with the moves it needs done first


def nothing(spec: ScenarioSpec, data: ScenarioData, messages: Sequence[Observed]) -> Plan:
    return []


def _approve_then_release(
    spec: ScenarioSpec, data: ScenarioData, messages: Sequence[Observed]
) -> Plan:
    return _on_accepted(messages, lambda ref: [*_approval(ref), _release(data, ref, "approve")])


def _approve(spec: ScenarioSpec, data: ScenarioData, messages: Sequence[Observed]) -> Plan:
    return _on_accepted(messages, _approval)


def _approve_after_empty_polls(
    spec: ScenarioSpec, data: ScenarioData, messages: Sequence[Observed]
) -> Plan:
    accepted = ev.first_accepted(messages, Action.SUBMIT)
    if accepted is None:
        return []
    polls = ev.client(ev.after(messages, accepted.seq), Action.POLL_RESPONSE)
    empty = [p for p in polls if ev.outcome(p) == ev.EMPTY]
    wanted = int(spec.params.get("empty_polls", "2"))
    return _approval(accepted.ref_number or "") if len(empty) >= wanted else []


def _reject_lines(spec: ScenarioSpec, data: ScenarioData, messages: Sequence[Observed]) -> Plan:
    reason = f"{' '.join(data.rejected)} TIDAK SESUAI DENGAN BC 1.1"  # ALASAN_REJECT is free text

    def plan(ref: str) -> Plan:
        reject = Move(
            K.REJECT_LINES,
            {"ref_number": ref, "containers": ",".join(data.rejected), "reason": reason},
        )
        return [(reject, ()), _release(data, ref, reject.name)]

    return _on_accepted(messages, plan)


def _reject_all(spec: ScenarioSpec, data: ScenarioData, messages: Sequence[Observed]) -> Plan:
    return _on_accepted(
        messages,
        lambda ref: [(Move(K.REJECT_ALL, {"ref_number": ref, "reason": data.reject_reason}), ())],
    )


def _cancellation(spec: ScenarioSpec, data: ScenarioData, messages: Sequence[Observed]) -> Plan:
    plan = _approve(spec, data, messages)
    cancel = ev.first_accepted(messages, Action.CANCEL)
    approved = bool(plan)
    if approved and cancel is not None:
        params = {
            "ref_number": plan[0][0].params["ref_number"],
            "cancellation_ref": cancel.ref_number or "",
            "decision": "approve",
        }
        plan.append((Move(K.DECIDE_CANCELLATION, params), (K.APPROVE.value,)))
    return plan


def _inbound(spec: ScenarioSpec, data: ScenarioData, messages: Sequence[Observed]) -> Plan:
    ref = data.partner_ref
    file = Move(K.FILE_AS_PARTNER, {"ref_number": ref})
    gate_out = Move(K.PARTNER_GATE_OUT, _goods(data, ref, data.numbers))
    return [
        (file, ()),
        (Move(K.APPROVE, {"ref_number": ref}), (file.name,)),
        _release(data, ref, K.APPROVE.value),
        (gate_out, (K.RELEASE.value,)),
    ]


def _duplicate(spec: ScenarioSpec, data: ScenarioData, messages: Sequence[Observed]) -> Plan:
    plan = _approve_then_release(spec, data, messages)
    if plan and _protocol(messages) is Protocol.REST:  # only REST pushes
        ref = plan[0][0].params["ref_number"]
        plan.append((Move(K.REDELIVER, {"ref_number": ref}), (K.APPROVE.value,)))
    return plan


def _out_of_hours(spec: ScenarioSpec, data: ScenarioData, messages: Sequence[Observed]) -> Plan:
    plan: Plan = [(Move(K.SET_CLOCK, {"at": "out_of_hours"}), ())]
    approval = _approve(spec, data, messages)
    plan += [(m, (K.SET_CLOCK.value, *needs)) for m, needs in approval]
    notice = ev.first_accepted(messages, Action.OUT_OF_HOURS_NOTICE)
    if approval and notice is not None:
        # H1: the notice must precede the move by 3 hours; the clock, not the client, waits
        wait = Move(K.ADVANCE_CLOCK, {"hours": spec.params.get("notice_hours", "3")})
        plan.append((wait, (K.APPROVE.value,)))
        plan.append(_release(data, approval[0][0].params["ref_number"], wait.name))
    return plan


def _outage(spec: ScenarioSpec, data: ScenarioData, messages: Sequence[Observed]) -> Plan:
    hours = spec.params.get("outage_working_hours", "7")
    declare = Move(K.DECLARE_OUTAGE)
    return [(declare, ()), (Move(K.ADVANCE_CLOCK, {"working_hours": hours}), (declare.name,))]


def _on_accepted(messages: Sequence[Observed], plan: Callable[[str], Plan]) -> Plan:
    accepted = ev.first_accepted(messages, Action.SUBMIT)
    return plan(accepted.ref_number or "") if accepted is not None else []


def _approval(ref: str) -> Plan:
    return [(Move(K.APPROVE, {"ref_number": ref}), ())]


def _release(data: ScenarioData, ref: str, after: str) -> tuple[Move, tuple[str, ...]]:
    return Move(K.RELEASE, _goods(data, ref, data.approved)), (after,)


def _goods(data: ScenarioData, ref: str, containers: tuple[str, ...]) -> dict[str, str]:
    seals = ",".join(data.seal_of(c) or "" for c in containers)
    return {"ref_number": ref, "containers": ",".join(containers), "seals": seals}


def _protocol(messages: Sequence[Observed]) -> Protocol | None:
    return messages[0].protocol if messages else None


PLANS: dict[str, Callable[[ScenarioSpec, ScenarioData, Sequence[Observed]], Plan]] = {
    "PLP-02": _approve_after_empty_polls,
    "PLP-03": _reject_lines,
    "PLP-04": _reject_all,
    "PLP-05": _approve,
    "PLP-10": _cancellation,
    "PLP-11": _approve_then_release,
    "PLP-12": _inbound,
    "PLP-13": _duplicate,
    "PLP-14": _out_of_hours,
    "PLP-15": _outage,
    "PLP-17": _approve,
}
