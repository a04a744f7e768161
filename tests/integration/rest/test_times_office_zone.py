"""Issue 16, item 3: every REST time is RFC 3339 in the office's zone (+07:00 at Tanjung
Priok) on every path: the first answer, its replay and a later GET give the same times, byte
for byte, and no documented GET answer gives a time in another zone."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from tests.support import WIB, Api, containers, now, plp_body

KEY = "Idempotency-Key"
# an RFC 3339 date-time, as pydantic writes one; dates alone (letter_date) are not times
TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def _times(answer: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(where, value) of every time string in a JSON answer."""
    if isinstance(answer, dict):
        for k, v in answer.items():
            yield from _times(v, f"{path}.{k}")
    elif isinstance(answer, list):
        for i, v in enumerate(answer):
            yield from _times(v, f"{path}[{i}]")
    elif isinstance(answer, str) and TIME.match(answer):
        yield path, answer


def _shared_times(first: Any, *others: Any) -> dict[str, str]:
    """The first answer's times; each other answer must give the same at the same place."""
    found = dict(_times(first))
    for other in others:
        theirs = dict(_times(other))
        assert {k: theirs.get(k) for k in found} == found
    return found


def test_times_a_submission_its_replay_and_its_read_agree(api_any_db: Api) -> None:
    api = api_any_db
    body = plp_body(reason="YOR_SOR", yor_origin=72, containers=containers("MSKU1001373"))

    first = api.post("/api/v1/plp-requests", "tpka", body)
    replay = api.post("/api/v1/plp-requests", "tpka", body)
    read = api.get(f"/api/v1/plp-requests/{first.json()['id']}", "tpka")

    assert (first.status_code, replay.status_code, read.status_code) == (201, 200, 200)
    assert replay.headers["Idempotent-Replayed"] == "true"
    times = _shared_times(first.json(), replay.json(), read.json())
    assert {".submitted_at", ".deadline_at", ".sla.deadline_at"} <= set(times)
    assert all(t.endswith("+07:00") for t in times.values()), times
    assert all(t.endswith("+07:00") for _, t in _times(read.json())), read.json()["audit"]


def test_times_a_step_its_replay_and_its_read_agree(api_any_db: Api) -> None:
    api = api_any_db
    first = api.submit(reason="YOR_SOR", yor_origin=72, containers=containers("MSKU1001373"))
    rid = first.json()["id"]
    for step, who in (("recommendations/manifest", "manifest"), ("recommendations/p2", "p2")):
        assert api.step(rid, step, who, approve=True).status_code == 200
    headers = api.auth("kasubsi") | {KEY: "decide-times"}
    url = f"/api/v1/plp-requests/{rid}/decision"

    decided = api.client.post(url, json={"approve": True}, headers=headers)
    replay = api.client.post(url, json={"approve": True}, headers=headers)
    read = api.get(f"/api/v1/plp-requests/{rid}", "kasubsi")

    assert decided.status_code == replay.status_code == read.status_code == 200
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.content == decided.content
    times = _shared_times(decided.json(), replay.json(), read.json())
    assert {".decision.at", ".recommendations.manifest.at", ".submitted_at"} <= set(times)
    assert all(t.endswith("+07:00") for t in times.values()), times


def _fill(path: str, values: dict[str, str]) -> str | None:
    for name in re.findall(r"{(\w+)}", path):
        if name not in values:
            return None
        path = path.replace(f"{{{name}}}", values[name])
    return path


def test_times_every_documented_get_answer_is_in_the_office_zone(api_any_db: Api) -> None:
    api = api_any_db
    # a request decided and released, an outage declared and ended: answers with times
    # of every kind
    rid = api.submit(reason="YOR_SOR", yor_origin=72, containers=containers("MSKU1001373"))
    rid = rid.json()["id"]
    for step, who, body in (
        ("recommendations/manifest", "manifest", {"approve": True}),
        ("recommendations/p2", "p2", {"approve": True}),
        ("decision", "kasubsi", {"approve": True}),
        ("origin-check", "supervisor-asal", {"matched": True, "escorted": True}),
    ):
        assert api.step(rid, step, who, **body).status_code == 200, step
    outage = api.post("/api/v1/outages", "kasubsi", {"office_code": "040300", "cause": "down"})
    assert outage.status_code == 201, outage.text
    oid = outage.json()["id"]
    assert api.post(f"/api/v1/outages/{oid}/end", "kasubsi").status_code == 200
    values = {
        "request_id": rid,
        "outage_id": oid,
        "office_code": "040300",
        "code": "TPKA",
        "month": now().astimezone(WIB).strftime("%Y-%m"),
    }

    scanned, found = [], 0
    for path, ops in api.client.get("/openapi.json").json()["paths"].items():
        content = ops.get("get", {}).get("responses", {}).get("200", {}).get("content", {})
        url = _fill(path, values)
        if "application/json" not in content or url is None:
            continue
        for who in ("tpka", "kasubsi", "admin"):  # the first account that may read it
            r = api.get(url, who)
            if r.status_code == 200:
                break
        assert r.status_code == 200, (path, r.text)
        if not r.headers["content-type"].startswith("application/json"):
            continue
        scanned.append(path)
        for where, value in _times(r.json()):
            found += 1
            assert value.endswith("+07:00"), (path, where, value)

    for path in (
        "/api/v1/plp-requests",
        "/api/v1/plp-requests/{request_id}",
        "/api/v1/queue",
        "/api/v1/outages/{outage_id}",
        "/api/v1/offices/{office_code}/events",
        "/api/v1/callbacks",
        "/api/v1/reports/monthly/{office_code}/{month}",
        "/api/v1/tps/{code}/stock",
        "/api/v1/test/clock",
    ):
        assert path in scanned
    assert found > 50
