"""E2/E3 scoped to the cited BC 1.1: containers are reused voyage after voyage, so a release or
a declaration of the same container number under another BC 1.1 says nothing about these
goods; one under this BC 1.1 does."""

from __future__ import annotations

from typing import Any

from tests.support import Api, containers

VOYAGE_1 = {"number": "000870", "date": "2026-10-02"}  # the demo's earlier voyage
CURRENT = {"bc11_number": "001234", "bc11_date": "2026-11-20"}


def _declaration(number: str, container: str, **extra: Any) -> dict[str, Any]:
    return {
        "office_code": "040300",
        "kind": "BC20",
        "number": number,
        "date": "2026-11-21",
        "containers": [container],
    } | extra


def _findings(r: Any) -> list[str]:
    return [f["rule"] for f in r.json()["findings"]]


def test_e2_a_release_under_an_earlier_voyage_does_not_refuse_a_reused_container(
    api_any_db: Api,
) -> None:
    # TCLU1007292 was released (SPPB 100512) under BC 1.1 000870; it is back in 001234
    r = api_any_db.submit(containers=containers("TCLU1007292"), **CURRENT)
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "IN_REVIEW" and _findings(r) == []


def test_e3_a_declaration_under_this_voyage_refuses_a_reused_container(api_any_db: Api) -> None:
    api = api_any_db
    declared = _declaration("000901", "TCLU1007292", **CURRENT)
    assert api.post("/api/v1/admin/declarations", "admin", declared).status_code == 200

    r = api.submit(containers=containers("TCLU1007292"), **CURRENT)

    assert r.json()["status"] == "REJECTED" and _findings(r) == ["E3"]
    assert "000901" not in r.text  # the importer's declaration number is not the TPS's data


def test_e2_a_release_under_this_voyage_refuses(api_any_db: Api) -> None:
    api = api_any_db
    released = _declaration(
        "000902", "TGHU1005811", sppb_number="100902", sppb_date="2026-11-22", **CURRENT
    )
    assert api.post("/api/v1/admin/declarations", "admin", released).status_code == 200

    r = api.submit(containers=containers("TGHU1005811"), **CURRENT)

    assert r.json()["status"] == "REJECTED" and "E2" in _findings(r)


def test_e3_a_declaration_sent_without_its_bc11_cites_the_latest_voyage_listing_it(
    api: Api,
) -> None:
    """Before the BC 1.1 was asked for, declarations came without it: the office's latest
    BC 1.1 on or before the declaration date that lists the goods is the one cited."""
    older = _declaration("000903", "TGHU1005811") | {"date": "2026-10-20"}
    newer = _declaration("000904", "TCLU1007292") | {"date": "2026-11-21"}
    for body in (older, newer):
        assert api.post("/api/v1/admin/declarations", "admin", body).status_code == 200

    under_old = api.submit(containers=containers("TGHU1005811"), **CURRENT)
    under_new = api.submit(containers=containers("TCLU1007292"), **CURRENT)

    assert _findings(under_old) == []  # cites 000870, the only voyage by 2026-10-20
    assert _findings(under_new) == ["E3"]  # cites 001234


def test_half_a_bc11_reference_is_refused(api: Api) -> None:
    body = _declaration("000905", "TGHU1005811", bc11_number="001234")
    r = api.post("/api/v1/admin/declarations", "admin", body)
    assert r.status_code == 422 and "bc11" in r.text
