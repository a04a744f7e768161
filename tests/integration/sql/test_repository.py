"""The SQL repository and unit of work, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app.adapters.sql.database import Database
from app.adapters.sql.unit_of_work import SqlUnitOfWork
from app.domain.actor import Actor, Channel, Role
from app.domain.eligibility import TpsInfo
from app.domain.errors import ConflictError, DuplicateSubmissionError
from app.domain.lines import ContainerSpec, PackageSpec, lines_from
from app.domain.plp_parts import Cancellation, OriginCheck, PlpHeader
from app.domain.plp_request import LineDecision, PlpRequest
from app.domain.ports.plp import TpsPair
from app.domain.queues import ListFilter, QueueSpec, Scope
from app.domain.reasons import ApplicantSide, PlpReason

T0 = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
TPKA = Actor("tpka", Role.TPS_OPERATOR, tps_code="TPKA")
KASUBSI = Actor("kasubsi", Role.KASUBSI_MANIFEST, office_code="040300")
PAIR = TpsPair(
    TpsInfo("TPKA", "T", "040300", frozenset({"TPKA"}), 65),
    TpsInfo("CFSB", "C", "040300", frozenset({"CFB1"})),
)


def _header(ref: str, reason: PlpReason = PlpReason.YOR_SOR) -> PlpHeader:
    return PlpHeader(
        "040300",
        ref,
        "L-1",
        date(2026, 11, 24),
        "TPKA",
        "TPKA",
        "CFSB",
        "CFB1",
        reason,
        "001234",
        date(2026, 11, 20),
        "BUDI",
        yor_origin=72.5,
    )


def _request(ref: str, *numbers: str, at: datetime = T0) -> PlpRequest:
    lines = lines_from(
        tuple(ContainerSpec(n, "20", "22G1") for n in numbers),
        (PackageSpec("PK", 10, "HBL-LCL-0001", date(2026, 11, 11)),),
    )
    request = PlpRequest(
        f"id{ref}", _header(ref), lines, "TPKA", ApplicantSide.ORIGIN, Channel.REST, at, "f" * 64
    )
    request.accept(TPKA, at + timedelta(days=3))
    return request


def test_a_request_comes_back_as_it_was_stored(database: Database) -> None:
    request = _request("R1", "MSKU1001373")
    with SqlUnitOfWork(database) as uow:
        uow.plp_requests.add(request)
        uow.commit()

    with SqlUnitOfWork(database) as uow:
        loaded = uow.plp_requests.get(request.id)
        trail = uow.plp_requests.audit_trail(request.id)

    assert loaded == request
    assert loaded is not None and loaded.submitted_at.tzinfo is not None
    assert [e.action for e in trail] == ["submitted"]


def test_every_part_of_a_decided_and_cancelled_request_survives(database: Database) -> None:
    request = _request("R2", "MSKU1001373", "TGHU1002113")
    request.recommend("manifest", Actor("m", Role.MANIFEST_OFFICER), T0, True, "ok")
    request.recommend("p2", Actor("p", Role.P2_OFFICER), T0, True, "")
    request.decide(
        KASUBSI, T0, True, None, {2: LineDecision(2, False, "no")}, "000042", date(2026, 11, 24)
    )
    request.check_at_origin(Actor("s", Role.ORIGIN_SUPERVISOR), T0, False, (), "short")
    request.follow_up(Actor("m", Role.MANIFEST_OFFICER), T0, "fixed")
    request.cancel(
        TPKA,
        T0,
        Cancellation(
            "tpka", T0, "wrong", "000007", date(2026, 11, 24), "REF-B", "L-2", date(2026, 11, 24)
        ),
        [],
    )
    request.decide_cancellation(KASUBSI, T0, "000007", False, "the goods are needed")  # L1
    request.cancel(
        TPKA, T0, Cancellation("tpka", T0, "again", "000008", T0.date(), None, None, None), []
    )
    with SqlUnitOfWork(database) as uow:
        uow.plp_requests.add(request)
        uow.commit()

    with SqlUnitOfWork(database) as uow:
        loaded = uow.plp_requests.get(request.id)

    assert loaded == request
    assert loaded is not None and loaded.origin_check == OriginCheck("s", T0, False, (), "short")
    assert [c.state.value for c in loaded.cancellations] == ["REFUSED", "PENDING"]


def test_a_stale_save_is_refused(database: Database) -> None:
    request = _request("R3", "MSKU1001373")
    with SqlUnitOfWork(database) as uow:
        uow.plp_requests.add(request)
        uow.commit()
    with SqlUnitOfWork(database) as uow:
        first = uow.plp_requests.get(request.id, for_update=False)
    with SqlUnitOfWork(database) as uow:
        second = uow.plp_requests.get(request.id, for_update=False)
    assert first is not None and second is not None
    first.recommend("manifest", Actor("m", Role.MANIFEST_OFFICER), T0, True, "")
    second.recommend("manifest", Actor("n", Role.MANIFEST_OFFICER), T0, False, "")

    with SqlUnitOfWork(database) as uow:
        uow.plp_requests.save(first)
        uow.commit()
    with SqlUnitOfWork(database) as uow, pytest.raises(ConflictError):
        uow.plp_requests.save(second)


def test_e5_the_database_refuses_a_second_active_line_for_the_same_goods(
    database: Database,
) -> None:
    with SqlUnitOfWork(database) as uow:
        uow.plp_requests.add(_request("R4", "MSKU1001373"))
        uow.commit()

    with SqlUnitOfWork(database) as uow, pytest.raises(DuplicateSubmissionError):
        uow.plp_requests.add(_request("R5", "MSKU1001373"))


def test_facts_gather_manifest_declarations_releases_active_lines_and_prior(
    database: Database,
) -> None:
    with SqlUnitOfWork(database) as uow:
        uow.plp_requests.add(_request("R6", "CSQU1001743"))
        uow.commit()
    probe = _request("R6", "CSQU1001743", "OOLU1006187", "HLXU1006556", "ABCU1234560")

    with SqlUnitOfWork(database) as uow:
        facts, prior = uow.plp_requests.gather_facts(probe.header, "TPKA", probe.lines, PAIR)

    assert prior is not None and prior.request_id == "idR6"
    assert facts.manifest_found
    assert set(facts.in_manifest) == {
        "C:CSQU1001743",
        "C:OOLU1006187",
        "C:HLXU1006556",
        "K:HBL-LCL-0001:2026-11-11",
    }
    assert facts.in_manifest["C:CSQU1001743"].facts.pos_number == "000300000000"
    assert facts.in_manifest["K:HBL-LCL-0001:2026-11-11"].package_count == 10
    assert set(facts.declared) == {"C:OOLU1006187", "C:HLXU1006556"}
    assert set(facts.released) == {"C:HLXU1006556"}
    assert set(facts.active_elsewhere) == {"C:CSQU1001743", "K:HBL-LCL-0001:2026-11-11"}


def test_a_declaration_of_a_house_bl_covers_its_packages(database: Database) -> None:
    lines = lines_from((), (PackageSpec("BG", 1, "HBL-LCL-0005", date(2026, 11, 11)),))
    with SqlUnitOfWork(database) as uow:
        facts, _ = uow.plp_requests.gather_facts(_header("R7"), "TPKA", lines, PAIR)
    assert set(facts.declared) == {"K:HBL-LCL-0005:2026-11-11"}


def test_numbers_run_per_office_kind_and_year(database: Database) -> None:
    with SqlUnitOfWork(database) as uow:
        got = [uow.sequences.next("040300", "PLP", 2026) for _ in range(3)]
        got.append(uow.sequences.next("040300", "BATAL", 2026))
        got.append(uow.sequences.next("040300", "PLP", 2027))
        got.append(uow.sequences.next("050100", "PLP", 2026))
        uow.commit()
    assert got == [1, 2, 3, 1, 1, 1]


def test_lists_and_queues_page_through_everything_once(database: Database) -> None:
    numbers = ["TSTU1001000", "MSKU1001373", "CSQU1001743", "TGHU1002113", "OOLU1002480"]
    with SqlUnitOfWork(database) as uow:
        for i, number in enumerate(numbers):
            request = _request(f"P{i}", number, at=T0 + timedelta(minutes=i))
            request.lines = request.lines[:1]
            uow.plp_requests.add(request)
        uow.commit()

    seen, after = [], None
    while True:
        with SqlUnitOfWork(database, read_only=True) as uow:
            page = uow.plp_requests.list(
                ListFilter(Scope(office_code="040300"), limit=2, after=after)
            )
        seen += [s.ref_number for s in page.items]
        if (after := page.next_after) is None:
            break
    queue_spec = QueueSpec.for_actor(
        Actor("m", Role.MANIFEST_OFFICER, office_code="040300"), limit=10, after=None
    )
    with SqlUnitOfWork(database, read_only=True) as uow:
        queue = uow.plp_requests.queue(queue_spec)

    assert seen == ["P4", "P3", "P2", "P1", "P0"]
    assert [s.ref_number for s in queue.items] == ["P0", "P1", "P2", "P3", "P4"]


def test_a_failed_unit_of_work_leaves_nothing(database: Database) -> None:
    request = _request("R8", "MSKU1001373")
    with SqlUnitOfWork(database) as uow:
        uow.plp_requests.add(request)  # no commit

    with SqlUnitOfWork(database) as uow:
        assert uow.plp_requests.get(request.id) is None
