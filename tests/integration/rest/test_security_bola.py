"""BOLA: a TPS account tries every endpoint of the app on another TPS's request and gets 403 or
404 everywhere, and nothing changes. The endpoints come from the app itself, so a new route is
covered (and needs a sample body here) the day it is added."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.routing import APIRoute

from tests.integration.h2h.test_h2h_support import H2h, permohonan
from tests.integration.h2h.test_h2h_support import ref as h2h_ref
from tests.integration.soap.soap_support import (
    batalplp,
    coco,
    coco_block,
    loadplp,
    post,
    result_of,
    wib_stamp,
)
from tests.integration.soap.soap_support import ref as soap_ref
from tests.integration.soap.test_soap_operations import approve
from tests.reporting import report
from tests.support import Api, containers, discharge_at

INTRUDER = "koja"  # a TPS operator; the request is TPKA's, to CFSB
NOW = "2026-11-25T09:00:00+07:00"
# One valid body per body model, by the model's name: validation must pass, so that the answer
# comes from the ownership check and not from a 422.
BODIES: dict[str, dict[str, Any]] = {
    "RecommendationIn": {"approve": True, "note": "ok"},
    "DecisionIn": {"approve": True},
    "OriginCheckIn": {"matched": True, "escorted": True},
    "FollowUpIn": {"note": "checked again"},
    "MovementTimeIn": {"at": NOW},
    "DestinationCheckIn": {"matched": True},
    "InvestigationIn": {"note": "closed"},
    "CancellationIn": {"reason": "no longer needed"},
    "CancellationDecisionIn": {"approve": True},
}
PDF = ("a.pdf", b"%PDF-1.4\n", "application/pdf")
FORMS: dict[str, tuple[dict[str, str], dict[str, Any]]] = {  # multipart routes: fields, files
    "notify": (
        {"planned_start": "2026-11-25T20:00:00", "planned_end": "2026-11-25T22:00:00"},
        dict.fromkeys(("approved_request", "destination_statement", "origin_statement"), PDF),
    ),
}


def _routes(app: Any) -> Iterator[Any]:
    """Every route of the app, through included routers."""
    for route in app.routes:
        if hasattr(route, "effective_candidates"):
            yield from _included(route)
        else:
            yield route


def _included(branch: Any) -> Iterator[Any]:
    for candidate in branch.effective_candidates():
        if hasattr(candidate, "effective_candidates"):
            yield from _included(candidate)
        else:
            yield candidate


def request_routes(app: Any) -> list[tuple[str, str, str, Any]]:
    """(method, path, endpoint name, body model name) of every route on one request."""
    found = []
    for route in _routes(app):
        path = getattr(route, "path", "")
        if "{request_id}" not in path or not isinstance(route.original_route, APIRoute):
            continue
        if path.startswith("/console/"):  # a session's pages: test_console_requests.py tries them
            continue
        body = route.body_field.field_info.annotation.__name__ if route.body_field else None
        found.extend((m, path, route.name, body) for m in sorted(route.methods))
    return found


@pytest.fixture
def victim(api: Api) -> dict[str, str]:
    """A TPKA request released at the origin gate, with an H1 notice and an attachment."""
    rid = api.submit(containers=containers("MSKU1001373")).json()["id"]
    api.step(rid, "recommendations/manifest", "manifest", approve=True)
    plp = api.step(rid, "decision", "kasubsi", approve=True).json()
    api.step(rid, "origin-check", "supervisor-asal", matched=True, escorted=True)
    notice = api.client.post(
        f"/api/v1/plp-requests/{rid}/out-of-hours-notices",
        data=FORMS["notify"][0],
        files=FORMS["notify"][1],
        headers=api.auth("tpka"),
    )
    assert notice.status_code == 201, notice.text
    return {
        "request_id": rid,
        "notice_id": notice.json()["id"],
        "kind": "origin_statement",
        "plp_number": plp["decision"]["plp_number"],
        "plp_date": plp["decision"]["plp_date"],
        "number": "000001",  # a cancellation number (L1): the request is refused before it
    }


def test_a_tps_gets_403_or_404_on_every_endpoint_of_another_tps_request(
    api: Api, victim: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    routes = request_routes(api.client.app)
    before = api.get(f"/api/v1/plp-requests/{victim['request_id']}", "kasubsi").json()
    answers: dict[str, int] = {}

    for method, path, name, body in routes:
        url = re.sub(r"\{(\w+)\}", lambda m: victim[m.group(1)], path)
        kw: dict[str, Any] = {"headers": api.auth(INTRUDER)}
        if name in FORMS:
            kw |= {"data": FORMS[name][0], "files": FORMS[name][1]}
        elif body is not None:
            assert body in BODIES, f"add a valid sample body for {body} ({method} {path})"
            kw["json"] = BODIES[body]
        answers[f"{method} {path}"] = api.client.request(method, url, **kw).status_code

    after = api.get(f"/api/v1/plp-requests/{victim['request_id']}", "kasubsi").json()
    report(capsys, f"BOLA: {len(answers)} REST endpoints tried on another TPS's request")
    assert len(answers) >= 13
    assert {k: v for k, v in answers.items() if v not in (403, 404)} == {}
    assert after == before


def test_a_tps_cannot_touch_another_tps_request_over_soap(
    api: Api, victim: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    plp = (victim["plp_number"], victim["plp_date"].replace("-", ""))
    login = [("Username", INTRUDER), ("Password", f"{INTRUDER}-demo")]
    cancel = batalplp("KOJA-BTL-1", *plp, [("MSKU1001373", "20")])
    gate_out = coco(coco_block("KOJA-CO-1", "3", "KOJA", plp, wib_stamp(), [("MSKU1001373", "20")]))
    poll = [("UserName", INTRUDER), ("Password", f"{INTRUDER}-demo"), ("KdGudang", "KOJA")]
    answers = {
        "UploadBatalPLP": result_of(
            post(api.client, "UploadBatalPLP", [("fStream", cancel), *login]), "UploadBatalPLP"
        ),
        "CoarriCodeco_Container": result_of(
            post(api.client, "CoarriCodeco_Container", [("fStream", gate_out), *login]),
            "CoarriCodeco_Container",
        ),
        "GetResponPlp_onDemands": result_of(
            post(
                api.client, "GetResponPlp_onDemands", [*poll, ("No_plp", plp[0]), ("Tgl_plp", "")]
            ),
            "GetResponPlp_onDemands",
        ),
    }
    after = api.get(f"/api/v1/plp-requests/{victim['request_id']}", "kasubsi").json()

    report(capsys, f"BOLA: {len(answers)} SOAP operations tried on another TPS's request")
    assert all(
        "gagal" in answers[op].lower() for op in ("UploadBatalPLP", "CoarriCodeco_Container")
    )
    assert plp[0] not in answers["GetResponPlp_onDemands"]
    assert after["status"] == "RELEASED"


def test_e5_a_refusal_names_the_callers_goods_never_the_request_holding_them(api: Api) -> None:
    """TPKA's request holds a container; KOJA files it too, over REST, SOAP and H2H, while
    TPKA's request is in review and once it is approved. Each refusal says the container is in
    another active PLP: never TPKA's reference nor its PLP number (the finding named both)."""
    holder = f"TPKA{uuid.uuid4().hex[:12].upper()}"
    rid = api.submit(ref_number=holder, containers=containers("MSKU1001373")).json()["id"]
    discharge_at(api, "KOJA", "MSKU1001373")  # E7 alone would refuse KOJA: this is about E5
    koja = H2h(api, INTRUDER)
    in_review = _file_held_goods_as_koja(api, koja)
    approve(api, rid)
    approved = _file_held_goods_as_koja(api, koja)

    detail = "MSKU1001373 is already in another active PLP"
    for rest, soap, h2h in (in_review, approved):
        assert rest.status_code == 201 and rest.json()["status"] == "REJECTED", rest.text
        assert [(f["rule"], f["detail"]) for f in rest.json()["findings"]] == [("E5", detail)]
        assert rest.json()["lines"][0]["reject_reason"] == f"E5: {detail}"
        assert f"<KETERANGAN>E5: {detail}</KETERANGAN>" in soap, soap
        assert f"<URAIAN>{detail}</URAIAN>" in soap, soap
        assert h2h.json()["detail"] == f"Permohonan PLP ditolak. E5: {detail}", h2h.text
        assert h2h.json()["data"]["errors"] == [{"rule": "E5", "line": 1, "message": detail}]
        assert not [a for a in (rest.text, soap, h2h.text) if holder in a or rid in a]


def _file_held_goods_as_koja(api: Api, koja: H2h) -> tuple[Any, str, Any]:
    """KOJA, as origin, files MSKU1001373 over REST, SOAP and H2H."""
    rest = api.submit(
        as_=INTRUDER,
        ref_number=soap_ref("KOJA"),
        origin_tps="KOJA",
        origin_gudang="KOJA",
        containers=containers("MSKU1001373"),
    )
    document = loadplp(
        soap_ref("KOJA"), [("MSKU1001373", "20")], origin="KOJA", origin_gudang="KOJA"
    )
    login = [("Username", INTRUDER), ("Password", f"{INTRUDER}-demo")]
    answer = post(api.client, "UploadMohonPLP", [("fStream", document), *login])
    body = permohonan(
        h2h_ref("KOJA"), [("MSKU1001373", "20")], kodeTpsAsal="KOJA", gudangAsal="KOJA"
    )
    return rest, result_of(answer, "UploadMohonPLP"), koja.post("/upload-mohon-plp", body)
