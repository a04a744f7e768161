"""Issue 17: what a check says when it fails: the rule, what was expected, what was observed,
and the seq numbers of the evidence; and how a scenario's outcome follows from its checks."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from app.domain.conformance import evidence as ev
from app.domain.conformance.grading import outcome
from app.domain.conformance.model import Action, Check, Direction, Observed, Outcome, Protocol
from tests.unit.domain.conformance.clients import Client, Profile, play
from tests.unit.domain.conformance.story import T0, Story

A = Action


def _check(story: Story, name: str) -> Check:
    return next(c for c in story.checks() if c.key == f"conformance.check.{name}")


def test_outcome_not_attempted_running_passed_failed() -> None:
    ok = Check("k", True, "e", "o", "R1")
    bad = Check("k", False, "e", "o", "R1")
    assert outcome((), started=False, finished=False) is Outcome.NOT_ATTEMPTED
    assert outcome((ok,), started=True, finished=False) is Outcome.RUNNING
    assert outcome((ok, ok), started=True, finished=True) is Outcome.PASSED
    assert outcome((ok, bad), started=True, finished=True) is Outcome.FAILED
    assert outcome((), started=True, finished=True) is Outcome.FAILED  # nothing proven


def test_idempotency_a_new_ref_number_after_a_lost_reply_names_both_messages() -> None:
    story = play("PLP-06", Profile(new_ref_after_loss=True))
    failed = _check(story, "same_ref_number")
    assert not failed.passed
    assert failed.evidence == (1, 2)
    assert "TPKA260310000001" in failed.expected
    assert "TPKA260310000002 at #2" in failed.observed
    assert failed.rule == story.spec.rule


def test_e1_plp01_codes_other_than_given_fail_and_are_named() -> None:
    story = Story.of("PLP-01")
    story.send(
        A.SUBMIT,
        ref="TPKA260310000001",
        containers=story.data.numbers,
        kd_tps_asal=story.data.origin_tps,
        gudang_asal=story.data.origin_gudang,
        kd_tps_tujuan="XXXX",
        gudang_tujuan=story.data.destination_gudang,
        no_bc11=story.data.bc11_number,
        kd_kantor="040300",
    )
    codes = _check(story, "codes_match")
    assert not codes.passed
    assert codes.observed == "kd_tps_tujuan=XXXX"
    assert codes.evidence == (1,)


def test_r1_plp01_a_malformed_ref_number_fails() -> None:
    story = Story.of("PLP-01")
    story.send(A.SUBMIT, ref="A B", containers=story.data.numbers)
    assert "ref_number_well_formed" in story.failed()


def test_plp07_the_retry_gap_is_measured_on_the_wall_clock() -> None:
    story = play("PLP-07", Profile(retry_gap=1.0))
    gap = _check(story, "retry_gap")
    assert not gap.passed
    assert gap.observed == "1.00 s (#1 -> #2)"
    assert play("PLP-07").failed() == set()


def test_plp08_without_a_digest_the_same_containers_and_body_count_as_unchanged() -> None:
    story = Story.of("PLP-08")
    for _ in range(2):
        story.send(A.SUBMIT, ref="R1", containers=story.data.numbers)
    assert story.failed() == {"no_unchanged_resend"}
    fixed = Story.of("PLP-08")
    fixed.send(A.SUBMIT, ref="R1", containers=fixed.data.numbers, goods_digest="a")
    fixed.send(A.SUBMIT, ref="R2", containers=fixed.data.numbers, goods_digest="b")
    assert fixed.failed() == set()


def _gated_out(at_offset: timedelta, text: str | None = None) -> Story:
    story = Story.of("PLP-11")
    client = Client(story)
    client.submit()
    when = text or (story.clock + at_offset).isoformat()
    story.send(
        A.GATE_REPORT,
        containers=story.data.numbers,
        kd_dok="3",
        kd_dok_inout="3",
        seals=",".join(story.data.seals),
        gate_times=f"{when},{when}",
    )
    return story


def test_m6_a_gate_out_time_in_the_future_before_the_release_or_unreadable_fails() -> None:
    assert _gated_out(timedelta()).failed() == set()
    assert _gated_out(timedelta(minutes=4)).failed() == set()  # a few minutes of clock skew
    assert _gated_out(timedelta(hours=1)).failed() == {"gate_time"}
    assert _gated_out(timedelta(hours=-1)).failed() == {"gate_time"}
    assert _gated_out(timedelta(), "10-03-2026").failed() == {"gate_time"}
    assert _gated_out(timedelta(), "soon").failed() == {"gate_time"}


def test_m6_gate_times_are_read_in_every_wire_format_as_wib() -> None:
    late = T0 + timedelta(minutes=1)  # after the release, in WIB: 09:01
    for text in (
        late.isoformat(),
        "20260310090100",  # SOAP WK_INOUT
        "10-03-2026 09:01:00",  # H2H waktuInOut
        "10-03-2026  09:01:00",
        "10-03-2026T09:01:00",
        "2026-03-10T09:01:00",
    ):
        assert _gated_out(timedelta(), text).failed() == set(), text
    assert _gated_out(timedelta(), "20260310020100").failed() == {"gate_time"}  # UTC sent as WIB


def test_s1_several_seals_of_one_container_are_accepted_when_the_released_one_is_there() -> None:
    story = Story.of("PLP-11")
    Client(story).submit()
    first, second = story.data.seals
    story.send(
        A.GATE_REPORT,
        containers=story.data.numbers,
        kd_dok="6",
        kd_dok_inout="3",
        seals=f"EXTRA+{first},{second}",
        gate_times=",".join([story.clock.isoformat()] * 2),
    )
    assert story.failed() == set()


def test_m1_plp04_a_gate_out_of_rejected_goods_names_the_report() -> None:
    story = play("PLP-04", Profile(gate_out_everything=True))
    check = _check(story, "no_gate_out")
    report = story.messages[-1]
    assert (check.passed, check.evidence, check.rule) == (False, (report.seq,), "M1; R3")


def test_f2_plp15_a_silent_client_is_not_graded_as_having_stopped() -> None:
    assert Story.of("PLP-15").failed() == {"client_active"}


def test_plp16_the_password_change_must_be_followed_by_the_new_password() -> None:
    story = Story.of("PLP-16")
    story.send(A.CHANGE_PASSWORD)
    assert story.failed() == {"new_password_used"}


def test_evidence_reads_result_strings_when_no_outcome_is_recorded() -> None:
    def said(result: str, status: int | None = 200) -> str:
        m = Observed(
            1, T0, Direction.CLIENT, Protocol.SOAP11, "op", A.SUBMIT, status=status, result=result
        )
        return ev.outcome(m)

    assert said("Proses Berhasil TPKA1") == ev.ACCEPTED
    assert said("<DOCUMENT><GAGAL><KD_RES>004</KD_RES></GAGAL></DOCUMENT>") == ev.REFUSED
    assert said("Data tidak ditemukan") == ev.EMPTY
    assert said("", 503) == ev.FAILED
    assert said("", None) == ev.FAILED
    assert said("", 409) == ev.REFUSED


def _simulator(story: Story, **details: str) -> Observed:
    seq = len(story.messages) + 1
    m = Observed(
        seq, story.now, Direction.SIMULATOR, story.protocol, "op", A.OTHER, "R1", details=details
    )
    story.messages.append(m)
    return m


def test_r3_a_decision_that_was_not_possible_is_no_evidence_of_a_decision() -> None:
    story = Story.of("PLP-04")
    story.send(A.SUBMIT, ref="R1", containers=story.data.numbers, outcome="refused")
    _simulator(story, move="reject_all", result="not possible: no request")
    story.send(A.POLL_RESPONSE, outcome="accepted", delivered="R1")
    fetched = _check(story, "response_fetched")
    assert not fetched.passed
    assert "never carried out" in fetched.observed


def test_m4_a_destination_poll_counts_by_no_plp_when_the_approval_names_one() -> None:
    story = Story.of("PLP-12")
    approval = next(m for m in story.messages if m.details.get("move") == "approve")
    assert approval.details["no_plp"] == "012345"
    story.send(A.POLL_DESTINATION, outcome="accepted", delivered="999999")  # another PLP
    assert not _check(story, "destination_polled").passed


def test_m4_without_the_approvals_no_plp_any_destination_hand_over_counts() -> None:
    story = Story.of("PLP-12")
    story.messages = [
        m if m.details.get("move") != "approve" else _without(m, "no_plp") for m in story.messages
    ]
    story.send(A.POLL_DESTINATION)
    assert _check(story, "destination_polled").passed


def _without(m: Observed, key: str) -> Observed:
    return replace(m, details={k: v for k, v in m.details.items() if k != key})


def test_plp13_a_redeliver_record_alone_is_not_a_second_delivery_but_two_pushes_are() -> None:
    story = Story.of("PLP-13", Protocol.REST)
    client = Client(story)
    client.submit()
    client.poll()
    client.gate("out", story.data.numbers)
    assert "redeliver" in story.done
    assert "delivered_twice" in story.failed()
    for _ in range(2):
        seq = len(story.messages) + 1
        push = Observed(
            seq, story.now, Direction.SIMULATOR, Protocol.REST, "callback", A.PUSH, "R1"
        )
        story.messages.append(_with(push, delivered="TPKA260310000001"))
    assert story.failed() == set()


def _with(m: Observed, **details: str) -> Observed:
    return replace(m, details=details)


def test_plp16_without_a_recorded_credential_the_answers_tell_which_password_was_used() -> None:
    story = Story.of("PLP-16")
    story.send(A.CHANGE_PASSWORD)
    story.send(A.POLL_RESPONSE)  # answered: it authenticated with the new password
    assert story.failed() == set()
    story.send(A.POLL_RESPONSE, outcome="failed")
    story.messages[-1] = replace(
        story.messages[-1], status=500, result="Username atau password salah"
    )
    assert story.failed() == {"old_password_unused"}


def test_m1_plp03_a_gate_out_of_the_rejected_line_under_other_codes_still_fails() -> None:
    story = Story.of("PLP-03")
    Client(story).submit()
    rejected = story.data.rejected
    story.send(A.POLL_RESPONSE)
    story.send(A.GATE_REPORT, containers=rejected, kd_dok="3", kd_dok_inout="1")
    assert story.failed() == {"no_gate_out"}
    inward = Story.of("PLP-03")
    Client(inward).submit()
    inward.send(A.POLL_RESPONSE)
    inward.send(A.GATE_REPORT, containers=rejected, kd_dok="1", kd_dok_inout="20")
    assert inward.failed() == set()


def test_idempotency_asking_for_the_lost_submission_by_its_ref_number_is_a_recovery() -> None:
    story = Story.of("PLP-06")
    story.send(A.SUBMIT, ref="R1", containers=story.data.numbers)
    story.send(A.ON_DEMAND, ref="R1")
    assert story.failed() == set()
    silent = Story.of("PLP-06")
    silent.send(A.SUBMIT, ref="R1", containers=silent.data.numbers)
    silent.send(A.ON_DEMAND, ref="R9")
    assert silent.failed() == {"recovered"}
