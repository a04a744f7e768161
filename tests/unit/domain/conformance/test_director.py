"""Issue 17: what the simulator does in each scenario, from the evidence so far."""

from __future__ import annotations

from app.domain.conformance.director import Move, MoveKind, closing_moves, fault_for, next_moves
from app.domain.conformance.model import Action, Direction, Fault, Observed, Protocol
from tests.unit.domain.conformance.story import T0, Story

K = MoveKind


def _incoming(story: Story, action: Action) -> Observed:
    return Observed(len(story.messages) + 1, T0, Direction.CLIENT, story.protocol, "op", action)


def _names(moves: tuple[Move, ...]) -> list[str]:
    return [m.name for m in moves]


def test_a_move_is_named_after_its_kind_unless_named() -> None:
    assert Move(K.APPROVE).name == "approve"
    assert Move(K.ADVANCE_CLOCK, {"hours": "3"}, name="wait").name == "wait"


def test_m4_plp12_the_partner_files_approves_releases_and_gates_out_in_order_once() -> None:
    story = Story.of("PLP-12")
    data, spec = story.data, story.spec
    assert _names(next_moves(spec, data, [], frozenset())) == [
        "file_as_partner",
        "approve",
        "release",
        "partner_gate_out",
    ]
    release = next_moves(spec, data, [], frozenset({"file_as_partner", "approve"}))[0]
    assert release.params["seals"].split(",") == list(data.seals)
    assert release.params["ref_number"] == data.partner_ref
    assert next_moves(spec, data, story.messages, frozenset(story.done)) == ()


def test_a_move_that_was_not_carried_out_is_due_again() -> None:
    story = Story.of("PLP-11")
    story.send(Action.SUBMIT, ref="R1", containers=story.data.numbers)
    assert _names(next_moves(story.spec, story.data, story.messages, frozenset())) == [
        "approve",
        "release",
    ]
    assert _names(next_moves(story.spec, story.data, story.messages, frozenset({"approve"}))) == [
        "release"
    ]


def test_nothing_is_decided_before_a_submission_is_accepted() -> None:
    story = Story.of("PLP-11")
    story.send(Action.SUBMIT, ref="R1", after=1, outcome="refused")
    assert next_moves(story.spec, story.data, story.messages, frozenset()) == ()


def test_r3_plp02_the_approval_waits_for_two_empty_polls() -> None:
    story = Story.of("PLP-02")
    story.send(Action.SUBMIT, ref="R1")
    story.send(Action.POLL_RESPONSE)
    assert "approve" not in story.done
    story.send(Action.POLL_RESPONSE)
    assert "approve" in story.done


def test_r3_plp03_one_line_rejected_and_only_the_others_released() -> None:
    story = Story.of("PLP-03")
    story.send(Action.SUBMIT, ref="R1")
    reject, release = next_moves(story.spec, story.data, story.messages, frozenset())
    assert reject.kind is K.REJECT_LINES
    assert reject.params["containers"] == story.data.numbers[1]
    assert release.params["containers"].split(",") == [story.data.numbers[0], story.data.numbers[2]]


def test_r3_plp04_the_whole_request_is_rejected_with_a_reason() -> None:
    story = Story.of("PLP-04")
    story.send(Action.SUBMIT, ref="R1")
    (reject,) = next_moves(story.spec, story.data, story.messages, frozenset())
    assert reject.kind is K.REJECT_ALL
    assert reject.params == {"ref_number": "R1", "reason": story.data.reject_reason}


def test_l1_plp10_the_cancellation_is_decided_after_it_is_filed() -> None:
    story = Story.of("PLP-10")
    story.send(Action.SUBMIT, ref="R1")
    assert "decide_cancellation" not in story.done
    story.send(Action.CANCEL, ref="C1")
    decided = story.messages[-1]
    assert decided.details["move"] == "decide_cancellation"
    assert (decided.details["cancellation_ref"], decided.details["decision"]) == ("C1", "approve")


def test_h1_plp14_out_of_hours_and_the_release_waits_for_the_notice_and_three_hours() -> None:
    story = Story.of("PLP-14")
    assert story.done == {"set_clock"}
    story.send(Action.SUBMIT, ref="R1")
    assert "release" not in story.done
    story.send(Action.OUT_OF_HOURS_NOTICE, ref="N1")
    wait, release = story.messages[-2:]
    assert (wait.details["move"], wait.details["hours"]) == ("advance_clock", "3")
    assert release.details["move"] == "release"


def test_f1_plp15_the_outage_reaches_past_six_working_hours_and_ends_at_finish() -> None:
    story = Story.of("PLP-15")
    declare, advance = story.messages
    assert declare.details["move"] == "declare_outage"
    assert float(advance.details["working_hours"]) > 6
    assert closing_moves(story.spec) == (Move(K.END_OUTAGE),)
    assert closing_moves(Story.of("PLP-14").spec) == ()


def test_plp13_over_rest_the_callback_is_pushed_again() -> None:
    story = Story.of("PLP-13", Protocol.REST)
    story.send(Action.SUBMIT, ref="R1")
    assert "redeliver" in story.done
    soap = Story.of("PLP-13")
    soap.send(Action.SUBMIT, ref="R1")
    assert "redeliver" not in soap.done


def test_faults_on_the_first_submission_only() -> None:
    for scenario_id, fault in (
        ("PLP-06", Fault.DROP_AFTER_COMMIT),
        ("PLP-07", Fault.UNAVAILABLE),
        ("PLP-09", Fault.LATENCY),
    ):
        story = Story.of(scenario_id)
        assert fault_for(story.spec, story.data, _incoming(story, Action.SUBMIT), []) is fault
        assert fault_for(story.spec, story.data, _incoming(story, Action.POLL_RESPONSE), []) is None
        story.send(Action.SUBMIT, ref="R1")
        second = _incoming(story, Action.SUBMIT)
        assert fault_for(story.spec, story.data, second, story.messages) is None


def test_plp05_the_first_poll_after_the_approval_is_cut_and_no_other() -> None:
    story = Story.of("PLP-05")
    poll = _incoming(story, Action.POLL_RESPONSE)
    assert fault_for(story.spec, story.data, poll, story.messages) is None  # nothing to carry
    story.send(Action.SUBMIT, ref="R1")
    on_demand = _incoming(story, Action.ON_DEMAND)
    assert fault_for(story.spec, story.data, on_demand, story.messages) is None
    assert story.send(Action.POLL_RESPONSE).fault is Fault.TRUNCATED_REPLY
    assert story.send(Action.POLL_RESPONSE).fault is None


def test_plp13_the_poll_after_the_one_that_handed_the_approval_over_repeats_it_once() -> None:
    story = Story.of("PLP-13")
    story.send(Action.SUBMIT, ref="R1")
    first = story.send(Action.POLL_RESPONSE)
    assert (first.fault, first.details["delivered"]) == (None, "012345")
    assert story.send(Action.POLL_RESPONSE).fault is Fault.DUPLICATE_DELIVERY
    assert story.send(Action.POLL_RESPONSE).fault is None


def test_scenarios_without_faults_inject_none() -> None:
    for scenario_id in ("PLP-01", "PLP-02", "PLP-11", "PLP-15", "PLP-16"):
        story = Story.of(scenario_id)
        story.send(Action.SUBMIT, ref="R1")
        for action in Action:
            incoming = _incoming(story, action)
            assert fault_for(story.spec, story.data, incoming, story.messages) is None
