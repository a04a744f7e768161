"""The client's part of each scenario of the pack, one handler per scenario id: what a TPS
system does with the goods the simulator gave it. The simulator plays the officers and injects
the faults; the handlers only act as the TPS would, the client's habits (profiles) deciding how
it retries, polls and gates out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from plp_mock_tps.conformance.client import Client, NoAnswerError, new_ref
from plp_mock_tps.conformance.wire import Goods, Response

F2_CODES = frozenset({"F2", "040"})  # KD_RES 040: the manual procedure is in force
NOTICE_LEAD = timedelta(hours=3, seconds=1)  # the H1 lead, and the request's way there
GATE_ATTEMPTS = 10


@dataclass
class Play:
    """One scenario being played: its goods, the client, and what to record."""

    scenario: str
    goods: Goods
    client: Client
    today: date
    change_password: Callable[[str], bool]  # the account's password from now on
    new_password: str = ""
    notes: list[str] = field(default_factory=list)

    def submit_and_read(self) -> Response | None:
        """File the goods; once accepted, wait for the decision."""
        plp, answer = self.client.submit(self.goods, self.today)
        if not answer.accepted:
            self.notes.append(f"refused: {answer.codes} {answer.text[:120]}")
            return None
        return self.client.response(plp.ref_number, self.goods.gudang)


Handler = Callable[[Play], None]


def submission(play: Play) -> None:
    """PLP-01, 06, 07, 08, 09: file once; retries and waits are the client's habits."""
    plp, answer = play.client.submit(play.goods, play.today)
    play.notes.append(f"{plp.ref_number}: {'accepted' if answer.accepted else answer.codes}")


def decision(play: Play) -> None:
    """PLP-02, 05, 17: the decision read back by poll (on demand if a reply is unreadable)."""
    found = play.submit_and_read()
    if found is not None:
        play.notes.append(f"PLP {found.plp_number}: {len(found.approved)} approved")


def rejection(play: Play) -> None:
    """PLP-03, 04: gate out what was approved, never a rejected line."""
    found = play.submit_and_read()
    if found is not None:
        play.notes.append(f"rejected: {[ln.container for ln in found.rejected]}")
        play.client.gate_out(play.goods, found)


def cancellation(play: Play) -> None:
    """PLP-10: cancel the approval, then read the Kasubsi's decision from the cancellation poll."""
    found = play.submit_and_read()
    if found is None or not found.approved:
        return
    ref, answer = play.client.cancel(play.goods, found)
    if answer.accepted:
        decided = play.client.cancellation(ref)
        play.notes.append(f"cancellation {decided.number}: approved {decided.approved}")


def gate_out(play: Play) -> None:
    """PLP-11: after the release, the gate-out with the seals released."""
    found = play.submit_and_read()
    if found is not None:
        play.client.gate_out(play.goods, found)


def gate_in(play: Play) -> None:
    """PLP-12: a partner moves goods to us: read the approval from the destination poll,
    then report the gate-in with the seals."""
    expected = tuple(c.number for c in play.goods.containers)
    found = play.client.destination_response(expected)
    play.client.gate_in(play.goods, found)


def duplicate_delivery(play: Play) -> None:
    """PLP-13: the approval arrives again on the next poll: it moves nothing twice."""
    found = play.submit_and_read()
    if found is None:
        return
    play.client.gate_out(play.goods, found)
    try:
        again = play.client.response(found.ref_number, play.goods.gudang)
    except NoAnswerError:
        return
    play.client.gate_out(play.goods, again)


def out_of_hours(play: Play) -> None:
    """PLP-14 (H1): outside working hours, the notice goes before the gate-out."""
    found = play.submit_and_read()
    if found is None:
        return
    # H1: at least 3 hours ahead; the simulator moves its clock, so nothing waits hours
    start = play.client.now() + NOTICE_LEAD
    answer = play.client.out_of_hours_notice(found, start, start + timedelta(hours=4))
    play.notes.append(f"H1 notice: {'filed' if answer.accepted else answer.codes}")
    if not answer.accepted:
        return
    play.client.wait_for_clock(start)
    for _ in range(GATE_ATTEMPTS):  # until the supervisor has released the goods (M2)
        if all(a.accepted for a in play.client.gate_out(play.goods, found)):
            return
        play.client.forget_gate(found)
        play.client.sleep(1.0)


def outage(play: Play) -> None:
    """PLP-15 (F1, F2): refused for the manual procedure, the client stops sending."""
    _, answer = play.client.submit(play.goods, play.today)
    if not answer.accepted and F2_CODES & set(answer.codes):
        play.notes.append("manual procedure in force: no more submissions")


def credentials(play: Play) -> None:
    """PLP-16: change the password, then sign in with the new one only."""
    answer = play.client.change_password(play.new_password)
    play.notes.append(f"password change: {'accepted' if answer.accepted else answer.text}")
    if answer.accepted and play.change_password(play.new_password):
        # the next call signs in with the new password; over REST a poll for a reference
        # never filed reads nothing
        play.client.wire.poll(new_ref(play.goods.tps))


HANDLERS: dict[str, Handler] = {
    "PLP-01": submission,
    "PLP-02": decision,
    "PLP-03": rejection,
    "PLP-04": rejection,
    "PLP-05": decision,
    "PLP-06": submission,
    "PLP-07": submission,
    "PLP-08": submission,
    "PLP-09": submission,
    "PLP-10": cancellation,
    "PLP-11": gate_out,
    "PLP-12": gate_in,
    "PLP-13": duplicate_delivery,
    "PLP-14": out_of_hours,
    "PLP-15": outage,
    "PLP-16": credentials,
    "PLP-17": decision,
}
