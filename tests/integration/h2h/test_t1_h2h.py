"""T1 through H2H: the gate-out report of a lapsed approval is refused in the envelope."""

from __future__ import annotations

from datetime import timedelta

from tests.integration.h2h.test_h2h_errors import _uploaded
from tests.integration.h2h.test_h2h_procedure import plp
from tests.integration.h2h.test_h2h_support import (
    INVALID,
    H2h,
    assert_envelope,
    coarri_kontainer,
    moment,
)
from tests.integration.rest.test_t1_transit_api import advance, set_terms
from tests.integration.soap.test_soap_operations import approve, request_of
from tests.support import Api


def test_t1_a_coarri_gate_out_of_a_lapsed_approval_is_refused(api: Api) -> None:
    tpka = H2h(api, "tpka")
    set_terms(api, approval_validity_hours=1)
    rid = request_of(api, _uploaded(tpka))["id"]
    number, on = plp(approve(api, rid))
    assert (
        api.step(rid, "origin-check", "supervisor-asal", matched=True, escorted=True).status_code
        == 200
    )
    advance(api, hours=1, minutes=5)

    late = moment(timedelta(hours=1, minutes=5))
    out = coarri_kontainer("T1H", "3", "TPKA", (number, on), late, ["MSKU1001373"])
    body = assert_envelope(tpka.post("/coarri-codeco-container", out), 400, 400, INVALID)

    assert body["detail"].startswith("T1: the approval lapsed at 2026-")
    assert body["detail"].endswith("cancel this PLP and file a new request")
    assert api.get(f"/api/v1/plp-requests/{rid}", "tpka").json()["status"] == "RELEASED"
