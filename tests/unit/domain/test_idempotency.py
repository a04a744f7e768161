"""A resent request gets its first answer; a reused reference with other content is refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from app.domain.actor import Channel
from app.domain.commands import SubmitPlp
from app.domain.errors import ConflictError
from app.domain.fingerprint import fingerprint
from app.domain.plp_parts import DataType
from app.domain.reasons import PlpReason
from app.domain.status import PlpStatus
from tests.unit.builders import C1, C2, C3, CFSB, TPKA, container, header, package, submit_cmd
from tests.unit.world import World

S = PlpStatus


@pytest.fixture
def world() -> World:
    return World()


def test_idempotency_same_request_sent_again_replays_the_first_answer(world: World) -> None:
    cmd = submit_cmd()
    first = world.submit(cmd)
    trail = world.repo.audit_trail(first.request.id)

    again = world.submit(cmd)

    assert (first.replayed, again.replayed) == (False, True)
    assert again.request.id == first.request.id
    assert again.request.status is S.IN_REVIEW
    assert world.repo.stored_ids == [first.request.id]
    assert world.repo.audit_trail(first.request.id) == trail


def test_idempotency_replay_answers_the_current_state(world: World) -> None:
    cmd = submit_cmd()
    rid = world.submit(cmd).request.id
    world.recommend(rid)
    world.decide(rid, False, "no space")

    again = world.submit(cmd)

    assert again.replayed
    assert again.request.status is S.REJECTED


def test_idempotency_rejected_request_sent_again_replays_its_rejection(world: World) -> None:
    cmd = submit_cmd(bc11_number="999999")
    first = world.submit(cmd)

    again = world.submit(cmd)

    assert again.replayed
    assert again.request.status is S.REJECTED
    assert again.request.findings == first.request.findings


def test_idempotency_reused_reference_with_other_content_is_a_conflict(world: World) -> None:
    world.submit(submit_cmd(numbers=(C1,)))

    with pytest.raises(ConflictError) as refused:
        world.submit(submit_cmd(numbers=(C2,)))

    assert refused.value.rule == "IDEMPOTENCY"
    assert len(world.repo.stored_ids) == 1


def test_idempotency_same_reference_of_another_applicant_is_another_request(
    world: World,
) -> None:
    first = world.submit(submit_cmd(numbers=(C1,)))

    other = world.submit(submit_cmd(CFSB, (C2,), reason=PlpReason.FF_MASTER_AWB))

    assert not other.replayed
    assert other.request.id != first.request.id


def test_idempotency_same_content_through_another_channel_replays(world: World) -> None:
    rest = submit_cmd(reason=PlpReason.NO_LCL_SPACE)
    soap = SubmitPlp(TPKA.via(Channel.SOAP), replace(rest.header, reason_code="2"), rest.containers)
    first = world.submit(rest)

    again = world.submit(soap)

    assert again.replayed
    assert again.request.id == first.request.id
    assert again.request.channel is Channel.REST


def test_idempotency_fingerprint_ignores_the_legacy_reason_code() -> None:
    h, goods = header(), (container(C1),)

    assert fingerprint(h, goods, ()) == fingerprint(replace(h, reason_code="2"), goods, ())


@pytest.mark.parametrize(
    "change",
    [
        {"letter_number": "00102/PLP/TPKA/2026"},
        {"letter_date": date(2026, 11, 26)},
        {"destination_gudang": "CFB2"},
        {"yor_origin": 80.0},
        {"data_type": DataType.MANUAL},
    ],
)
def test_idempotency_fingerprint_changes_with_the_header(change: dict[str, Any]) -> None:
    h, goods = header(), (container(C1),)

    assert fingerprint(h, goods, ()) != fingerprint(replace(h, **change), goods, ())


def test_idempotency_fingerprint_changes_with_the_goods() -> None:
    h = header()
    base = fingerprint(h, (container(C1),), (package(),))

    changed = [
        fingerprint(h, (container(C2),), (package(),)),
        fingerprint(h, (container(C1, iso_type="22G1"),), (package(),)),
        fingerprint(h, (container(C1),), (package(count=9),)),
        fingerprint(h, (container(C1),), ()),
    ]

    assert base not in changed
    assert len(set(changed)) == len(changed)


def test_idempotency_concurrent_twin_with_the_same_content_is_replayed(world: World) -> None:
    cmd = submit_cmd(numbers=(C3,))
    twin = World().submit(cmd).request
    world.repo.racing_twins.append(twin)

    result = world.submit(cmd)

    assert result.replayed
    assert result.request.id == twin.id
    assert world.repo.stored_ids == [twin.id]


def test_idempotency_concurrent_twin_with_other_content_is_a_conflict(world: World) -> None:
    twin = World().submit(submit_cmd(numbers=(C3,))).request
    world.repo.racing_twins.append(twin)

    with pytest.raises(ConflictError):
        world.submit(submit_cmd(numbers=(C1,)))

    assert world.repo.stored_ids == [twin.id]
