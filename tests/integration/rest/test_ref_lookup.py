"""Issue 16, item 2: TPS systems key on their REF_NUMBER. The list filters on it and one
request is read by it as well as by its id, for the TPS that filed it (its own only) and for
the officers of the office; ids (32 hex digits) and references never stand for each other."""

from __future__ import annotations

import uuid

from tests.support import Api, containers

LIST = "/api/v1/plp-requests"
FROM_CFSB = {
    "origin_tps": "CFSB",
    "origin_gudang": "CFB1",
    "destination_tps": "KOJA",
    "destination_gudang": "KOJA",
}


def _ref() -> str:
    return f"REF-{uuid.uuid4().hex[:8].upper()}"


def _filed(api: Api, ref: str, as_: str = "tpka", **overrides: object) -> str:
    r = api.submit(as_, ref_number=ref, **overrides)
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def test_ref_the_list_filters_on_ref_number(api_any_db: Api) -> None:
    api = api_any_db
    wanted, other = _ref(), _ref()
    rid = _filed(api, wanted, containers=containers("MSKU1001373"))
    _filed(api, other, containers=containers("TGHU1002113"))

    for who in ("tpka", "manifest", "kasubsi", "admin"):
        items = api.get(LIST, who, params={"ref_number": wanted}).json()["items"]
        assert [(i["id"], i["ref_number"]) for i in items] == [(rid, wanted)], who
    # on FastAPI's own handler too (a repeated status goes there)
    both = {"ref_number": wanted, "status": ["IN_REVIEW", "REJECTED"], "limit": 5}
    assert [i["id"] for i in api.get(LIST, "tpka", params=both).json()["items"]] == [rid]
    assert api.get(LIST, "tpka", params={"ref_number": "NO-SUCH-REF"}).json()["items"] == []
    assert api.get(LIST, "tpka", params={"ref_number": ""}).status_code == 422
    assert len(api.get(LIST, "tpka").json()["items"]) >= 2  # without it: the whole list


def test_ref_a_request_is_read_by_its_ref_number_as_by_its_id(api_any_db: Api) -> None:
    api = api_any_db
    ref = _ref()
    rid = _filed(api, ref)

    for who in ("tpka", "manifest", "kasubsi"):
        by_ref = api.get(f"{LIST}/{ref}", who)
        by_id = api.get(f"{LIST}/{rid}", who)
        assert by_ref.status_code == by_id.status_code == 200, (who, by_ref.text)
        assert by_ref.content == by_id.content
        assert by_ref.json()["header"]["ref_number"] == ref


def test_ref_another_tps_reference_is_unknown_to_a_tps(api_any_db: Api) -> None:
    api = api_any_db
    ref = _ref()
    rid = _filed(api, ref)  # TPKA to CFSB: CFSB sees the request, but the number is TPKA's

    unknown = api.get(f"{LIST}/NO-SUCH-REF", "cfsb")
    for who in ("cfsb", "koja"):
        theirs = api.get(f"{LIST}/{ref}", who)
        assert theirs.status_code == 404
        assert theirs.text == unknown.text.replace("NO-SUCH-REF", ref)  # nothing more said
        assert api.get(LIST, who, params={"ref_number": ref}).json()["items"] == []
    assert api.get(f"{LIST}/{rid}", "cfsb").status_code == 200  # by id, as the destination


def test_ref_a_reference_in_the_form_of_an_id_is_found_by_the_list(api_any_db: Api) -> None:
    api = api_any_db
    ref = uuid.uuid4().hex  # 32 hex digits: an id's form
    rid = _filed(api, ref)

    assert api.get(f"{LIST}/{ref}", "tpka").status_code == 404  # read as an id: none
    found = api.get(LIST, "tpka", params={"ref_number": ref}).json()["items"]
    assert [i["id"] for i in found] == [rid]
    assert api.get(f"{LIST}/{rid}", "tpka").status_code == 200


def test_ref_a_reference_two_tps_used_is_a_conflict_for_officers(api_any_db: Api) -> None:
    api = api_any_db
    shared = _ref()
    mine = _filed(api, shared)
    theirs = _filed(api, shared, "cfsb", containers=containers("TSTU1001000"), **FROM_CFSB)

    assert api.get(f"{LIST}/{shared}", "tpka").json()["id"] == mine  # each TPS: its own
    assert api.get(f"{LIST}/{shared}", "cfsb").json()["id"] == theirs
    both = api.get(f"{LIST}/{shared}", "kasubsi")
    assert both.status_code == 409 and "ref_number" in both.json()["detail"]
    listed = api.get(LIST, "kasubsi", params={"ref_number": shared}).json()["items"]
    assert {i["id"] for i in listed} == {mine, theirs}
