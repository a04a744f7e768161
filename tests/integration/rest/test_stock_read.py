"""GET /api/v1/tps/{code}/stock (E7), on SQLite and PostgreSQL: a TPS reads its own stock,
officers any TPS of their office; another TPS's stock is "not found"."""

from __future__ import annotations

from typing import Any

from tests.integration.rest.test_stock_e7 import _walk_to_gate_in
from tests.support import Api, containers

STOCK = "/api/v1/tps/{}/stock"


def _items(r: Any) -> list[dict[str, Any]]:
    assert r.status_code == 200, r.text
    items: list[dict[str, Any]] = r.json()["items"]
    return items


def test_e7_a_tps_reads_its_own_stock_by_bc11_and_container(api_any_db: Api) -> None:
    api = api_any_db
    query = {"bc11_number": "001234", "bc11_date": "2026-11-20", "container": "MSKU1001373"}

    [item] = _items(api.get(STOCK.format("TPKA"), "tpka", params=query))

    assert item | {"since": None} == {
        "office_code": "040300",
        "bc11_number": "001234",
        "bc11_date": "2026-11-20",
        "container": "MSKU1001373",
        "bl_number": None,
        "bl_date": None,
        "status": "AT_TPS",
        "tps_code": "TPKA",
        "gudang": "TPKA",
        "since": None,
        "report": "reference data: BC 1.1 001234",
        "plp_request_id": None,
    }
    assert item["since"] == "2026-11-20T06:00:00+07:00"  # in the office's zone (WIB)


def test_e7_the_stock_follows_the_plp_and_pages(api_any_db: Api) -> None:
    api = api_any_db
    rid = api.submit(containers=containers("TSTU1001000")).json()["id"]
    _walk_to_gate_in(api, rid)

    left = _items(api.get(STOCK.format("TPKA"), "tpka", params={"container": "TSTU1001000"}))
    here = _items(api.get(STOCK.format("CFSB"), "cfsb", params={"status": "AT_TPS"}))
    first = api.get(STOCK.format("CFSB"), "cfsb", params={"limit": 1})
    second = api.get(
        STOCK.format("CFSB"), "cfsb", params={"limit": 1, "cursor": first.json()["next_cursor"]}
    )

    assert [(i["status"], i["plp_request_id"]) for i in left] == []  # gone in: CFSB's now
    moved = [i for i in here if i["container"] == "TSTU1001000"]
    assert [(i["gudang"], i["plp_request_id"]) for i in moved] == [("CFB1", rid)]
    assert len(_items(first)) == 1 and len(_items(second)) == 1
    assert _items(first) != _items(second)


def test_e7_another_tps_stock_is_not_found_but_officers_of_the_office_read_it(
    api_any_db: Api,
) -> None:
    api = api_any_db

    foreign = api.get(STOCK.format("CFSB"), "tpka")
    unknown = api.get(STOCK.format("ZZZZ"), "tpka")
    officer = api.get(STOCK.format("CFSB"), "manifest", params={"status": "AT_TPS"})

    assert foreign.status_code == unknown.status_code == 404
    assert foreign.json()["detail"] == "TPS CFSB not found"
    assert {i["container"] for i in _items(officer)} >= {"CAIU1008034", "FCIU1007669"}


def test_e7_a_cursor_not_given_out_is_refused(api: Api) -> None:
    r = api.get(STOCK.format("TPKA"), "tpka", params={"cursor": "bm9wZQ"})

    assert r.status_code == 422 and "cursor" in r.text
