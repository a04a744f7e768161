"""E7 over REST, on SQLite and PostgreSQL: a PLP moves only goods at its origin TPS; the
demo's goods were discharged at TPKA, two LCL containers have already moved to CFSB, and a
PLP's gate-in moves its goods to the destination."""

from __future__ import annotations

from typing import Any

from tests.support import WIB, Api, containers, discharge_at, now

MOVED_TO_CFSB = "CAIU1008034"  # demo: an LCL container already at CFSB (gudang CFB1)
FROM_CFSB = {
    "origin_tps": "CFSB",
    "origin_gudang": "CFB1",
    "destination_tps": "KOJA",
    "destination_gudang": "KOJA",
}
SECOND_VOYAGE = {"bc11_number": "001299", "bc11_date": "2026-11-24"}


def _findings(r: Any) -> list[tuple[str, str]]:
    return [(f["rule"], f["detail"]) for f in r.json()["findings"]]


def _not_at(label: str, origin: str = "TPKA") -> str:
    return (
        f"{label} is not at the origin TPS {origin} (not reported in there, or reported out since)"
    )


def _stamp() -> str:
    return now().astimezone(WIB).isoformat()


def _walk_to_gate_in(api: Api, rid: str) -> None:
    steps = [
        ("recommendations/manifest", "manifest", {"approve": True}),
        ("decision", "kasubsi", {"approve": True}),
        ("origin-check", "supervisor-asal", {"matched": True, "seal_numbers": ["BC0001"]}),
        ("gate-out", "tpka", {"at": "now"}),
        ("destination-check", "supervisor-tujuan", {"matched": True}),
        ("gate-in", "cfsb", {"at": "now"}),
    ]
    for step, who, body in steps:
        r = api.step(rid, step, who, **{k: _stamp() if v == "now" else v for k, v in body.items()})
        assert r.status_code == 200, (step, r.text)


def test_e7_goods_already_moved_are_refused_without_saying_where(api_any_db: Api) -> None:
    goods = [*containers("MSKU1001373"), {"number": MOVED_TO_CFSB, "size": "40"}]
    r = api_any_db.submit(containers=goods)

    assert r.status_code == 201, r.text
    assert r.json()["status"] == "REJECTED"
    assert _findings(r) == [("E7", _not_at(MOVED_TO_CFSB))]
    assert r.json()["lines"][1]["reject_reason"] == f"E7: {_not_at(MOVED_TO_CFSB)}"
    assert "CFB1" not in _findings(r)[0][1]


def test_e7_a_second_plp_starts_from_the_destination(api_any_db: Api) -> None:
    api = api_any_db
    first = api.submit(containers=containers("TSTU1001000"))
    _walk_to_gate_in(api, first.json()["id"])

    from_old_origin = api.submit(containers=containers("TSTU1001000"))
    from_destination = api.submit("cfsb", containers=containers("TSTU1001000"), **FROM_CFSB)

    assert _findings(from_old_origin) == [("E7", _not_at("TSTU1001000"))]
    assert from_destination.json()["status"] == "IN_REVIEW", from_destination.text


def test_e7_cancellation_before_gate_out_leaves_the_goods_at_the_origin(
    api_any_db: Api,
) -> None:
    api = api_any_db
    rid = api.submit(containers=containers("CSQU1001743")).json()["id"]
    assert api.step(rid, "cancellation", "tpka", reason="not needed").status_code == 200

    again = api.submit(containers=containers("CSQU1001743"))

    assert again.json()["status"] == "IN_REVIEW", again.text


def test_e7_a_reused_container_of_the_second_voyage_is_at_tpka_too(api_any_db: Api) -> None:
    r = api_any_db.submit(containers=containers("TSTU1004708"), **SECOND_VOYAGE)

    assert r.json()["status"] == "IN_REVIEW", r.text


def test_e7_goods_of_the_earlier_voyage_were_never_reported_in(api_any_db: Api) -> None:
    r = api_any_db.submit(
        containers=containers("TCLU1007292"), bc11_number="000870", bc11_date="2026-10-02"
    )

    assert ("E7", _not_at("TCLU1007292")) in _findings(r)


def test_e7_reference_data_places_goods_item_by_item(api: Api) -> None:
    discharge_at(api, "KOJA", "MSKU1001373")

    from_tpka = api.submit(containers=containers("MSKU1001373", "TGHU1002113"))
    from_koja = api.submit(
        "koja", containers=containers("MSKU1001373"), origin_tps="KOJA", origin_gudang="KOJA"
    )

    assert _findings(from_tpka) == [("E7", _not_at("MSKU1001373"))]  # the other stayed
    assert from_koja.json()["status"] == "IN_REVIEW", from_koja.text


def test_e7_reference_data_refuses_a_place_that_does_not_exist(api: Api) -> None:
    manifest = {
        "office_code": "040300",
        "number": "005555",
        "date": "2026-11-21",
        "discharged_at": {"tps": "CFSB", "gudang": "TPKA"},
        "items": [],
    }

    r = api.post("/api/v1/admin/manifests", "admin", manifest)
    unknown = api.post(
        "/api/v1/admin/manifests", "admin", manifest | {"discharged_at": {"tps": "XXXX"}}
    )

    assert r.status_code == 422 and "gudang TPKA does not belong to TPS CFSB" in r.text
    assert unknown.status_code == 422 and "unknown TPS XXXX" in unknown.text
