"""S1's seal chain and the outcomes of M2/M4 survive the database, on SQLite and PostgreSQL;
an origin check stored before S1 is read as it meant."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import text

from app.adapters.sql.database import Database
from app.adapters.sql.unit_of_work import SqlUnitOfWork
from app.domain.actor import Actor, Role
from app.domain.plp_outcomes import Conclusion
from app.domain.plp_request import PlpRequest
from app.domain.seals import ContainerSeals, SealStage, StatedSeal
from app.domain.status import PlpStatus
from tests.integration.sql.test_repository import KASUBSI, T0, TPKA, _request

C1, C2, CARRIER = "MSKU1001373", "TGHU1002113", "TRUU1234560"
SUP = Actor("s", Role.ORIGIN_SUPERVISOR)
DEST = Actor("d", Role.DESTINATION_SUPERVISOR)
P2 = Actor("p2", Role.P2_SECTION)


def _store(database: Database, request: PlpRequest) -> PlpRequest:
    with SqlUnitOfWork(database) as uow:
        uow.plp_requests.add(request)
        uow.commit()
    with SqlUnitOfWork(database) as uow:
        loaded = uow.plp_requests.get(request.id)
    assert loaded is not None
    return loaded


def _released(ref: str) -> PlpRequest:
    request = _request(ref, C1, C2)
    request.recommend("manifest", Actor("m", Role.MANIFEST_OFFICER), T0, True, "ok")
    request.recommend("p2", Actor("p", Role.P2_OFFICER), T0, True, "")
    request.decide(KASUBSI, T0, True, None, {}, "000043", date(2026, 11, 24))
    seals = (
        ContainerSeals(C1, ("BC1",)),
        ContainerSeals(C2, ("BC2", "BC3")),
        ContainerSeals(CARRIER, ("BC9",)),
    )
    request.check_at_origin(SUP, T0, True, seals, "sealed")
    return request


def test_s1_the_seal_chain_and_its_alert_survive(database: Database) -> None:
    request = _released("S1A")
    out = T0 + timedelta(hours=1)
    request.gate_out(TPKA, out, out, [])
    request.report_seals(TPKA, out, SealStage.GATE_OUT, [StatedSeal(C2, ("BC2",))])
    found = (
        ContainerSeals(C1, ("BC1",)),
        ContainerSeals(C2, ("BC2", "BC3"), intact=False),
        ContainerSeals(CARRIER, ("BC9",)),
    )
    request.check_at_destination(DEST, out, True, True, "", found)
    doc = ("SBP-1/2026", date(2026, 11, 25))
    request.conclude_investigation(P2, out, "tampered", Conclusion.ENFORCEMENT, *doc)

    loaded = _store(database, request)

    assert loaded == request
    assert loaded.status is PlpStatus.HELD
    assert loaded.investigation is not None and loaded.investigation.document_date == doc[1]
    assert [r.stage for r in loaded.seal_history()[C2]] == [
        SealStage.RELEASE,
        SealStage.GATE_OUT,
        SealStage.DESTINATION,
    ]


def test_s1_an_origin_check_stored_before_s1_keeps_its_seals(database: Database) -> None:
    request = _request("S1B", C1)
    request.recommend("manifest", Actor("m", Role.MANIFEST_OFFICER), T0, True, "ok")
    request.recommend("p2", Actor("p", Role.P2_OFFICER), T0, True, "")
    request.decide(KASUBSI, T0, True, None, {}, "000044", date(2026, 11, 24))
    request.check_at_origin(SUP, T0, True, (ContainerSeals(C1, ("BC1",)),), "", escorted=True)
    _store(database, request)
    old = (
        '{"by": "s", "at": "2026-11-24T02:00:00+00:00", "matched": true, '
        '"seal_numbers": ["BC7"], "note": "sealed"}'
    )
    with database.engine.begin() as conn:
        conn.execute(
            text("UPDATE plp_request SET origin_check = :old, seal_chain = NULL WHERE id = :id"),
            {"old": old, "id": request.id},
        )

    with SqlUnitOfWork(database) as uow:
        loaded = uow.plp_requests.get(request.id)

    assert loaded is not None and loaded.origin_check is not None
    assert loaded.released_seals == {C1: ("BC7",)}
    assert not loaded.origin_check.escorted and loaded.seal_chain == []
