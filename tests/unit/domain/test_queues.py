"""Work queues: what each role waits for (R1-R3, M2-M5), oldest first, within its scope."""

from __future__ import annotations

import pytest

from app.domain import commands as c
from app.domain.actor import Actor, Role
from app.domain.queues import ListFilter, QueueSpec, Scope
from app.domain.reasons import PlpReason
from app.domain.services import procedure, queries
from app.domain.status import PlpStatus
from tests.unit.builders import (
    ADMIN,
    C1,
    C2,
    C3,
    C4,
    CFSB,
    DEST_SUP,
    KASUBSI,
    KOJA,
    MANIFEST,
    ORIGIN_SUP,
    OTHER_OFFICE,
    P2,
    P2_SECTION,
    TPKA,
    officer,
)
from tests.unit.world import World

R = PlpReason
FROM_KOJA = {"actor": KOJA, "origin_tps": "KOJA", "origin_gudang": "KOJA"}


@pytest.fixture
def world() -> World:
    return World()


def queue(world: World, actor: Actor) -> list[str]:
    page = queries.work_queue(QueueSpec.for_actor(actor, 50, None), world.uow)
    return [item.id for item in page.items]


def test_r2_manifest_officer_waits_for_requests_without_its_recommendation(world: World) -> None:
    waiting = world.in_review(numbers=(C1,))
    routed = world.in_review(numbers=(C2,), reason=R.YOR_SOR, yor_origin=80.0)
    world.recommend(world.in_review(numbers=(C3,)))

    assert queue(world, MANIFEST) == [waiting, routed]


def test_r1_p2_officer_waits_for_routed_requests_without_its_recommendation(world: World) -> None:
    world.in_review(numbers=(C1,))
    routed = world.in_review(numbers=(C2,), reason=R.YOR_SOR, yor_origin=80.0)
    world.recommend(world.in_review(numbers=(C3,), reason=R.STAGNATION), "p2")

    assert queue(world, P2) == [routed]


def test_r3_kasubsi_waits_for_requests_with_every_recommendation(world: World) -> None:
    manifest_only = world.in_review(numbers=(C1,))
    world.recommend(manifest_only)
    half = world.in_review(numbers=(C2,), reason=R.YOR_SOR, yor_origin=80.0)
    world.recommend(half)
    both = world.in_review(numbers=(C3,), reason=R.STAGNATION)
    world.recommend(both)
    world.recommend(both, "p2")
    world.in_review(numbers=(C4,))

    assert queue(world, KASUBSI) == [manifest_only, both]


def test_m2_origin_supervisor_waits_for_approvals_leaving_its_tps(world: World) -> None:
    from_tpka = world.approved(numbers=(C1,))
    world.discharged("KOJA", C2)
    from_koja = world.approved(numbers=(C2,), **FROM_KOJA)
    world.in_review(numbers=(C3,))
    koja_supervisor = officer(Role.ORIGIN_SUPERVISOR, supervises=("KOJA",))

    assert (queue(world, ORIGIN_SUP), queue(world, koja_supervisor)) == ([from_tpka], [from_koja])


def test_m2_manifest_officer_follows_up_refused_releases(world: World) -> None:
    refused = world.approved(numbers=(C1,))
    world.check_origin(refused, matched=False, note="wrong container presented")
    world.approved(numbers=(C2,))

    assert queue(world, MANIFEST) == [refused]


def test_m4_destination_supervisor_waits_for_goods_gated_out_to_its_tps(world: World) -> None:
    on_the_road = world.gated_out(numbers=(C1,))
    world.released(numbers=(C2,))
    tpka_supervisor = officer(Role.DESTINATION_SUPERVISOR, supervises=("TPKA",))

    assert (queue(world, DEST_SUP), queue(world, tpka_supervisor)) == ([on_the_road], [])


def test_m4_p2_section_waits_for_discrepancies(world: World) -> None:
    discrepancy = world.gated_out(numbers=(C1,))
    world.check_destination(discrepancy, matched=False, note="seal broken")
    world.entered(numbers=(C2,))

    assert queue(world, P2_SECTION) == [discrepancy]


def test_m3_m5_tps_waits_to_record_its_gate_out_and_gate_in(world: World) -> None:
    released = world.released(numbers=(C1,))
    entered = world.entered(numbers=(C2,))
    world.approved(numbers=(C3,))

    waiting = {tps.username: queue(world, tps) for tps in (TPKA, CFSB, KOJA)}

    assert waiting == {"tpka": [released, entered], "cfsb": [entered], "koja": []}


def test_m3_gate_out_queue_keeps_a_request_until_every_line_is_out(world: World) -> None:
    rid = world.released(numbers=(C1, C2))
    cmd = c.RecordGateOut(TPKA, rid, world.clock.now(), line_nos=(1,))
    procedure.gate_out(cmd, world.uow, world.clock)

    assert queue(world, TPKA) == [rid]


def test_rasci_officer_of_another_office_has_an_empty_queue(world: World) -> None:
    world.in_review(numbers=(C1,))

    assert queue(world, officer(Role.MANIFEST_OFFICER, OTHER_OFFICE)) == []


def test_rasci_scope_of_each_kind_of_account() -> None:
    scopes = [Scope.of(TPKA), Scope.of(ORIGIN_SUP), Scope.of(ADMIN)]

    assert scopes == [
        Scope(tps_code="TPKA"),
        Scope(office_code="040300", supervised_tps=frozenset({"TPKA"})),
        Scope(),
    ]


def test_rasci_admin_has_no_work_queue(world: World) -> None:
    world.in_review(numbers=(C1,))

    assert queue(world, ADMIN) == []


def test_list_shows_the_requests_of_a_tps_newest_first(world: World) -> None:
    older = world.in_review(numbers=(C1,))
    newer = world.in_review(numbers=(C2,))
    world.discharged("KOJA", C3)
    world.in_review(numbers=(C3,), **FROM_KOJA)  # KOJA to CFSB: not TPKA's
    filters = ListFilter(Scope.of(TPKA), statuses=(PlpStatus.IN_REVIEW,))

    page = queries.list_requests(filters, world.uow)

    assert [item.id for item in page.items] == [newer, older]
