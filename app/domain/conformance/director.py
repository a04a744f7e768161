"""What the simulator does in each scenario, decided from the evidence so far: the officers'
moves (`next_moves`) and the faults injected into the client's messages (`fault_for`). Pure.

How the run uses it (CORE-B):
- `next_moves` is asked when a scenario starts (no messages yet), after every observed client
  message, and now and then while the scenario runs. It answers the moves due now, in order;
  carry them out in that order, stop at the first that fails (it is due again next time), and
  record each one carried out as an Observed of Direction.SIMULATOR (see evidence.py) and its
  name in `done`. A move later in the answer may depend on an earlier one of the same answer.
- `closing_moves` are carried out when the scenario finishes, whatever happened (e.g. the
  outage of PLP-15 ends there, so the next scenario starts on a working service).
- `fault_for` is asked for every client message of a running scenario BEFORE it is handled;
  the fault's parameters (latency seconds, ...) are in `spec.params`. Reply faults are decided
  from the evidence, not from the reply: the approval is "carried" by the first origin
  response poll after the APPROVE move was recorded, because responses are handed over once
  and nothing else is pending for this scenario's goods. So for TRUNCATED_REPLY and
  DUPLICATE_DELIVERY the channel handles the message normally (the response is handed over
  and marked so), then cuts the reply (TRUNCATED_REPLY) or answers again the last response it
  handed over (DUPLICATE_DELIVERY).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from app.domain.conformance import evidence as ev
from app.domain.conformance.data import ScenarioData
from app.domain.conformance.model import Action, Fault, Observed, Protocol, ScenarioSpec


class MoveKind(StrEnum):
    """A move of a simulated officer, partner TPS or the simulator's clock and service."""

    APPROVE = "approve"  # every required recommendation (R1/R2), then the Kasubsi's approval
    REJECT_LINES = "reject_lines"  # approval with `containers` rejected (FL_SETUJU=T), `reason`
    REJECT_ALL = "reject_all"  # the Kasubsi rejects the whole request with `reason`
    RELEASE = "release"  # origin supervisor releases `containers` with `seals` (M2)
    FILE_AS_PARTNER = "file_as_partner"  # the partner TPS files the data's PLP to the client
    PARTNER_GATE_OUT = "partner_gate_out"  # the partner reports its PLP gate-out (M3)
    DECIDE_CANCELLATION = "decide_cancellation"  # the Kasubsi decides a cancellation (L1)
    DECLARE_OUTAGE = "declare_outage"  # TPS Online disrupted from now (F1)
    END_OUTAGE = "end_outage"  # service restored (F3)
    ADVANCE_CLOCK = "advance_clock"  # `working_hours` on the office calendar, or `hours`
    SET_CLOCK = "set_clock"  # `at`: `out_of_hours` = the next moment outside working hours
    REDELIVER = "redeliver"  # push the last decision to the callback again (REST)


@dataclass(frozen=True)
class Move:
    """One move; `name` is unique within its scenario, so each is carried out once."""

    kind: MoveKind
    params: Mapping[str, str] = field(default_factory=dict)
    name: str = ""

    def __post_init__(self) -> None:
        if not self.name:
            object.__setattr__(self, "name", self.kind.value)


K = MoveKind


def next_moves(
    spec: ScenarioSpec, data: ScenarioData, messages: Sequence[Observed], done: frozenset[str]
) -> tuple[Move, ...]:
    """The moves due now, in order, none already `done`."""
    plan = _PLANS.get(spec.id, _nothing)(spec, data, messages)
    due: list[Move] = []
    for step, needs in plan:
        if step.name in done:
            continue
        if all(n in done or any(d.name == n for d in due) for n in needs):
            due.append(step)
    return tuple(due)


def closing_moves(spec: ScenarioSpec) -> tuple[Move, ...]:
    """Moves that put the service back when the scenario finishes."""
    return (Move(K.END_OUTAGE),) if spec.id == "PLP-15" else ()


def fault_for(
    spec: ScenarioSpec, data: ScenarioData, incoming: Observed, earlier: Sequence[Observed]
) -> Fault | None:
    """The fault to inject into `incoming`, if any (see the module's docstring)."""
    first_submission = incoming.action is Action.SUBMIT and not ev.client(earlier, Action.SUBMIT)
    on_first_submission = {
        "PLP-06": Fault.DROP_AFTER_COMMIT,
        "PLP-07": Fault.UNAVAILABLE,
        "PLP-09": Fault.LATENCY,
    }
    if spec.id in on_first_submission:
        return on_first_submission[spec.id] if first_submission else None
    if incoming.action is not Action.POLL_RESPONSE:
        return None
    approval = ev.move(earlier, K.APPROVE.value)
    if approval is None:
        return None
    polls = ev.client(ev.after(earlier, approval.seq), Action.POLL_RESPONSE)
    if spec.id == "PLP-05" and not polls:
        return Fault.TRUNCATED_REPLY
    if spec.id == "PLP-13":
        handed = [p for p in polls if ev.delivered(p)]
        if len(handed) == 1 and handed[-1] is polls[-1]:
            return Fault.DUPLICATE_DELIVERY
    return None


Plan = list[tuple[Move, tuple[str, ...]]]  # each move with the moves it needs done first


def _nothing(spec: ScenarioSpec, data: ScenarioData, messages: Sequence[Observed]) -> Plan:
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
    def plan(ref: str) -> Plan:
        reject = Move(
            K.REJECT_LINES,
            {"ref_number": ref, "containers": ",".join(data.rejected), "reason": "E7"},
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


_PLANS: dict[str, Callable[[ScenarioSpec, ScenarioData, Sequence[Observed]], Plan]] = {
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
