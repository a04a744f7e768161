"""Issue 13: the hot reads' kept answers are exactly what an uncached read gives, on every
instance, right after a write anywhere, as the clock moves, per reader and per language. On
SQLite and PostgreSQL, two app instances on one database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from app.adapters.metrics import ANSWER_CACHE
from tests.support import Api, make_api, plp_body, wait_until

PLP = "/api/v1/plp-requests"
FROZEN_AT = "2026-12-16T10:00:20+07:00"  # a Wednesday at work: the SLA's minutes run
ID = {"Accept-Language": "id-ID,id;q=0.9"}


def hits() -> float:
    return ANSWER_CACHE.labels("hit")._value.get()  # type: ignore[attr-defined, no-any-return]


def kept_read(api: Api, path: str, as_: str, language: dict[str, str] | None = None) -> Any:
    """Reads until the answer comes from the cache (PostgreSQL's revision connection opens
    beside the first reads); the kept answer must equal the one just built."""
    headers = api.auth(as_) | (language or {})

    def hit() -> Any:
        before = hits()
        first = api.client.get(path, headers=headers)
        again = api.client.get(path, headers=headers)
        assert first.status_code == again.status_code == 200, first.text
        assert again.content == first.content
        return again.json() if hits() > before else None

    return wait_until(hit, f"a kept answer of {path}")


@pytest.fixture
def two(db_url: str) -> Iterator[tuple[Api, Api]]:
    """Two instances of the app on one database."""
    with make_api(db_url) as one, make_api(db_url) as other:
        yield Api(one), Api(other)


def test_a_kept_answer_follows_a_write_on_another_instance(two: tuple[Api, Api]) -> None:
    a, b = two
    rid = a.submit().json()["id"]
    assert kept_read(b, f"{PLP}/{rid}", "manifest")["recommendations"]["manifest"] is None
    queue = kept_read(b, "/api/v1/queue", "manifest")

    done = a.step(rid, "recommendations/manifest", "manifest", approve=True, note="in order")
    assert done.status_code == 200, done.text

    read = b.get(f"{PLP}/{rid}", "manifest").json()
    assert read["recommendations"]["manifest"]["note"] == "in order"
    assert read == a.get(f"{PLP}/{rid}", "manifest").json()
    assert rid not in {i["id"] for i in b.get("/api/v1/queue", "manifest").json()["items"]}
    assert rid in {i["id"] for i in queue["items"]}


def test_a_new_request_shows_in_another_instances_kept_list(two: tuple[Api, Api]) -> None:
    a, b = two
    a.submit()
    before = kept_read(b, PLP, "tpka")

    rid = a.submit().json()["id"]

    after = b.get(PLP, "tpka").json()
    assert after["items"][0]["id"] == rid
    assert len(after["items"]) == len(before["items"]) + 1


def test_r4_kept_answers_follow_the_clock(two: tuple[Api, Api]) -> None:
    a, _ = two
    clock = a.client.put(
        "/api/v1/test/clock", json={"at": FROZEN_AT, "frozen": True}, headers=a.auth("admin")
    )
    assert clock.status_code == 200, clock.text
    rid = a.submit().json()["id"]
    first = kept_read(a, f"{PLP}/{rid}", "manifest")["sla"]

    a.client.app.state.services.clock.advance(timedelta(minutes=2))  # no write: only time
    later = a.get(f"{PLP}/{rid}", "manifest").json()["sla"]
    queued = a.get("/api/v1/queue", "manifest").json()["items"]

    assert later["working_minutes_used"] == first["working_minutes_used"] + 2
    assert [i["sla"] for i in queued if i["id"] == rid] == [later]


def test_the_reader_and_the_language_are_part_of_the_key(two: tuple[Api, Api]) -> None:
    a, _ = two
    rid = a.submit().json()["id"]
    officer = kept_read(a, f"{PLP}/{rid}", "manifest")
    tps = kept_read(a, f"{PLP}/{rid}", "tpka")
    assert officer["research_aids"] and tps["research_aids"] is None  # R5: officers only

    refused = a.post(PLP, "tpka", plp_body(reason="POSTAL")).json()["id"]
    english = kept_read(a, f"{PLP}/{refused}", "tpka")
    indonesian = kept_read(a, f"{PLP}/{refused}", "tpka", ID)
    assert english["findings"][0]["detail"] == "the origin TPS may not apply for POSTAL"
    assert indonesian["findings"][0]["detail"] == (
        "TPS asal tidak boleh mengajukan dengan alasan POSTAL"
    )


def test_another_tps_is_not_served_a_kept_answer(two: tuple[Api, Api]) -> None:
    a, _ = two
    rid = a.submit().json()["id"]
    kept_read(a, f"{PLP}/{rid}", "tpka")

    assert a.get(f"{PLP}/{rid}", "koja").status_code == 404
