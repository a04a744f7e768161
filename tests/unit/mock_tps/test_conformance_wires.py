"""The conformance client's reading of each protocol's answers, without a server: SOAP result
strings and response documents (protocol note 3), H2H envelopes (DJBC's H2H note 3.2), the
run's scenario data, and the command line's passwords."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner

from app.domain.conformance import catalogue
from app.domain.conformance.data import scenario_data
from plp_mock_tps import cli
from plp_mock_tps.cli import passwords_of
from plp_mock_tps.conformance import h2h_wire, soap_wire
from plp_mock_tps.conformance.scenario_data import containers_of, goods_of, seals_of
from plp_mock_tps.conformance.shapes import parse_date
from plp_mock_tps.conformance.wire import Container, GarbledError
from plp_mock_tps.connection import Connection

ONE_REJECTED = (
    '<?xml version="1.0"?><DOCUMENT><RESPONPLP><HEADER><KD_KANTOR>040300</KD_KANTOR>'
    "<KD_TPS>TPKA</KD_TPS><REF_NUMBER>TPKA250310000101</REF_NUMBER><NO_PLP>012345</NO_PLP>"
    "<TGL_PLP>20250310</TGL_PLP><ALASAN_REJECT>XYZU1002009 BELUM GATE-IN</ALASAN_REJECT>"
    "</HEADER><DETIL><CONT><NO_CONT>TSTU1234568</NO_CONT><UK_CONT>20</UK_CONT>"
    "<FL_SETUJU>Y</FL_SETUJU></CONT><CONT><NO_CONT>XYZU1002009</NO_CONT><UK_CONT>40</UK_CONT>"
    "<FL_SETUJU>T</FL_SETUJU></CONT></DETIL></RESPONPLP></DOCUMENT>"
)
ENVELOPE = (
    '<?xml version="1.0" encoding="utf-8"?><soap:Envelope '
    'xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
    '<GetResponPLPResponse xmlns="http://services.beacukai.go.id/"><GetResponPLPResult>'
    "{}</GetResponPLPResult></GetResponPLPResponse></soap:Body></soap:Envelope>"
)


def test_a_soap_poll_answer_shows_each_line_approved_or_rejected() -> None:
    [found] = soap_wire.responses(ONE_REJECTED)

    assert (found.ref_number, found.plp_number, found.plp_date) == (
        "TPKA250310000101",
        "012345",
        date(2025, 3, 10),
    )
    assert [ln.container for ln in found.approved] == ["TSTU1234568"]
    assert [ln.container for ln in found.rejected] == ["XYZU1002009"]


def test_data_tidak_ditemukan_is_no_response_and_a_cut_reply_is_garbled() -> None:
    assert soap_wire.responses("Data tidak ditemukan") == []
    whole = ENVELOPE.format(ONE_REJECTED.replace("<", "&lt;")).encode()
    assert soap_wire.result_text(whole, "GetResponPLP").startswith("<?xml")
    with pytest.raises(GarbledError):
        soap_wire.result_text(whole[: len(whole) // 2], "GetResponPLP")


def test_a_soap_cancellation_answer_reads_its_reference_and_decision() -> None:
    text = (
        "<DOCUMENT><RESPON_BATAL><HEADER><KD_KANTOR>040300</KD_KANTOR><KD_TPS>TPKA</KD_TPS>"
        "<REF_NUMBER>TPKABATAL1</REF_NUMBER><NO_BATAL_PLP>000777</NO_BATAL_PLP></HEADER>"
        "<DETIL><CONT><NO_CONT>TSTU1234568</NO_CONT><FL_SETUJU>Y</FL_SETUJU></CONT></DETIL>"
        "</RESPON_BATAL></DOCUMENT>"
    )
    [found] = soap_wire.cancellations(text)

    assert (found.ref_number, found.number, found.approved) == ("TPKABATAL1", "000777", True)


def test_h2h_success_is_read_from_the_envelope_code_not_the_http_status() -> None:
    created = {"code": 201, "detail": "Proses Berhasil R1", "data": {"refNumber": "R1"}}
    duplicate = {"code": 200, "detail": "No. Referensi PLP sudah pernah digunakan.", "data": None}
    refused = {
        "code": 400,
        "detail": "Permohonan PLP ditolak.",
        "data": {"errors": [{"rule": "E7", "line": 1, "message": "not at the TPS"}]},
    }
    error_as_200 = {"code": 500, "detail": "Terjadi kesalahan", "data": None}
    manual = {"code": 503, "detail": "F2: office 040300 works on paper", "data": None}

    assert h2h_wire._upload(created).accepted
    assert h2h_wire._upload(duplicate).accepted  # the resend of a stored upload
    assert h2h_wire._upload(refused).codes == ("E7",)
    assert not h2h_wire._upload(error_as_200).accepted
    assert h2h_wire._upload(manual).codes == ("F2",)  # stop sending, do not wait it out


def test_an_h2h_response_item_reads_flags_and_mixed_date_formats() -> None:
    item = {
        "header": {"refNumber": "R1", "nomorPlp": "000123", "tanggalPlp": "2026-11-25"},
        "kontainer": [
            {"nomorKontainer": "MSKU1001373", "ukuranKontainer": "20", "flagSetuju": "Y"},
            {"nomorKontainer": "TSTU1001000", "ukuranKontainer": "40", "flagSetuju": False},
        ],
    }
    found = h2h_wire._response(item)

    assert found.plp_date == date(2026, 11, 25)
    assert [ln.approved for ln in found.lines] == [True, False]
    assert parse_date("25-11-2026") == parse_date("20261125") == date(2026, 11, 25)
    assert parse_date("25/11/2026") == parse_date("20261125093000") == date(2026, 11, 25)


def test_scenario_data_gives_the_goods_containers_and_seals() -> None:
    spec = catalogue.scenario("PLP-11")
    data = scenario_data("run1", spec, "TPKA", "TPKA", "CFSB", "CFB1", office="040300")
    goods = goods_of(data.as_dict(), {"id": "run1", "tps": "TPKA"}, "PLP-11")

    assert goods.containers == tuple(Container(c.number, c.size) for c in data.containers)
    assert goods.seals == {c.number: (c.seal,) for c in data.containers}
    assert (goods.office, goods.bc11_number, goods.bc11_date) == (
        "040300",
        data.bc11_number,
        data.bc11_date,
    )
    assert (goods.destination_tps, goods.destination_gudang) == ("CFSB", "CFB1")
    assert goods.reason == "YOR_SOR" and goods.yor == 95
    assert containers_of({"container_1": "MSKU1001373"}) == (Container("MSKU1001373", "20"),)
    assert seals_of({"containers": "MSKU1001373,TSTU1001000", "seals": "BC1+BC2,"}) == {
        "MSKU1001373": ("BC1", "BC2")
    }
    assert seals_of({"containers": "MSKU1001373", "seals": "MSKU1001373=BC9"}) == {
        "MSKU1001373": ("BC9",)
    }


def test_a_bare_password_is_the_accounts_and_pairs_name_their_account() -> None:
    assert passwords_of(("s3cret",), "tpka") == {"tpka": "s3cret"}
    assert passwords_of(("cfsb=x=y",), "tpka") == {"cfsb": "x=y"}


def test_the_conformance_command_needs_a_run_or_open() -> None:
    result = CliRunner().invoke(
        cli.main, ["conformance"], obj={"connection": Connection("http://sim")}
    )

    assert result.exit_code == 2 and "give RUN_ID, or --open" in result.output
