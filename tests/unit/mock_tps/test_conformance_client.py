"""The conformance client's habits without a server: a fake wire that loses, refuses, garbles
and repeats, and the good and broken profiles' answers to it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pytest

from plp_mock_tps.conformance.client import Client, NoAnswerError
from plp_mock_tps.conformance.handlers import HANDLERS, Play, duplicate_delivery, rejection
from plp_mock_tps.conformance.profiles import PROFILES
from plp_mock_tps.conformance.wire import (
    Answer,
    CancellationResponse,
    Container,
    GarbledError,
    GateReport,
    Goods,
    Line,
    LostError,
    Response,
    Submission,
    UnavailableError,
)

GOODS = Goods(
    office="040300", tps="TPKA", gudang="TPKA", destination_tps="CFSB",
    destination_gudang="CFB1", bc11_number="001234", bc11_date=date(2026, 11, 20),
    vessel="MV TEST", voyage="001", call_sign="9VTST", arrival_date=date(2026, 11, 19),
    containers=(Container("MSKU1001373", "20"), Container("TSTU1001000", "40")),
    seals={"MSKU1001373": ("BC0001",), "TSTU1001000": ("BC0002",)},
)  # fmt: skip
NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)


@dataclass
class FakeWire:
    """Scripted faults: each submission takes the next of `submit_faults` (None: answered)."""

    protocol: str = "fake"
    submit_faults: list[Exception | None] = field(default_factory=list)
    refuse: Answer | None = None
    polls: list[list[Response] | Exception] = field(default_factory=list)
    demanded: Response | None = None
    submitted: list[str] = field(default_factory=list)
    timeouts: list[float] = field(default_factory=list)
    on_demands: list[str] = field(default_factory=list)
    reports: list[GateReport] = field(default_factory=list)

    def submit(self, plp: Submission, timeout: float = 30.0) -> Answer:
        self.submitted.append(plp.ref_number)
        self.timeouts.append(timeout)
        fault = self.submit_faults.pop(0) if self.submit_faults else None
        if fault is not None:
            raise fault
        return self.refuse or Answer(True)

    def poll(self, ref_number: str | None = None) -> list[Response]:
        found = self.polls.pop(0) if self.polls else []
        if isinstance(found, Exception):
            raise found
        return found

    def on_demand(self, ref_number: str, gudang: str) -> Response | None:
        self.on_demands.append(ref_number)
        return self.demanded

    def poll_destination(self) -> list[Response]:
        return self.poll()

    def cancel(self, goods: Goods, plp: Response, ref_number: str) -> Answer:
        return Answer(True)

    def poll_cancellation(self, ref_number: str | None = None) -> list[CancellationResponse]:
        return []

    def gate(self, report: GateReport) -> Answer:
        self.reports.append(report)
        return Answer(True)

    def notify_out_of_hours(self, plp: Response, start: datetime, end: datetime) -> Answer:
        return Answer(True)

    def change_password(self, new: str) -> Answer:
        return Answer(True)

    def close(self) -> None:
        pass


class Clock:
    """Monotonic time that moves only when the client sleeps: no real waiting in tests."""

    def __init__(self) -> None:
        self.t, self.slept = 0.0, []  # type: ignore[var-annotated]

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.t += seconds

    def __call__(self) -> float:
        return self.t


def client(
    wire: FakeWire, profile: str = "good", timeout: float = 30.0, **params: str
) -> tuple[Client, Clock]:
    clock = Clock()
    found = Client(
        wire, PROFILES[profile], params, lambda: NOW, timeout, sleep=clock.sleep, clock=clock
    )
    return found, clock


def response(ref: str, *lines: tuple[str, bool]) -> Response:
    return Response(ref, "000123", date(2026, 11, 25), tuple(Line(c, "20", ok) for c, ok in lines))


def test_a_lost_reply_is_retried_with_the_same_ref_number() -> None:
    wire = FakeWire(submit_faults=[LostError("dropped")])
    plp, answer = client(wire)[0].submit(GOODS, date(2026, 11, 25))

    assert answer.accepted
    assert wire.submitted == [plp.ref_number, plp.ref_number]


def test_the_new_ref_on_retry_profile_resends_under_a_new_ref_number() -> None:
    wire = FakeWire(submit_faults=[LostError("dropped")])
    client(wire, "new-ref-on-retry")[0].submit(GOODS, date(2026, 11, 25))

    assert len(set(wire.submitted)) == 2


def test_a_503_is_waited_out_at_least_the_stated_seconds() -> None:
    wire = FakeWire(submit_faults=[UnavailableError("503", retry_after=None)])
    c, clock = client(wire, min_retry_seconds="2")
    c.submit(GOODS, date(2026, 11, 25))

    assert len(wire.submitted) == 2 and clock.slept and clock.slept[0] >= 2


def test_a_slow_reply_is_waited_for_longer_than_the_stated_latency() -> None:
    wire = FakeWire()
    client(wire, latency_seconds="8")[0].submit(GOODS, date(2026, 11, 25))

    assert wire.timeouts[0] > 8 and len(wire.submitted) == 1


def test_a_gagal_is_not_resent_unless_the_profile_resends_unchanged() -> None:
    refused = Answer(False, ("101",), "<DOCUMENT><GAGAL>...")
    good, broken = FakeWire(refuse=refused), FakeWire(refuse=refused)
    client(good)[0].submit(GOODS, date(2026, 11, 25))
    client(broken, "resend-unchanged")[0].submit(GOODS, date(2026, 11, 25))

    assert len(good.submitted) == 1
    assert len(broken.submitted) == 2 and len(set(broken.submitted)) == 1


def test_polls_keep_the_stated_gap_and_survive_empty_answers() -> None:
    wire = FakeWire(polls=[[], [], [response("R1", ("MSKU1001373", True))]])
    c, clock = client(wire, min_poll_gap_seconds="5")
    found = c.response("R1", "TPKA")

    assert found.plp_number == "000123"
    assert len(clock.slept) == 3 and min(clock.slept) >= 5


def test_the_tight_poll_profile_polls_without_waiting() -> None:
    wire = FakeWire(polls=[[], [], [response("R1", ("MSKU1001373", True))]])
    c, clock = client(wire, "tight-poll", min_poll_gap_seconds="5")
    c.response("R1", "TPKA")

    assert max(clock.slept) < 1


def test_an_unreadable_poll_reply_is_asked_for_on_demand() -> None:
    wanted = response("R1", ("MSKU1001373", True))
    wire = FakeWire(polls=[GarbledError("cut")], demanded=wanted)
    found = client(wire)[0].response("R1", "TPKA")

    assert found == wanted and wire.on_demands == ["R1"]


def test_a_response_that_never_comes_ends_in_no_answer() -> None:
    with pytest.raises(NoAnswerError):
        client(FakeWire(), timeout=3)[0].response("R1", "TPKA")


def play_of(c: Client) -> Play:
    return Play("PLP-03", GOODS, c, date(2026, 11, 25), lambda _: True, "new")


@pytest.mark.parametrize(("profile", "reported"), [("good", 1), ("gate-out-rejected", 2)])
def test_a_rejected_line_is_never_gated_out_by_a_good_client(profile: str, reported: int) -> None:
    wire = FakeWire()
    c, _ = client(wire, profile)
    wire.polls = [GarbledError("cut")]  # the ref is new: the fake answers it on demand
    wire.demanded = response("ANY", ("MSKU1001373", True), ("TSTU1001000", False))
    rejection(play_of(c))

    [report] = wire.reports
    assert len(report.containers) == reported
    assert report.containers[0].container == "MSKU1001373"
    assert report.seals["MSKU1001373"] == ("BC0001",) and report.at == NOW


def test_an_approval_delivered_twice_is_gated_out_once() -> None:
    wire = FakeWire(polls=[GarbledError("cut"), GarbledError("cut")])
    wire.demanded = response("ANY", ("MSKU1001373", True))
    duplicate_delivery(play_of(client(wire)[0]))

    assert [len(r.containers) for r in wire.reports] == [1]


def test_every_scenario_of_the_pack_has_a_handler_and_each_broken_profile_names_its_own() -> None:
    assert {f"PLP-{n:02d}" for n in range(1, 18)} <= set(HANDLERS)
    broken = [p for p in PROFILES.values() if p.name != "good"]
    assert {p.name for p in broken} >= {
        "new-ref-on-retry",
        "tight-poll",
        "resend-unchanged",
        "gate-out-rejected",
    }
    assert all(p.breaks and p.breaks <= set(HANDLERS) for p in broken)
    assert not PROFILES["good"].breaks
