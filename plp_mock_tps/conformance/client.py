"""A TPS system's habits around the wire, as a robust client has them (and each broken
profile breaks one): a lost reply retried with the same REF_NUMBER, a 503 waited out, polls
at the stated rate, a reply it cannot read asked for again on demand, a response handled once,
gate-outs only for approved containers."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TypeVar

from plp_mock_tps.conformance.profiles import Profile
from plp_mock_tps.conformance.wire import (
    Answer,
    CancellationResponse,
    GarbledError,
    GateReport,
    Goods,
    Line,
    LostError,
    Response,
    Submission,
    UnavailableError,
    Wire,
    WireError,
)

T = TypeVar("T")
ATTEMPTS = 5
DEFAULT_POLL_GAP = 0.5  # seconds, where a scenario states no rate
TIGHT_POLL_GAP = 0.05
LOST_BACKOFF = 1.0


class NoAnswerError(RuntimeError):
    """What the client waited for never came (the scenario's finish grades what was sent)."""


def new_ref(tps: str) -> str:
    return f"{tps}{uuid.uuid4().hex[:12].upper()}"


@dataclass
class Client:
    wire: Wire
    profile: Profile
    params: Mapping[str, str]
    now: Callable[[], datetime]  # the simulator's time, for gate reports
    timeout: float = 60.0  # how long to wait for a response
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    gated: set[tuple[bool, str]] = field(default_factory=set)  # (gate_in, container) reported
    seen: dict[str, Response] = field(default_factory=dict)  # responses handled, by key
    notes: list[str] = field(default_factory=list)  # what happened, for the report

    # --- submissions ---------------------------------------------------------------------

    def submit(self, goods: Goods, today: date) -> tuple[Submission, Answer]:
        plp = Submission(goods, new_ref(goods.tps), today)
        answer = self._send(plp)
        if not answer.accepted and self.profile.resend_unchanged:
            self.notes.append(f"GAGAL {answer.codes}: resending the same document")
            self._send(plp)
        return plp, answer

    def _send(self, plp: Submission) -> Answer:
        """In flight means waiting: one submission at a time, however slow the reply."""
        timeout = float(self.params.get("latency_seconds", 0)) + 20.0
        for _ in range(ATTEMPTS):
            try:
                return self.wire.submit(plp, timeout=timeout)
            except UnavailableError as exc:
                wait = max(exc.retry_after or 0.0, self._param("min_retry_seconds", 1.0))
                self.notes.append(f"503: retrying after {wait:g} s")
                self.sleep(wait + 0.2)
            except LostError:
                if self.profile.new_ref_on_retry:
                    plp = replace(plp, ref_number=new_ref(plp.goods.tps))
                self.notes.append(f"reply lost: resending as {plp.ref_number}")
                self.sleep(LOST_BACKOFF)
        raise NoAnswerError(f"no answer to the submission after {ATTEMPTS} attempts")

    # --- responses -----------------------------------------------------------------------

    def response(self, ref_number: str, gudang: str) -> Response:
        """The decision on one of our requests: polled, or on demand when a poll's reply
        cannot be read (it was handed over, so the next poll will not repeat it)."""
        what = f"the response to {ref_number}"
        found = self._until(lambda: self._poll_for(ref_number, gudang), what)
        self.seen[ref_number] = found
        return found

    def _poll_for(self, ref_number: str, gudang: str) -> Response | None:
        try:
            polled = self.wire.poll(ref_number)
        except GarbledError as exc:
            self.notes.append(f"poll reply unreadable ({exc}): asking on demand")
            return self._on_demand(ref_number, gudang)
        return next((r for r in polled if r.ref_number == ref_number), None)

    def _on_demand(self, ref_number: str, gudang: str) -> Response | None:
        for _ in range(ATTEMPTS):
            try:
                return self.wire.on_demand(ref_number, gudang)
            except (GarbledError, LostError, UnavailableError):
                self.sleep(self._gap())
        return None

    def destination_response(self, expected: tuple[str, ...] = ()) -> Response:
        """An approved PLP moving goods to us (the destination poll); with `expected`, the
        one naming those containers."""

        def probe() -> Response | None:
            for r in self.wire.poll_destination():
                names = {ln.container for ln in r.lines}
                if not expected or names & set(expected):
                    return r
            return None

        return self._until(probe, "an approved PLP to this TPS")

    def cancellation(self, ref_number: str) -> CancellationResponse:
        def probe() -> CancellationResponse | None:
            found = self.wire.poll_cancellation(ref_number)
            return next((c for c in found if c.ref_number == ref_number), None)

        return self._until(probe, f"the decision on cancellation {ref_number}")

    def _until(self, probe: Callable[[], T | None], what: str) -> T:
        """Polls at the client's rate, the first one a gap after what it waits on (a client
        polls on its schedule, not straight after its upload)."""
        deadline = self.clock() + self.timeout
        while self.clock() < deadline:
            self.sleep(self._gap())
            try:
                found = probe()
            except UnavailableError as exc:
                self.sleep(max(exc.retry_after or 0.0, self._param("min_retry_seconds", 1.0)))
                continue
            except (LostError, GarbledError):
                found = None
            if found is not None:
                return found
        raise NoAnswerError(f"waited {self.timeout:g} s for {what}")

    def _gap(self) -> float:
        if self.profile.tight_poll:
            return TIGHT_POLL_GAP
        return max(self._param("min_poll_gap_seconds", DEFAULT_POLL_GAP) + 0.25, DEFAULT_POLL_GAP)

    def _param(self, name: str, default: float) -> float:
        try:
            return float(self.params.get(name, default))
        except ValueError:
            return default

    # --- gate reports --------------------------------------------------------------------

    def gate_out(self, goods: Goods, plp: Response) -> list[Answer]:
        """Each approved container once (a response delivered twice moves nothing twice)."""
        lines = plp.lines if self.profile.gate_out_rejected else plp.approved
        return self._gate(goods, plp, lines, gate_in=False)

    def gate_in(self, goods: Goods, plp: Response) -> list[Answer]:
        return self._gate(goods, plp, plp.approved, gate_in=True)

    def _gate(
        self, goods: Goods, plp: Response, lines: tuple[Line, ...], gate_in: bool
    ) -> list[Answer]:
        todo = tuple(ln for ln in lines if (gate_in, ln.container) not in self.gated)
        if not todo:
            return []
        tps, gudang = (goods.destination_tps, goods.destination_gudang)
        if not gate_in:
            tps, gudang = goods.tps, goods.gudang
        report = GateReport(
            gate_in, tps, gudang, new_ref(tps), plp, self.now(), todo,
            {ln.container: goods.seals.get(ln.container, ()) for ln in todo}, goods.office,
        )  # fmt: skip
        answer = self._retrying(lambda: self.wire.gate(report))
        self.gated.update((gate_in, ln.container) for ln in todo)
        return [answer]

    def forget_gate(self, plp: Response) -> None:
        """A refused report moved nothing: its containers may be reported again."""
        self.gated -= {(gate_in, ln.container) for gate_in in (False, True) for ln in plp.lines}

    def wait_for_clock(self, at: datetime) -> None:
        """Until the simulator's clock reaches `at` (it moves its test clock forward)."""
        deadline = self.clock() + self.timeout
        while self.now() < at and self.clock() < deadline:
            self.sleep(DEFAULT_POLL_GAP)

    def _retrying(self, send: Callable[[], Answer]) -> Answer:
        """A report or a cancellation: resent unchanged (its REF_NUMBER makes it safe)."""
        for _ in range(ATTEMPTS):
            try:
                return send()
            except UnavailableError as exc:
                self.sleep(max(exc.retry_after or 0.0, self._param("min_retry_seconds", 1.0)))
            except LostError:
                self.sleep(LOST_BACKOFF)
        raise NoAnswerError("no answer after retries")

    def cancel(self, goods: Goods, plp: Response) -> tuple[str, Answer]:
        ref = new_ref(goods.tps)
        return ref, self._retrying(lambda: self.wire.cancel(goods, plp, ref))

    def out_of_hours_notice(self, plp: Response, start: datetime, end: datetime) -> Answer:
        return self._retrying(lambda: self.wire.notify_out_of_hours(plp, start, end))

    def change_password(self, new: str) -> Answer:
        try:
            return self.wire.change_password(new)
        except WireError as exc:
            return Answer(False, (), str(exc))
