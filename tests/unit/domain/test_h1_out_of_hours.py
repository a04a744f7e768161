"""H1: a move outside working hours needs the origin TPS's timely notice with three attachments;
the release (the move's start) is refused without it, a gate-out is recorded and flagged."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.adapters.calendars import OfficeCalendars
from app.domain import commands as c
from app.domain.actor import Actor
from app.domain.commands import NotifyOutOfHours, UploadedFile
from app.domain.errors import ForbiddenError, InvalidInputError, RuleViolationError
from app.domain.out_of_hours import AttachmentKind, check_attachment, is_out_of_hours
from app.domain.push import PushEventType, events_of_request
from app.domain.queues import QueueSpec
from app.domain.reference import OfficeInfo
from app.domain.services import out_of_hours, procedure, queries
from app.domain.services.simulation import advance
from app.domain.simulation import SimulationPolicy
from app.domain.status import PlpStatus
from tests.unit.builders import C1, C2, CFSB, KASUBSI, ORIGIN_SUP, P2_SECTION, TPKA, seals_for
from tests.unit.domain.test_simulation_policy import officer
from tests.unit.world import World

WIB = ZoneInfo("Asia/Jakarta")
PDF = b"%PDF-1.7\n% a statement\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
PRIOK = OfficeCalendars(
    lambda code: OfficeInfo(code, "x", "Asia/Jakarta", "24x7" if code == "050100" else "standard")
)


def wib(mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(2026, mo, d, h, mi, tzinfo=WIB)


@pytest.mark.parametrize(
    ("at", "outside"),
    [
        (wib(11, 25, 7, 29), True),
        (wib(11, 25, 7, 30), False),
        (wib(11, 25, 12, 30), False),  # the break is part of the working day
        (wib(11, 25, 16, 59), False),
        (wib(11, 25, 17, 0), True),
        (wib(11, 28, 10, 0), True),  # Saturday
        (wib(12, 25, 10, 0), True),  # Christmas Day, a Friday
        (wib(12, 24, 10, 0), True),  # cuti bersama, observed at Tanjung Priok
    ],
)
def test_h1_out_of_hours_means_outside_the_working_day_or_on_a_closed_day(
    at: datetime, outside: bool
) -> None:
    assert is_out_of_hours(PRIOK.calendar("040300"), at) is outside


def test_h1_a_24x7_office_has_no_out_of_hours() -> None:
    assert not is_out_of_hours(PRIOK.calendar("050100"), wib(12, 25, 3))


@pytest.mark.parametrize(
    ("content_type", "content", "why"),
    [
        ("text/plain", b"hello", "not accepted"),
        ("application/pdf", PNG, "not a application/pdf"),
        ("image/png", b"", "1 to"),
        ("application/pdf", PDF + b"x" * 2048, "1 to"),
    ],
)
def test_h1_attachments_have_type_and_size_limits(
    content_type: str, content: bytes, why: str
) -> None:
    with pytest.raises(InvalidInputError) as refused:
        check_attachment(AttachmentKind.ORIGIN_STATEMENT, "a", content_type, content, 1024)

    assert why in refused.value.detail and refused.value.field == "origin_statement"


def test_h1_attachment_is_stored_with_its_checksum() -> None:
    a = check_attachment(AttachmentKind.APPROVED_REQUEST, "plp.pdf", "application/pdf", PDF, 1024)

    assert (a.size, a.sha256) == (len(PDF), hashlib.sha256(PDF).hexdigest())


def files(*skip: AttachmentKind) -> dict[AttachmentKind, UploadedFile]:
    return {
        kind: UploadedFile(f"{kind.value}.pdf", "application/pdf", PDF)
        for kind in AttachmentKind
        if kind not in skip
    }


@pytest.fixture
def world() -> World:
    return World()  # Wednesday 25 November 2026, 09:00 WIB


def notify(world: World, rid: str, start: datetime, hours: int = 4, **kw: object) -> None:
    cmd = NotifyOutOfHours(
        kw.pop("actor", TPKA),
        rid,
        start,
        start + timedelta(hours=hours),  # type: ignore[arg-type]
        kw.pop("files", files()),
        1024,
    )  # type: ignore[arg-type]
    out_of_hours.notify(cmd, world.uow, world.clock)


def gate_out(world: World, rid: str, at: datetime) -> PlpStatus:
    world.clock.set(at + timedelta(minutes=5))
    return procedure.gate_out(c.RecordGateOut(TPKA, rid, at), world.uow, world.clock).status


def release(world: World, rid: str, at: datetime, matched: bool = True) -> PlpStatus:
    world.clock.set(at)
    seals = seals_for(world.stored(rid)) if matched else ()
    note = "" if matched else "the goods are not at the origin TPS"
    cmd = c.RecordOriginCheck(ORIGIN_SUP, rid, matched, note=note, seals=seals)
    return procedure.check_at_origin(cmd, world.uow, world.clock).status


def queue(world: World, actor: Actor) -> list[str]:
    page = queries.work_queue(QueueSpec.for_actor(actor, 50, None), world.uow)
    return [item.id for item in page.items]


def actions(world: World, rid: str) -> list[str]:
    return [e.action for e in world.repo.audit_trail(rid)]


# --- before the move: the release (M2) ------------------------------------------------------


def test_h1_release_at_night_without_a_notice_is_refused_and_changes_nothing(world: World) -> None:
    rid = world.approved()

    with pytest.raises(RuleViolationError) as refused:
        release(world, rid, wib(11, 25, 20, 30))

    assert refused.value.rule == "H1" and "3 hours before" in refused.value.detail
    assert "release at 2026-11-25T20:30+07:00" in refused.value.detail
    stored = world.stored(rid)
    assert stored.status is PlpStatus.APPROVED and stored.origin_check is None
    assert "origin_checked" not in actions(world, rid)


def test_h1_release_on_a_closed_day_without_a_notice_is_refused(world: World) -> None:
    rid = world.approved()

    with pytest.raises(RuleViolationError) as refused:
        release(world, rid, wib(11, 28, 10))  # a Saturday, at an hour of a working day

    assert refused.value.rule == "H1"


def test_h1_release_at_night_within_a_timely_notice_goes_through(world: World) -> None:
    rid = world.approved()
    notify(world, rid, wib(11, 25, 20))

    assert release(world, rid, wib(11, 25, 20, 10)) is PlpStatus.RELEASED
    assert gate_out(world, rid, wib(11, 25, 20, 30)) is PlpStatus.GATED_OUT
    stored = world.stored(rid)
    assert not stored.out_of_hours_alert and "out_of_hours_move" not in actions(world, rid)


def test_h1_release_before_the_notices_planned_start_is_refused(world: World) -> None:
    """The move starts at the release: one earlier than announced is not announced."""
    rid = world.approved()
    notify(world, rid, wib(11, 25, 20))

    with pytest.raises(RuleViolationError) as early:
        release(world, rid, wib(11, 25, 19, 30))

    assert early.value.rule == "H1"
    assert world.stored(rid).status is PlpStatus.APPROVED


def test_h1_release_in_working_hours_needs_no_notice(world: World) -> None:
    rid = world.approved()

    assert release(world, rid, wib(11, 25, 16, 59)) is PlpStatus.RELEASED


def test_h1_a_refused_release_starts_no_move_and_needs_no_notice(world: World) -> None:
    rid = world.approved()

    assert release(world, rid, wib(11, 25, 21), matched=False) is PlpStatus.RELEASE_REFUSED


def test_h1_the_auto_officer_waits_to_release_at_night_without_a_notice(world: World) -> None:
    rid = world.approved()
    world.clock.set(wib(11, 25, 21))
    auto = officer(world, SimulationPolicy.preset("rules"))

    assert advance(auto, rid, {}) == 0
    assert world.stored(rid).status is PlpStatus.APPROVED


# --- after the move: a gate-out is recorded, and flagged without a notice ----------------------


def test_h1_gate_out_at_night_without_a_notice_is_recorded_and_flagged_for_p2(
    world: World,
) -> None:
    rid = world.released()

    assert gate_out(world, rid, wib(11, 25, 20, 30)) is PlpStatus.GATED_OUT

    stored = world.stored(rid)
    assert stored.out_of_hours_alert
    assert all(line.gated_out_at == wib(11, 25, 20, 30) for line in stored.lines)
    flagged = [e for e in world.repo.audit_trail(rid) if e.action == "out_of_hours_move"]
    assert len(flagged) == 1 and flagged[0].detail["rule"] == "H1"
    assert flagged[0].detail["copied_to"] == ["p2_section"]
    assert queue(world, P2_SECTION) == [rid]


def test_h1_gate_out_at_night_with_a_timely_notice_goes_through(world: World) -> None:
    rid = world.released()
    notify(world, rid, wib(11, 25, 20))

    assert gate_out(world, rid, wib(11, 25, 20, 30)) is PlpStatus.GATED_OUT
    assert "out_of_hours_notified" in actions(world, rid)
    assert actions(world, rid)[-1] == "all_gated_out"
    assert not world.stored(rid).out_of_hours_alert


def test_h1_gate_out_in_working_hours_needs_no_notice(world: World) -> None:
    rid = world.released()

    assert gate_out(world, rid, wib(11, 25, 10)) is PlpStatus.GATED_OUT
    assert not world.stored(rid).out_of_hours_alert


def test_h1_notice_covers_only_its_own_window(world: World) -> None:
    rid = world.released()
    notify(world, rid, wib(11, 25, 20), hours=2)

    assert gate_out(world, rid, wib(11, 28, 9)) is PlpStatus.GATED_OUT  # Saturday

    assert world.stored(rid).out_of_hours_alert  # not the notified evening


def test_h1_the_p2_sections_conclusion_clears_the_flag(world: World) -> None:
    rid = world.released()
    gate_out(world, rid, wib(11, 25, 20, 30))
    world.clock.set(wib(11, 26, 9))

    cmd = c.ConcludeInvestigation(P2_SECTION, rid, "driver's statement taken", "may_enter")
    procedure.conclude_investigation(cmd, world.uow, world.clock)

    assert not world.stored(rid).out_of_hours_alert
    assert world.stored(rid).status is PlpStatus.GATED_OUT
    assert queue(world, P2_SECTION) == []


def test_h1_a_flag_is_pushed_to_the_tps_of_the_move(world: World) -> None:
    rid = world.released()
    gate_out(world, rid, wib(11, 25, 20, 30))
    request = world.stored(rid)
    flagged = [e for e in world.repo.audit_trail(rid) if e.action == "out_of_hours_move"]

    pushed = events_of_request(request, flagged)

    assert sorted(e.tps_code for e in pushed) == ["CFSB", "TPKA"]
    assert {e.type for e in pushed} == {PushEventType.OUT_OF_HOURS}
    data = pushed[0].data
    assert data["flag"] == "out_of_hours_move" and data["rule"] == "H1"
    assert data["time"] == wib(11, 25, 20, 30).isoformat()


# --- the notice: addressed to the manifest section head, copied to the P2 section --------------


def test_h1_notice_reaches_the_section_head_and_p2_until_the_goods_leave(world: World) -> None:
    rid, other = world.approved(numbers=(C1,)), world.approved(numbers=(C2,))
    notify(world, rid, wib(11, 25, 20))
    event = next(e for e in world.repo.audit_trail(rid) if e.action == "out_of_hours_notified")

    waiting = (queue(world, KASUBSI), queue(world, P2_SECTION))
    release(world, rid, wib(11, 25, 20, 10))
    released = (queue(world, KASUBSI), queue(world, P2_SECTION))
    gate_out(world, rid, wib(11, 25, 20, 30))

    assert event.detail["addressed_to"] == "kasubsi_manifest"
    assert event.detail["copied_to"] == ["p2_section"]
    assert waiting == ([rid], [rid]) and released == ([rid], [rid])
    assert (queue(world, KASUBSI), queue(world, P2_SECTION)) == ([], [])
    assert other not in waiting[0]


def test_h1_a_notice_is_pushed_to_the_tps_of_the_move(world: World) -> None:
    rid = world.approved()
    notify(world, rid, wib(11, 25, 20))
    request = world.stored(rid)
    event = [e for e in world.repo.audit_trail(rid) if e.action == "out_of_hours_notified"]

    pushed = events_of_request(request, event)

    assert sorted(e.tps_code for e in pushed) == ["CFSB", "TPKA"]
    data = pushed[0].data
    assert pushed[0].type is PushEventType.OUT_OF_HOURS
    assert data["flag"] == "out_of_hours_notified"
    assert data["planned_start"] == wib(11, 25, 20).isoformat()
    assert data["addressed_to"] == "kasubsi_manifest" and data["copied_to"] == ["p2_section"]


def test_h1_notice_after_the_move_is_refused_and_changes_nothing(world: World) -> None:
    rid = world.released()
    gate_out(world, rid, wib(11, 25, 10))
    world.clock.set(wib(11, 25, 11))

    with pytest.raises(RuleViolationError) as after:
        notify(world, rid, wib(11, 25, 20))

    assert after.value.rule == "H1" and "after the move" in after.value.detail
    assert world.uow.out_of_hours.for_request(rid) == []
    assert world.stored(rid).out_of_hours_notice_at is None
    assert "out_of_hours_notified" not in actions(world, rid)


def test_h1_notice_for_a_move_planned_in_the_past_is_refused(world: World) -> None:
    rid = world.released()
    world.clock.set(wib(11, 25, 21))

    with pytest.raises(RuleViolationError) as late:
        notify(world, rid, wib(11, 25, 20))

    assert late.value.rule == "H1" and "after the move started" in late.value.detail
    assert world.uow.out_of_hours.for_request(rid) == []


def test_h1_notice_less_than_3_hours_ahead_is_refused(world: World) -> None:
    rid = world.released()
    world.clock.set(wib(11, 25, 17, 1))

    with pytest.raises(RuleViolationError) as late:
        notify(world, rid, wib(11, 25, 20))

    assert late.value.rule == "H1"


def test_h1_notice_comes_from_the_origin_tps_with_every_attachment(world: World) -> None:
    rid = world.released()

    with pytest.raises(ForbiddenError):
        notify(world, rid, wib(11, 25, 20), actor=CFSB)
    with pytest.raises(InvalidInputError) as missing:
        notify(world, rid, wib(11, 25, 20), files=files(AttachmentKind.DESTINATION_STATEMENT))

    assert "destination_statement" in missing.value.detail
    assert world.uow.out_of_hours.for_request(rid) == []


def test_h1_notice_needs_an_approved_request(world: World) -> None:
    rid = world.in_review()

    with pytest.raises(InvalidInputError):
        notify(world, rid, wib(11, 25, 20))
