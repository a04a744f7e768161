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

from collections.abc import Sequence

from app.domain.conformance import evidence as ev
from app.domain.conformance.data import ScenarioData
from app.domain.conformance.model import Action, Fault, Observed, ScenarioSpec
from app.domain.conformance.moves import Move, MoveKind
from app.domain.conformance.plans import PLANS, nothing

__all__ = ["Move", "MoveKind", "closing_moves", "fault_for", "next_moves"]


K = MoveKind


def next_moves(
    spec: ScenarioSpec, data: ScenarioData, messages: Sequence[Observed], done: frozenset[str]
) -> tuple[Move, ...]:
    """The moves due now, in order, none already `done`."""
    plan = PLANS.get(spec.id, nothing)(spec, data, messages)
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
