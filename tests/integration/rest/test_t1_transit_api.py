"""T1 over REST on SQLite and PostgreSQL, with the test clock: office settings, the watch's flags
on the request, the P2 section's queue, push events to both TPS, refused release and gate-out."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from app.adapters.sql.repositories.outbox_repository import D
from app.domain.services.transit_watch import TransitFlags
from app.jobs import transit_watch
from app.jobs.context import JobContext
from tests.support import WIB, Api, containers, make_api

PRIOK = "/api/v1/admin/offices/040300"


@pytest.fixture
def api(db_url: str) -> Iterator[Api]:
    with make_api(db_url) as client:
        api = Api(client)
        api.subscribe("transit_watch", "tpka", "cfsb")
        yield api


def office(api: Api) -> dict[str, Any]:
    offices = api.get("/api/v1/admin/offices", "admin").json()
    found: dict[str, Any] = next(o for o in offices if o["code"] == "040300")
    return found


def set_terms(api: Api, **settings: Any) -> None:
    r = api.client.put(PRIOK, json=office(api) | settings, headers=api.auth("admin"))
    assert r.status_code == 200, r.text


def advance(api: Api, **parts: float) -> datetime:
    clock = api.client.app.state.services.clock
    clock.advance(timedelta(**parts))
    now: datetime = clock.now()
    return now


def run_watch(api: Api) -> TransitFlags:
    s = api.client.app.state.services
    ctx = JobContext(s.settings, s.database, s.clock, s.calendars, s.reference, s.notifications)
    return transit_watch.run(ctx)


def view(api: Api, rid: str, as_: str = "tpka") -> dict[str, Any]:
    found: dict[str, Any] = api.get(f"/api/v1/plp-requests/{rid}", as_).json()
    return found


def approved(api: Api, goods: str) -> str:
    rid = str(api.submit(containers=containers(goods)).json()["id"])
    api.step(rid, "recommendations/manifest", "manifest", approve=True)
    assert api.step(rid, "decision", "kasubsi", approve=True).status_code == 200
    return rid


def released(api: Api, goods: str) -> str:
    rid = approved(api, goods)
    r = api.step(rid, "origin-check", "supervisor-asal", matched=True, seal_numbers=["S1"])
    assert r.status_code == 200, r.text
    return rid


def at_now(api: Api) -> str:
    return str(api.client.app.state.services.clock.now().astimezone(WIB).isoformat())


def pushed(api: Api) -> list[tuple[str, dict[str, Any]]]:
    with api.client.app.state.services.database.session() as s:
        rows = s.execute(select(D).where(D.c.event_type == "transit_watch").order_by(D.c.id))
        return [(r.tps_code, json.loads(r.body)["data"]) for r in rows]


def p2_queue(api: Api) -> list[str]:
    return [i["id"] for i in api.get("/api/v1/queue", "p2-section").json()["items"]]


def test_t1_offices_default_to_no_approval_limit_and_24_hours_in_transit(api: Api) -> None:
    priok = office(api)
    rid = approved(api, "MSKU1001373")

    assert (priok["approval_validity_hours"], priok["transit_hours"]) == (None, 24)
    assert view(api, rid)["transit_watch"] == {
        "approval_lapses_at": None,
        "approval_lapsed_at": None,
        "transit_hours": 24,
        "transit_due_at": None,
        "transit_overdue_at": None,
    }


def test_t1_office_settings_are_checked(api: Api) -> None:
    r = api.client.put(PRIOK, json=office(api) | {"transit_hours": 0}, headers=api.auth("admin"))

    assert r.status_code == 422
    assert office(api)["transit_hours"] == 24


def test_t1_a_lapsed_approval_is_flagged_once_queued_pushed_and_cannot_be_released(
    api: Api,
) -> None:
    set_terms(api, approval_validity_hours=2)
    rid = approved(api, "MSKU1001373")
    decided = datetime.fromisoformat(view(api, rid)["decision"]["at"])
    set_terms(api, approval_validity_hours=None)  # the approval keeps the terms it was given
    advance(api, hours=2, minutes=1)

    flags = [run_watch(api), run_watch(api)]
    refused = api.step(rid, "origin-check", "supervisor-asal", matched=True, seal_numbers=["S"])

    watch = view(api, rid)["transit_watch"]
    assert datetime.fromisoformat(watch["approval_lapses_at"]) == decided + timedelta(hours=2)
    assert watch["approval_lapsed_at"] is not None
    assert [(f.lapsed, f.overdue) for f in flags] == [(1, 0), (0, 0)]
    assert refused.status_code == 409 and refused.json()["rule"] == "T1"
    assert view(api, rid)["status"] == "APPROVED"
    assert p2_queue(api) == [rid]
    assert rid not in [i["id"] for i in api.get("/api/v1/queue", "supervisor-asal").json()["items"]]
    assert sorted(tps for tps, _ in pushed(api)) == ["CFSB", "TPKA"]
    assert {d["flag"] for _, d in pushed(api)} == {"approval_lapsed"}
    audit = [e["action"] for e in view(api, rid, "p2-section")["audit"]]
    assert audit.count("approval_lapsed") == 1


def test_t1_a_lapsed_approval_cannot_gate_out_over_rest(api: Api) -> None:
    set_terms(api, approval_validity_hours=1)
    rid = released(api, "MSKU1001373")
    advance(api, hours=1, minutes=5)

    r = api.step(rid, "gate-out", "tpka", at=at_now(api))

    problem = r.json()
    assert r.status_code == 409 and problem["rule"] == "T1"
    assert "lapsed" in problem["detail"] and "new request" in problem["detail"]
    assert view(api, rid)["status"] == "RELEASED"
    assert all(line["gated_out_at"] is None for line in view(api, rid)["lines"])
    run_watch(api)  # flagged: no longer in the TPS's queue of goods to gate out
    assert rid not in [i["id"] for i in api.get("/api/v1/queue", "tpka").json()["items"]]


def test_t1_an_overdue_transit_is_flagged_and_a_late_gate_in_still_recorded(api: Api) -> None:
    set_terms(api, transit_hours=3)
    rid = released(api, "MSKU1001373")
    out = at_now(api)
    assert api.step(rid, "gate-out", "tpka", at=out).status_code == 200
    due = datetime.fromisoformat(view(api, rid)["transit_watch"]["transit_due_at"])
    assert due == datetime.fromisoformat(out) + timedelta(hours=3)
    api.step(rid, "destination-check", "supervisor-tujuan", matched=True, note="ok")
    advance(api, hours=3, minutes=1)

    flags = run_watch(api)
    late = api.step(rid, "gate-in", "cfsb", at=at_now(api))

    assert (flags.lapsed, flags.overdue) == (0, 1)
    assert late.status_code == 200 and late.json()["status"] == "GATED_IN"
    watch = view(api, rid)["transit_watch"]
    assert watch["transit_overdue_at"] is not None and watch["transit_hours"] == 3
    assert [d["flag"] for _, d in pushed(api)] == ["transit_overdue", "transit_overdue"]
    assert run_watch(api) == TransitFlags(0, 0)


def test_t1_the_p2_section_queue_holds_overdue_goods_until_they_arrive(api: Api) -> None:
    set_terms(api, transit_hours=1)
    rid = released(api, "MSKU1001373")
    api.step(rid, "gate-out", "tpka", at=at_now(api))
    advance(api, hours=1, minutes=1)
    run_watch(api)
    in_queue = p2_queue(api)
    api.step(rid, "destination-check", "supervisor-tujuan", matched=True, note="ok")
    entered = p2_queue(api)
    api.step(rid, "gate-in", "cfsb", at=at_now(api))

    assert in_queue == entered == [rid]
    assert p2_queue(api) == []
