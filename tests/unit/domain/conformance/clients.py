"""A TPS client played by hand against the Story: well-behaved by default, with the broken
behaviours the issue names switched on one at a time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta

from app.domain.conformance.model import Action, Fault, Observed, Protocol
from tests.unit.domain.conformance.story import Story

A = Action


@dataclass(frozen=True)
class Profile:
    new_ref_after_loss: bool = False  # PLP-06
    poll_gap: float = 6.0  # 0.2: a tight poll loop (PLP-02)
    retry_gap: float = 3.0  # PLP-07
    resend_after_refusal: bool = False  # PLP-08
    gate_out_everything: bool = False  # PLP-03, PLP-04
    no_on_demand: bool = False  # PLP-05
    impatient_after: float | None = None  # PLP-09: resend after this many seconds
    gate_out_codes: tuple[str, str] = ("3", "3")  # PLP-11
    wrong_seals: bool = False  # PLP-11, PLP-12
    no_dedup: bool = False  # PLP-13
    no_notice: bool = False  # PLP-14
    ignore_outage: bool = False  # PLP-15
    old_password_again: bool = False  # PLP-16
    stop_after_empty: int | None = None  # gives up polling after so many empty answers


GOOD = Profile()


class Client:
    def __init__(self, story: Story, profile: Profile = GOOD) -> None:
        self.s, self.p, self.d = story, profile, story.data
        self.refs = 0

    def new_ref(self) -> str:
        self.refs += 1
        return f"TPKA260310{self.refs:06d}"

    def submit(self) -> Observed:
        ref = self.new_ref()
        sent = self._submit(ref)
        for _ in range(3):
            if sent.status is None or ev_outcome(sent) == "failed":
                if sent.status is None and self.p.new_ref_after_loss:
                    ref = self.new_ref()
                sent = self._submit(ref, after=self.p.retry_gap)
            elif (
                ev_outcome(sent) == "refused"
                and self.p.resend_after_refusal
                and "manual" not in sent.details
            ):
                self.p = Profile(**{**vars(self.p), "resend_after_refusal": False})
                sent = self._submit(ref)
            elif (
                ev_outcome(sent) == "refused"
                and sent.details.get("manual")
                and self.p.ignore_outage
            ):
                self.p = Profile(**{**vars(self.p), "ignore_outage": False})
                sent = self._submit(self.new_ref())
        return sent

    def _submit(self, ref: str, after: float = 1.0) -> Observed:
        details = {
            "kd_kantor": self.d.office,
            "kd_tps_asal": self.d.origin_tps,
            "gudang_asal": self.d.origin_gudang,
            "kd_tps_tujuan": self.d.destination_tps,
            "gudang_tujuan": self.d.destination_gudang,
            "no_bc11": self.d.bc11_number,
            "goods_digest": "digest-of-" + ",".join(self.d.numbers),
        }
        if self.p.impatient_after is not None and self.s.spec.id == "PLP-09":
            first = self.s.send(
                A.SUBMIT, ref=ref, containers=self.d.numbers, after=after, **details
            )
            self.s.messages.append(_at(first, self.s, self.p.impatient_after))  # a resend in flight
            return first
        return self.s.send(A.SUBMIT, ref=ref, containers=self.d.numbers, after=after, **details)

    def poll(self, action: Action = A.POLL_RESPONSE, tries: int = 8) -> Observed | None:
        for empty in range(1, tries + 1):
            got = self.s.send(action, after=self.p.poll_gap)
            if got.fault is Fault.TRUNCATED_REPLY:
                return None if self.p.no_on_demand else self.s.send(A.ON_DEMAND, after=1)
            if got.details.get("outcome") == "accepted":
                return got
            if self.p.stop_after_empty is not None and empty >= self.p.stop_after_empty:
                return None
        return None

    def gate(self, kind: str, containers: tuple[str, ...]) -> None:
        kd_dok, inout = ("5", "3") if kind == "in" else self.p.gate_out_codes
        seals = [
            ("X" if self.p.wrong_seals else "") + (self.d.seal_of(c) or "") for c in containers
        ]
        self.s.send(
            A.GATE_REPORT,
            containers=containers,
            after=2,
            kd_dok=kd_dok,
            kd_dok_inout=inout,
            no_dok_inout="012345",
            seals=",".join(seals),
            gate_times=",".join(self.s.clock.isoformat() for _ in containers),
        )


def ev_outcome(m: Observed) -> str:
    return m.details.get("outcome", "")


def _at(m: Observed, s: Story, seconds: float) -> Observed:
    return replace(m, seq=len(s.messages) + 1, at=m.at + timedelta(seconds=seconds), fault=None)


def play(scenario_id: str, profile: Profile = GOOD, protocol: str = "soap11") -> Story:
    story = Story.of(scenario_id, Protocol(protocol))
    SCRIPTS[scenario_id](Client(story, profile))
    return story


def _submit_only(c: Client) -> None:
    c.submit()


def _submit_and_fetch(c: Client) -> None:
    c.submit()
    c.poll()


def _rejected(c: Client) -> None:
    c.submit()
    c.poll()
    moving = c.d.numbers if c.p.gate_out_everything else c.d.approved
    if moving and (c.s.spec.id == "PLP-03" or c.p.gate_out_everything):
        c.gate("out", moving)


def _cancellation(c: Client) -> None:
    c.submit()
    c.poll()
    c.s.send(A.CANCEL, ref=c.new_ref(), after=2, no_plp="012345")
    c.poll(A.POLL_CANCELLATION)


def _gate_out(c: Client) -> None:
    c.submit()
    c.poll()
    c.gate("out", c.d.numbers)


def _inbound(c: Client) -> None:
    c.poll(A.POLL_DESTINATION)
    c.gate("in", c.d.numbers)


def _duplicate(c: Client) -> None:
    c.submit()
    c.poll()
    c.gate("out", c.d.numbers)
    again = c.s.send(A.POLL_RESPONSE, after=c.p.poll_gap)
    if c.p.no_dedup and again.details.get("delivered"):
        c.gate("out", c.d.numbers)


def _out_of_hours(c: Client) -> None:
    c.submit()
    c.poll()
    if not c.p.no_notice:
        c.s.send(A.OUT_OF_HOURS_NOTICE, ref="TPKA-NOTICE", after=2, no_plp="012345")
    c.gate("out", c.d.numbers)


def _password(c: Client) -> None:
    c.s.send(A.CHANGE_PASSWORD, after=1)
    c.s.password_changed = True
    c.s.send(A.POLL_RESPONSE, after=c.p.poll_gap)
    if c.p.old_password_again:
        c.s.send(A.POLL_RESPONSE, after=c.p.poll_gap, credential="old")


SCRIPTS: dict[str, Callable[[Client], None]] = {
    "PLP-01": _submit_only,
    "PLP-02": _submit_and_fetch,
    "PLP-03": _rejected,
    "PLP-04": _rejected,
    "PLP-05": _submit_and_fetch,
    "PLP-06": _submit_only,
    "PLP-07": _submit_only,
    "PLP-08": _submit_only,
    "PLP-09": _submit_only,
    "PLP-10": _cancellation,
    "PLP-11": _gate_out,
    "PLP-12": _inbound,
    "PLP-13": _duplicate,
    "PLP-14": _out_of_hours,
    "PLP-15": _submit_only,
    "PLP-16": _password,
    "PLP-17": _submit_and_fetch,
}
