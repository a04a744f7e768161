"""F3 through H2H: the responses of a reconciled paper PLP carry its paper number and date.
The H2H response schemas have no tipeData (note 6.3-6.6); jenisTransaksi says MANUAL."""

from __future__ import annotations

from tests.integration.h2h.test_h2h_procedure import polled
from tests.integration.h2h.test_h2h_support import FETCHED, H2h, assert_envelope, assert_item
from tests.integration.rest.test_f3_paper_numbers import reconciled_paper_plp
from tests.support import Api


def test_f3_h2h_responses_of_a_paper_plp_keep_its_number_and_date(api_any_db: Api) -> None:
    api = api_any_db
    reconciled_paper_plp(api, "000322")
    tpka, cfsb = H2h(api, "tpka"), H2h(api, "cfsb")

    [mine] = polled(tpka, "/get-respon-plp", "responPlp", kodeTps="TPKA")
    [theirs] = polled(cfsb, "/get-respon-plp-tujuan-v2", "responPlp", kodeTps="CFSB")
    query = {"nomorPlp": "000322", "tanggalPlp": "30-11-2026", "kodeGudang": "CFB1"}
    found = assert_envelope(cfsb.get("/get-respon-plp-on-demand", **query), 200, 200, FETCHED)

    assert_item("ResponPlp", mine)
    assert_item("ResponPlpTujuan", theirs)
    for item in (mine, theirs):
        assert (item["header"]["nomorPlp"], item["header"]["tanggalPlp"]) == (
            "000322",
            "30-11-2026",
        )
    [on_demand] = found["data"]
    assert on_demand["header"]["jenisTransaksi"] == "MANUAL"
