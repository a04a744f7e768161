"""Work queues with their SLA (R4): filtered by state, sorted, paged, and counted per queue."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.rest.test_manual_procedure import set_clock
from tests.support import Api, containers, discharge_at

NOW = "2026-11-25T13:00:00+07:00"  # a Wednesday afternoon; November 2026 has no holiday
# submitted -> deadline (3 working days) -> state at NOW
BREACHED = "2026-11-19T09:00:00+07:00"  # due Tue 24 09:00: past
AT_RISK = "2026-11-23T08:00:00+07:00"  # due Thu 26 08:00: 4 h 30 of 26 h 15 left
ON_TRACK = "2026-11-24T09:00:00+07:00"  # due Fri 27 09:00: 14 h 15 left


def file(api: Api, at: str, *numbers: str, as_: str = "tpka", **body: Any) -> str:
    set_clock(api, at)
    r = api.submit(as_, containers=containers(*numbers), **body)
    assert r.status_code == 201, r.text
    request_id: str = r.json()["id"]
    return request_id


def ids(api: Api, query: str = "", who: str = "manifest") -> list[str]:
    r = api.get(f"/api/v1/queue{query}", who)
    assert r.status_code == 200, r.text
    return [item["id"] for item in r.json()["items"]]


@pytest.fixture
def three(api_any_db: Api) -> tuple[Api, str, str, str]:
    """Three requests waiting for the manifest officer: breached, at risk, on track."""
    api = api_any_db
    late = file(api, BREACHED, "MSKU1001373")
    risky = file(api, AT_RISK, "TGHU1002113")
    fine = file(api, ON_TRACK, "CSQU1001743")
    set_clock(api, NOW)
    return api, late, risky, fine


def test_r4_queue_filters_by_sla_state_and_sorts(three: tuple[Api, str, str, str]) -> None:
    api, late, risky, fine = three

    assert ids(api) == [late, risky, fine]  # urgency: earliest deadline first
    assert ids(api, "?sla=breached") == [late]
    assert ids(api, "?sla=at_risk") == [risky]
    assert ids(api, "?sla=on_track") == [fine]
    assert ids(api, "?sla=met") == []
    assert ids(api, "?sort=newest") == [fine, risky, late]
    assert ids(api, "?sort=oldest") == [late, risky, fine]


def test_r4_queue_items_carry_state_and_working_time_left(
    three: tuple[Api, str, str, str],
) -> None:
    api, *_ = three

    items = api.get("/api/v1/queue", "manifest").json()["items"]

    assert [i["sla"]["state"] for i in items] == ["breached", "at_risk", "on_track"]
    assert [i["sla"]["working_minutes_left"] for i in items] == [0, 4 * 60 + 30, 14 * 60 + 15]


def test_r4_queue_summary_counts_each_role_queue_of_the_office(
    three: tuple[Api, str, str, str],
) -> None:
    api, late, *_ = three
    api.step(late, "recommendations/manifest", "manifest", approve=True)
    api.step(late, "decision", "kasubsi", approve=True)  # late: a breach, now at the origin gate

    r = api.get("/api/v1/queue/summary", "kasubsi")

    assert r.status_code == 200, r.text
    rows = {q["role"]: q for q in r.json()["queues"]}
    assert rows["manifest_officer"] | {"label": ""} == {
        "role": "manifest_officer",
        "label": "",
        "yours": False,
        "waiting": 2,
        "on_track": 1,
        "at_risk": 1,
        "breached": 0,
        "met": 0,
        "no_sla": 0,
    }
    assert (rows["origin_supervisor"]["waiting"], rows["origin_supervisor"]["breached"]) == (1, 1)
    assert rows["kasubsi_manifest"]["yours"] is True
    assert rows["kasubsi_manifest"]["waiting"] == 0
    assert set(rows) == {
        "manifest_officer",
        "p2_officer",
        "kasubsi_manifest",
        "origin_supervisor",
        "destination_supervisor",
        "p2_section",
        "tps_operator",
    }


def test_r4_queue_filters_by_tps_and_reason_and_pages_a_calendar_filter(api: Api) -> None:
    first = file(api, ON_TRACK, "MSKU1001373")
    second = file(api, ON_TRACK, "TGHU1002113", reason="YOR_SOR", yor_origin=80)
    discharge_at(api, "KOJA", "CSQU1001743")  # E7: KOJA is the origin
    koja = file(api, ON_TRACK, "CSQU1001743", as_="koja", origin_tps="KOJA", origin_gudang="KOJA")
    set_clock(api, NOW)

    assert ids(api, "?tps=KOJA") == [koja]
    assert ids(api, "?reason=YOR_SOR") == [second]
    page = api.get("/api/v1/queue?sla=on_track&limit=2", "manifest").json()
    rest = api.get(f"/api/v1/queue?sla=on_track&limit=2&cursor={page['next_cursor']}", "manifest")
    paged = [i["id"] for i in page["items"]] + [i["id"] for i in rest.json()["items"]]
    assert paged == ids(api)  # same deadline: by id, each once
    assert sorted(paged) == sorted([first, second, koja])
    assert rest.json()["next_cursor"] is None


def test_r4_queue_summary_scope(api: Api) -> None:
    file(api, ON_TRACK, "MSKU1001373")
    set_clock(api, NOW)

    tps = api.get("/api/v1/queue/summary", "tpka").json()["queues"]
    admin = api.get("/api/v1/queue/summary?office_code=040300", "admin").json()["queues"]

    assert [q["role"] for q in tps] == ["tps_operator"]
    assert {q["role"]: q["waiting"] for q in admin}["manifest_officer"] == 1
    assert api.get("/api/v1/queue/summary?office_code=050100", "kasubsi").status_code == 403
    assert api.get("/api/v1/queue?sla=late", "manifest").status_code == 422
