"""Lists and work queues return exactly the requests their criteria name, in order, page by
page: every filter, sort and role against the same criteria written out in Python, on SQLite
and PostgreSQL (the statements are built once per shape of query, issue 13)."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import insert

from app.adapters.sql.database import Database
from app.adapters.sql.tables.plp_tables import PlpRequestRow
from app.adapters.sql.unit_of_work import SqlUnitOfWork
from app.domain.actor import Actor, Role
from app.domain.queues import ListFilter, QueueSort, QueueSpec, Scope
from app.domain.status import PlpStatus

REQ = PlpRequestRow.__table__  # type: ignore[attr-defined]
T0 = datetime(2026, 11, 2, 1, tzinfo=UTC)
NOW = T0 + timedelta(days=6)
TPS = ("TPKA", "KOJA", "CFSB")
STATUSES = ("IN_REVIEW", "RELEASE_REFUSED", "APPROVED", "GATED_OUT", "DISCREPANCY", "RELEASED")
STATUSES += ("ENTERED", "GATED_IN", "REJECTED")
REASONS = ("YOR_SOR", "NO_LCL_SPACE", "STAGNATION")
Row = dict[str, Any]


def _rows() -> list[Row]:
    rng = random.Random(13)
    rows = []
    for n in range(160):
        origin, destination = rng.sample(TPS, 2)
        at = T0 + timedelta(hours=rng.randrange(0, 24 * 8))
        if n % 9 == 8:
            at = rows[-1]["submitted_at"]  # ties on the sort key: the id decides
        deadline = at + timedelta(days=3) if rng.random() < 0.85 else None
        decided = at + timedelta(days=rng.choice((1, 2, 4))) if rng.random() < 0.4 else None
        rows.append(
            {
                "id": uuid.UUID(int=rng.getrandbits(128)).hex,
                "version": 0,
                "status": rng.choice(STATUSES),
                "office_code": "040300" if rng.random() < 0.8 else "040100",
                "ref_number": f"Q{n:03d}",
                "applicant_tps": rng.choice((origin, destination)),
                "side": "origin",
                "channel": "rest",
                "data_type": "1",
                "letter_number": "L",
                "letter_date": at.date(),
                "origin_tps": origin,
                "origin_gudang": origin,
                "destination_tps": destination,
                "destination_gudang": destination,
                "reason": rng.choice(REASONS),
                "bc11_number": "001234",
                "bc11_date": date(2026, 11, 1),
                "applicant_name": "X",
                "submitted_at": at,
                "deadline_at": deadline,
                "fingerprint": "0" * 64,
                "needs_p2": rng.random() < 0.5,
                "line_count": 1,
                "findings": [],
                "manifest_rec_at": at + timedelta(hours=1) if rng.random() < 0.5 else None,
                "p2_rec_at": at + timedelta(hours=2) if rng.random() < 0.5 else None,
                "decided_at": decided,
            }
        )
    return rows


@pytest.fixture
def stored(database: Database) -> list[Row]:
    rows = _rows()
    with database.engine.begin() as conn:
        conn.execute(insert(REQ), rows)
    return rows


def _seen(scope: Scope, row: Row) -> bool:
    if scope.tps_code:
        return scope.tps_code in (row["origin_tps"], row["destination_tps"])
    return scope.office_code is None or row["office_code"] == scope.office_code


def _waits_for(actor: Actor, row: Row) -> bool:
    """What each role's queue holds (R1-R3, M1-M5), written out."""
    status, tps, supervised = row["status"], actor.tps_code, actor.supervised_tps
    manifest_done, p2_done = row["manifest_rec_at"] is not None, row["p2_rec_at"] is not None
    return {
        Role.MANIFEST_OFFICER: (status == "IN_REVIEW" and not manifest_done)
        or status == "RELEASE_REFUSED",
        Role.P2_OFFICER: status == "IN_REVIEW" and row["needs_p2"] and not p2_done,
        Role.KASUBSI_MANIFEST: status == "IN_REVIEW"
        and manifest_done
        and (not row["needs_p2"] or p2_done),
        Role.ORIGIN_SUPERVISOR: status == "APPROVED" and row["origin_tps"] in supervised,
        Role.DESTINATION_SUPERVISOR: status == "GATED_OUT" and row["destination_tps"] in supervised,
        Role.P2_SECTION: status == "DISCREPANCY",
        Role.TPS_OPERATOR: (
            status == "RELEASED" and tps in (row["applicant_tps"], row["origin_tps"])
        )
        or (status == "ENTERED" and tps in (row["applicant_tps"], row["destination_tps"])),
    }.get(actor.role, False)  # an admin has no queue


def _sla_kept(state: str | None, row: Row) -> bool:
    running, deadline, decided = row["status"] == "IN_REVIEW", row["deadline_at"], row["decided_at"]
    if state is None:
        return True
    if state == "breached":
        late = decided is not None and deadline is not None and decided > deadline
        return (running and deadline is not None and deadline < NOW) or late
    if state == "met":
        return decided is not None and deadline is not None and decided <= deadline
    return running and deadline is not None and deadline >= NOW


def _pages(database: Database, read: Callable[[Any], Any], first: Any) -> list[str]:
    """Every page, following the cursor, as one list of ids."""
    ids: list[str] = []
    spec = first
    while True:
        with SqlUnitOfWork(database, read_only=True) as uow:
            page = read(uow)(spec)
        ids += [item.id for item in page.items]
        if page.next_after is None:
            return ids
        assert len(ids) < 200
        spec = replace(spec, after=page.next_after)


ACTORS = [
    Actor("m", Role.MANIFEST_OFFICER, office_code="040300"),
    Actor("p", Role.P2_OFFICER, office_code="040300"),
    Actor("k", Role.KASUBSI_MANIFEST, office_code="040300"),
    Actor("o", Role.ORIGIN_SUPERVISOR, office_code="040300", supervised_tps=frozenset({"TPKA"})),
    Actor(
        "d",
        Role.DESTINATION_SUPERVISOR,
        office_code="040300",
        supervised_tps=frozenset({"TPKA", "CFSB"}),
    ),
    Actor("n", Role.ORIGIN_SUPERVISOR, office_code="040300"),  # supervises nothing
    Actor("s", Role.P2_SECTION, office_code="040100"),
    Actor("t", Role.TPS_OPERATOR, tps_code="KOJA"),
    Actor("a", Role.ADMIN),
]


QUEUE_FILTERS = [  # (tps, reason, sla)
    (None, None, None),
    ("CFSB", None, None),
    (None, "YOR_SOR", None),
    (None, None, "breached"),
    (None, None, "met"),
    (None, None, "on_track"),
    ("TPKA", "NO_LCL_SPACE", "at_risk"),
]


@pytest.mark.parametrize("sort", list(QueueSort))
def test_every_queue_in_every_order(database: Database, stored: list[Row], sort: QueueSort) -> None:
    for actor in ACTORS:
        for tps, reason, sla in QUEUE_FILTERS:
            spec = replace(
                QueueSpec.for_actor(actor, 4, None),
                sort=sort,
                tps_code=tps,
                reason=reason,
                sla=sla,
                now=NOW,
            )
            expected = [
                r
                for r in stored
                if _seen(spec.scope, r)
                and _waits_for(actor, r)
                and (tps is None or tps in (r["origin_tps"], r["destination_tps"]))
                and (reason is None or r["reason"] == reason)
                and _sla_kept(sla, r)
            ]
            if sort is QueueSort.URGENCY:
                expected.sort(key=lambda r: (r["deadline_at"] or r["submitted_at"], r["id"]))
            else:
                newest = sort is QueueSort.NEWEST
                expected.sort(key=lambda r: (r["submitted_at"], r["id"]), reverse=newest)
            got = _pages(database, lambda uow: uow.plp_requests.queue, spec)
            assert got == [r["id"] for r in expected], (actor.username, tps, reason, sla)


def test_every_list_filter(database: Database, stored: list[Row]) -> None:
    filters: list[dict[str, Any]] = [
        {},
        {"statuses": (PlpStatus.IN_REVIEW,)},
        {"statuses": (PlpStatus.APPROVED, PlpStatus.RELEASED, PlpStatus.REJECTED)},
        {"tps_code": "TPKA"},
        {"reason": "STAGNATION"},
        {"submitted_from": date(2026, 11, 4)},
        {"submitted_to": date(2026, 11, 5)},
        {
            "submitted_from": date(2026, 11, 3),
            "submitted_to": date(2026, 11, 6),
            "tps_code": "KOJA",
        },
    ]
    scopes = [Scope(office_code="040300"), Scope(tps_code="CFSB"), Scope()]
    for scope in scopes:
        for criteria in filters:
            f = ListFilter(scope, limit=6, **criteria)
            start = f.submitted_from and datetime.combine(
                f.submitted_from, datetime.min.time(), UTC
            )
            end = f.submitted_to and datetime.combine(
                f.submitted_to + timedelta(days=1), datetime.min.time(), UTC
            )
            expected = sorted(
                (
                    r
                    for r in stored
                    if _seen(scope, r)
                    and (not f.statuses or r["status"] in {s.value for s in f.statuses})
                    and (not f.tps_code or f.tps_code in (r["origin_tps"], r["destination_tps"]))
                    and (not f.reason or r["reason"] == f.reason)
                    and (not start or r["submitted_at"] >= start)
                    and (not end or r["submitted_at"] < end)
                ),
                key=lambda r: (r["submitted_at"], r["id"]),
                reverse=True,
            )
            got = _pages(database, lambda uow: uow.plp_requests.list, f)
            assert got == [r["id"] for r in expected], (scope, criteria)
