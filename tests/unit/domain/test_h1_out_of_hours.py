"""H1: a move outside working hours needs the origin TPS's timely notice with three attachments."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.adapters.calendars import OfficeCalendars
from app.domain import commands as c
from app.domain.commands import NotifyOutOfHours, UploadedFile
from app.domain.errors import ForbiddenError, InvalidInputError, RuleViolationError
from app.domain.out_of_hours import AttachmentKind, check_attachment, is_out_of_hours
from app.domain.reference import OfficeInfo
from app.domain.services import out_of_hours, procedure
from app.domain.status import PlpStatus
from tests.unit.builders import CFSB, TPKA
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


def test_h1_gate_out_at_night_without_a_notice_is_refused(world: World) -> None:
    rid = world.released()

    with pytest.raises(RuleViolationError) as refused:
        gate_out(world, rid, wib(11, 25, 20, 30))

    assert refused.value.rule == "H1" and "3 hours before" in refused.value.detail
    assert world.stored(rid).status is PlpStatus.RELEASED
    assert all(line.gated_out_at is None for line in world.stored(rid).lines)


def test_h1_gate_out_at_night_with_a_timely_notice_goes_through(world: World) -> None:
    rid = world.released()
    notify(world, rid, wib(11, 25, 20))

    assert gate_out(world, rid, wib(11, 25, 20, 30)) is PlpStatus.GATED_OUT
    actions = [e.action for e in world.repo.audit_trail(rid)]
    assert "out_of_hours_notified" in actions and actions[-1] == "all_gated_out"


def test_h1_gate_out_in_working_hours_needs_no_notice(world: World) -> None:
    rid = world.released()

    assert gate_out(world, rid, wib(11, 25, 10)) is PlpStatus.GATED_OUT


def test_h1_notice_covers_only_its_own_window(world: World) -> None:
    rid = world.released()
    notify(world, rid, wib(11, 25, 20), hours=2)

    with pytest.raises(RuleViolationError):
        gate_out(world, rid, wib(11, 28, 9))  # Saturday, not the notified evening


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
