"""A small stand-in for the run (CORE-B's part), to grade hand-played exchanges: it asks the
director for faults and moves exactly as the run must, records moves as simulator messages,
and answers the client as the channels would (what each poll hands over, refusals, faults)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from app.domain.conformance.catalogue import scenario
from app.domain.conformance.data import ScenarioData, scenario_data
from app.domain.conformance.director import Move, MoveKind, fault_for, next_moves
from app.domain.conformance.grading import grade, outcome
from app.domain.conformance.model import (
    Action,
    Check,
    Direction,
    Fault,
    Observed,
    Outcome,
    Protocol,
    ScenarioSpec,
)

T0 = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)  # 09:00 WIB, a Tuesday
DECISIONS = {"approve", "reject_lines", "reject_all"}
A = Action


@dataclass
class Story:
    spec: ScenarioSpec
    data: ScenarioData
    protocol: Protocol = Protocol.SOAP11
    messages: list[Observed] = field(default_factory=list)
    done: set[str] = field(default_factory=set)
    now: datetime = T0  # wall clock
    skew: timedelta = timedelta()  # the simulator's clock minus the wall clock
    handed: set[str] = field(default_factory=set)  # decisions handed over (fetch-once)
    password_changed: bool = False
    credentials: bool = False  # the run records which password each message used

    @classmethod
    def of(cls, scenario_id: str, protocol: Protocol = Protocol.SOAP11) -> Story:
        spec = scenario(scenario_id)
        data = scenario_data(
            "run-t", spec, "TPKA", "TPK1", "CFSB", "CFB1", on=date(2026, 3, 10), office="040300"
        )
        story = cls(spec, data, protocol)
        story.tick()
        return story

    @property
    def clock(self) -> datetime:
        return self.now + self.skew

    def checks(self) -> tuple[Check, ...]:
        return grade(self.spec, self.data, self.messages)

    def outcome(self) -> Outcome:
        return outcome(self.checks(), started=True, finished=True)

    def failed(self) -> set[str]:
        return {c.key.removeprefix("conformance.check.") for c in self.checks() if not c.passed}

    def wait(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)

    def tick(self) -> None:
        for move in next_moves(self.spec, self.data, self.messages, frozenset(self.done)):
            self._carry_out(move)

    def send(
        self,
        action: Action,
        *,
        ref: str | None = None,
        containers: tuple[str, ...] = (),
        after: float = 6.0,
        **details: str,
    ) -> Observed:
        """The client sends a message `after` seconds; the simulator answers and moves on."""
        self.wait(after)
        incoming = Observed(
            self._seq(),
            self.now,
            Direction.CLIENT,
            self.protocol,
            action.value,
            action,
            ref,
            containers,
        )
        fault = fault_for(self.spec, self.data, incoming, self.messages)
        status, result, said = self._answer(incoming, fault)
        if self.password_changed and self.credentials and "credential" not in details:
            details["credential"] = "new"
        details = {"clock": self.clock.isoformat(), **said, **details}
        if fault is Fault.LATENCY:
            details["replied_at"] = (self.now + timedelta(seconds=8)).isoformat()
        m = Observed(
            incoming.seq,
            self.now,
            Direction.CLIENT,
            self.protocol,
            action.value,
            action,
            ref,
            containers,
            status,
            result,
            fault,
            details=details,
        )
        self.messages.append(m)
        if fault is Fault.LATENCY:
            self.wait(8)  # the client waits for its reply
        self.tick()
        return m

    def _answer(self, m: Observed, fault: Fault | None) -> tuple[int | None, str, dict[str, str]]:
        if fault is Fault.UNAVAILABLE:
            return 503, "", {"outcome": "failed"}
        if m.action is A.SUBMIT:
            return self._submission(m, fault)
        if m.action in (A.POLL_RESPONSE, A.ON_DEMAND, A.POLL_DESTINATION, A.POLL_CANCELLATION):
            return self._poll(m, fault)
        return 200, "Proses Berhasil", {"outcome": "accepted"}

    def _submission(
        self, m: Observed, fault: Fault | None
    ) -> tuple[int | None, str, dict[str, str]]:
        if "declare_outage" in self.done:
            return 200, "GAGAL F2", {"outcome": "refused", "manual": "1"}
        if self.data.refusal:
            return 200, "<GAGAL><KD_RES>004</KD_RES></GAGAL>", {"outcome": "refused"}
        taken = [
            s
            for s in self.messages
            if s.action is A.SUBMIT and s.details.get("outcome") == "accepted"
        ]
        if any(s.ref_number != m.ref_number for s in taken):
            return 200, "GAGAL E5", {"outcome": "refused"}  # the goods are in a PLP already
        return (
            (None if fault is Fault.DROP_AFTER_COMMIT else 200),
            "Proses Berhasil",
            {"outcome": "accepted"},
        )

    def _poll(self, m: Observed, fault: Fault | None) -> tuple[int | None, str, dict[str, str]]:
        wanted = {
            A.POLL_RESPONSE: DECISIONS,
            A.ON_DEMAND: DECISIONS,
            A.POLL_DESTINATION: {"approve"},
            A.POLL_CANCELLATION: {"decide_cancellation"},
        }[m.action]
        ready = [
            r
            for r in self.messages
            if r.direction is Direction.SIMULATOR and r.details.get("move") in wanted
        ]
        fresh = [
            r for r in ready if m.action is A.ON_DEMAND or r.details["move"] not in self.handed
        ]
        if fault is Fault.DUPLICATE_DELIVERY:
            fresh = ready
        if not fresh:
            return 200, "Data tidak ditemukan", {"outcome": "empty"}
        if m.action is not A.ON_DEMAND:
            self.handed.update(r.details["move"] for r in fresh)
        keys = [r.details.get("no_plp") or r.ref_number or "" for r in fresh]
        if m.action is A.POLL_CANCELLATION:
            keys = [r.details["cancellation_ref"] for r in fresh]
        result = "<DOCUMENT" if fault is Fault.TRUNCATED_REPLY else "<DOCUMENT>...</DOCUMENT>"
        return 200, result, {"outcome": "accepted", "delivered": ",".join(keys)}

    def _carry_out(self, move: Move) -> None:
        if move.kind is MoveKind.ADVANCE_CLOCK:
            self.skew += timedelta(
                hours=float(move.params.get("hours") or 0)
                + 2 * float(move.params.get("working_hours") or 0)
            )
        if move.kind is MoveKind.SET_CLOCK:
            self.skew += timedelta(hours=11)  # 20:00 WIB
        extra = {"no_plp": "012345"} if move.kind is MoveKind.APPROVE else {}
        self.messages.append(
            Observed(
                self._seq(),
                self.now,
                Direction.SIMULATOR,
                self.protocol,
                move.kind.value,
                A.PUSH if move.kind is MoveKind.REDELIVER else A.OTHER,
                move.params.get("ref_number"),
                details={
                    "move": move.name,
                    "clock": self.clock.isoformat(),
                    **move.params,
                    **extra,
                },
            )
        )
        self.done.add(move.name)

    def _seq(self) -> int:
        return len(self.messages) + 1
