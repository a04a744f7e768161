"""R4 over REST with the test clock: deadlines on the real 2026 calendar, SLA state, queues."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update

from app.adapters.sql.tables.plp_tables import PlpRequestRow
from app.jobs import deadline_watch
from app.jobs.context import JobContext
from tests.integration.rest.test_manual_procedure import set_clock
from tests.support import Api, containers

THURSDAY_1630 = "2026-04-02T16:30:00+07:00"  # Good Friday on 3 April: a long weekend follows
# Thu 16:30-17:00, Mon and Tue whole (8 h 45 each), Wed 07:30-16:30 (8 h 15 with the break)
TOTAL_MINUTES = 30 + 525 + 525 + 495


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text)


def submit(api: Api, *numbers: str) -> dict[str, Any]:
    r = api.submit(containers=containers(*numbers or ("MSKU1001373",)))
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    return body


def sla(api: Api, request_id: str) -> dict[str, Any]:
    found: dict[str, Any] = api.get(f"/api/v1/plp-requests/{request_id}", "manifest").json()["sla"]
    return found


def run_deadline_watch(api: Api) -> int:
    s = api.client.app.state.services
    ctx = JobContext(s.settings, s.database, s.clock, s.calendars, s.reference, s.notifications)
    return deadline_watch.run(ctx)


def test_r4_request_filed_thursday_1630_before_a_long_weekend_is_due_wednesday_1630(
    api: Api,
) -> None:
    set_clock(api, THURSDAY_1630)

    request = submit(api)

    assert instant(request["deadline_at"]) == instant("2026-04-08T16:30:00+07:00")
    assert request["sla"] == {
        "deadline_at": request["deadline_at"],
        "state": "on_track",
        "working_minutes_total": TOTAL_MINUTES,
        "working_minutes_used": 0,
        "working_minutes_left": TOTAL_MINUTES,
    }


def test_r4_sla_is_at_risk_in_its_last_quarter_then_breached_once(api_any_db: Api) -> None:
    api = api_any_db
    set_clock(api, THURSDAY_1630)
    rid = submit(api)["id"]

    set_clock(api, "2026-04-07T16:00:00+07:00")
    on_track = sla(api, rid)
    set_clock(api, "2026-04-08T10:00:00+07:00")
    at_risk = sla(api, rid)
    set_clock(api, "2026-04-08T16:31:00+07:00")
    breached = sla(api, rid)
    marked = [run_deadline_watch(api), run_deadline_watch(api)]

    assert (on_track["state"], on_track["working_minutes_used"]) == ("on_track", 30 + 525 + 465)
    assert at_risk["state"] == "at_risk" and at_risk["working_minutes_left"] == 345
    assert breached["state"] == "breached" and breached["working_minutes_left"] == 0
    assert marked[1] == 0  # the first run, or the app's own scheduler woken by the clock, marked it
    audit = api.get(f"/api/v1/plp-requests/{rid}", "manifest").json()["audit"]
    assert [e["action"] for e in audit].count("sla_breached") == 1


def test_r4_sla_stops_at_the_decision(api: Api) -> None:
    set_clock(api, THURSDAY_1630)
    on_time, late = submit(api, "MSKU1001373"), submit(api, "TGHU1002113")
    set_clock(api, "2026-04-06T09:00:00+07:00")
    for rid in (on_time["id"], late["id"]):
        api.step(rid, "recommendations/manifest", "manifest", approve=True)
    api.step(on_time["id"], "decision", "kasubsi", approve=True)
    set_clock(api, "2026-04-09T09:00:00+07:00")
    api.step(late["id"], "decision", "kasubsi", approve=True)

    set_clock(api, "2026-04-20T09:00:00+07:00")
    met, breached = sla(api, on_time["id"]), sla(api, late["id"])

    assert met["state"] == "met" and met["working_minutes_used"] == 30 + 90
    assert breached["state"] == "breached"
    audit = api.get(f"/api/v1/plp-requests/{late['id']}", "manifest").json()["audit"]
    assert [e["action"] for e in audit].count("sla_breached") == 1  # by the watch or the decision
    assert run_deadline_watch(api) == 0


def test_r4_lists_and_queues_show_the_sla_most_urgent_first(api: Api) -> None:
    set_clock(api, THURSDAY_1630)
    older, newer = submit(api, "MSKU1001373"), submit(api, "TGHU1002113")
    database = api.client.app.state.services.database
    with database.session() as s:  # an admin-moved closed day left the older one more time
        s.execute(
            update(PlpRequestRow)
            .where(PlpRequestRow.id == older["id"])  # type: ignore[arg-type]
            .values(deadline_at=instant(newer["deadline_at"]) + timedelta(hours=1))
        )
        s.commit()

    queue = api.get("/api/v1/queue", "manifest").json()["items"]
    first = api.get("/api/v1/queue?limit=1", "manifest").json()
    second = api.get(f"/api/v1/queue?limit=1&cursor={first['next_cursor']}", "manifest").json()
    listed = api.get("/api/v1/plp-requests", "tpka").json()["items"]

    assert [i["id"] for i in queue[:2]] == [newer["id"], older["id"]]
    assert [i["id"] for i in first["items"] + second["items"]] == [newer["id"], older["id"]]
    assert {i["sla"]["state"] for i in listed} == {"on_track"}
    assert queue[0]["sla"]["working_minutes_total"] == TOTAL_MINUTES


def test_r4_refused_request_has_no_sla(api: Api) -> None:
    r = api.submit(containers=containers("OOLU1006187"))  # a PIB is filed for it (E3)

    assert r.json()["status"] == "REJECTED" and r.json()["sla"] is None
