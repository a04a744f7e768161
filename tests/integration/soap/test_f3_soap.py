"""F3 through zeep: the legacy responses of a reconciled paper PLP carry its paper number and
date, and the applicant's are marked manual (TIPE_DATA 2); SQLite and PostgreSQL."""

from __future__ import annotations

from tests.integration.rest.test_f3_paper_numbers import reconciled_paper_plp
from tests.integration.soap.soap_support import PORTS, zeep_client
from tests.integration.soap.test_soap_operations import CFSB, TPKA, user
from tests.support import Api


def test_f3_legacy_responses_of_a_paper_plp_keep_its_number_and_mark_it_manual(
    api_any_db: Api,
) -> None:
    api = api_any_db
    soap = zeep_client("http://testserver", PORTS[0], api.client)
    rid = reconciled_paper_plp(api, "000321")
    ref_number = api.get(f"/api/v1/plp-requests/{rid}", "tpka").json()["header"]["ref_number"]

    decisions = soap.GetResponPLP(**user(TPKA), Kd_asp="TPKA")
    moves_in = soap.GetResponPLP_Tujuan(**user(CFSB), Kd_asp="CFSB")
    on_demand = soap.GetResponPlp_onDemands(**user(CFSB), No_plp="000321", Tgl_plp="30112026")

    assert (
        "<HEADER><KD_KANTOR>040300</KD_KANTOR><TIPE_DATA>2</TIPE_DATA><KD_TPS>TPKA</KD_TPS>"
        f"<REF_NUMBER>{ref_number}</REF_NUMBER><NO_PLP>000321</NO_PLP><TGL_PLP>20261130</TGL_PLP>"
    ) in decisions
    assert "<NO_PLP>000321</NO_PLP><TGL_PLP>20261130</TGL_PLP>" in moves_in
    assert "TIPE_DATA" not in moves_in  # WIRA maps every element of this one to a column
    assert on_demand.startswith(
        '<?xml version="1.0"?><DOCUMENT><RESPONPLP><HEADER><KD_KANTOR>040300</KD_KANTOR>'
        "<TIPE_DATA>2</TIPE_DATA><KD_TPS_ASAL>TPKA</KD_TPS_ASAL>"
    )
    assert "<NO_PLP>000321</NO_PLP><TGL_PLP>20261130</TGL_PLP>" in on_demand
