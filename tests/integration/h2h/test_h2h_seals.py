"""S1 over H2H: nomorSegelBc of a coarri-codeco-container report is compared with the release."""

from __future__ import annotations

from datetime import timedelta

from tests.integration.h2h.test_h2h_procedure import plp
from tests.integration.h2h.test_h2h_support import (
    CREATED,
    H2h,
    assert_envelope,
    coarri_kontainer,
    moment,
    permohonan,
    ref,
)
from tests.integration.soap.test_soap_operations import approve, request_of
from tests.support import Api


def test_s1_a_coarri_report_with_another_seal_is_recorded_and_flagged(api: Api) -> None:
    tpka, r = H2h(api, "tpka"), ref()
    tpka.post("/upload-mohon-plp", permohonan(r, [("TSTU1001000", "40")]))
    decided = approve(api, request_of(api, r)["id"])
    seals = [{"container": "TSTU1001000", "numbers": ["BC0007788"]}]
    api.step(decided["id"], "origin-check", "supervisor-asal", matched=True, seals=seals)
    out = coarri_kontainer(
        "TPKAOUT7", "3", "TPKA", plp(decided), moment(timedelta(seconds=2)), ["TSTU1001000"]
    )
    out["kontainer"][0] |= {"nomorSegelBc": "BC0001111", "tanggalSegelBc": "25-11-2026"}

    assert_envelope(tpka.post("/coarri-codeco-container", out), 200, 201, CREATED)

    view = request_of(api, r)
    assert view["status"] == "GATED_OUT" and view["movement"]["seal_alert"] is True
    [chain] = view["movement"]["seals"]
    assert chain["history"][-1]["numbers"] == ["BC0001111"]
    assert "missing BC0007788" in chain["history"][-1]["discrepancy"]
