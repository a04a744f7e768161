"""The H2H adapter without I/O: bodies into the domain's commands, the code tables, the
envelope's time stamp, and response items out of requests at each step."""

from __future__ import annotations

import dataclasses
import inspect
from datetime import UTC, date, datetime
from typing import Any

import pytest

from app.api.h2h import contract, envelope, requests_in
from app.api.h2h import responses_out as out
from app.api.h2h.errors import H2hInputError
from app.domain import errors
from app.domain.actor import Actor, Channel, Role
from app.domain.plp_parts import DataType
from app.domain.reasons import PlpReason
from tests.integration.h2h.test_h2h_support import (
    assert_item,
    batal,
    coarri_kemasan,
    coarri_kontainer,
    permohonan,
)
from tests.unit.builders import approved, in_review

TPKA = Actor("tpka", Role.TPS_OPERATOR, "TPKA", channel=Channel.H2H)
JGE1 = Actor("jge1", Role.TPS_OPERATOR, "JGE1", channel=Channel.H2H)


def refusal(call: Any) -> tuple[str, str]:
    with pytest.raises(H2hInputError) as caught:
        call()
    return caught.value.field or "", caught.value.detail


def test_a_permohonan_becomes_the_rest_command() -> None:
    body = permohonan("TPKA1", [("mSKU1001373", "20")], kodeAlasanPlp="1", tipeData="2")
    kemasan = {"jenisKemasan": "pk", "jumlahKemasan": "10", "nomorBlAwb": "HBL-1"}
    body["detil"].append({"kemasan": [kemasan | {"tanggalBlAwb": "11-11-2026"}]})

    cmd = requests_in.submission(body, TPKA)

    h = cmd.header
    assert (h.reason, h.reason_code, h.data_type) == (PlpReason.YOR_SOR, "1", DataType.MANUAL)
    assert (h.letter_date, h.bc11_date, h.arrival_date) == (
        date(2026, 11, 25),
        date(2026, 11, 20),
        date(2026, 11, 19),
    )
    assert (h.voyage, h.yor_origin, h.yor_destination) == ("025S", 72.0, 35.0)
    assert [c.number for c in cmd.containers] == ["MSKU1001373"]  # groups flattened
    assert [(p.package_type, p.count) for p in cmd.packages] == [("PK", 10)]


def test_a2_a_destination_files_and_codes_keep_their_side() -> None:
    body = permohonan("JGE11", [], kodeAlasanPlp="5", kodeTpsTujuan="JGE1", gudangTujuan="JGE1")
    assert requests_in.submission(body, JGE1).header.reason is PlpReason.FF_MASTER_AWB
    by_origin = permohonan("TPKA2", [], kodeAlasanPlp="7")  # only a destination files 7
    assert requests_in.submission(by_origin, TPKA).header.reason is PlpReason.RUSH_HANDLING


@pytest.mark.parametrize(
    ("change", "field", "detail"),
    [
        (
            {"kodeAlasanPlp": "9"},
            "header.kodeAlasanPlp",
            "header.kodeAlasanPlp '9' tidak dikenal (kode: 1, 2, 3, 4, 5, 6, 7, 8)",
        ),
        ({"tipeData": "3"}, "header.tipeData", "header.tipeData harus 1 (baru) atau 2 (manual)"),
        (
            {"tpsTujuan": {"kodeTpsTujuan": "KOJA"}},
            "header.kodeTpsTujuan",
            "header.kodeTpsTujuan dan tpsTujuan.kodeTpsTujuan berbeda",
        ),
        (
            {"gudangTujuan": None},
            "header.gudangTujuan",
            "header.gudangTujuan tidak boleh kosong: wajib diisi untuk aturan E1",
        ),
    ],
    ids=["unknown-reason", "tipe-data", "tps-tujuan-contradicts", "no-gudang-anywhere"],
)
def test_header_values_the_reader_cannot_judge_alone(
    change: dict[str, Any], field: str, detail: str
) -> None:
    body = permohonan("TPKA3", [("MSKU1001373", "20")], **change)
    assert refusal(lambda: requests_in.submission(body, TPKA)) == (field, detail)


def test_a_package_count_must_be_whole() -> None:
    body = permohonan("TPKA4", packages=[("HBL-1", "PK", 10.5, "11-11-2026")])
    assert (
        refusal(lambda: requests_in.submission(body, TPKA))[1]
        == "jumlahKemasan harus bilangan bulat"
    )


def test_a_batal_and_the_coarri_reports_become_legacy_orders() -> None:
    cancel = requests_in.cancellation(
        batal("TPKA5", ("000001", "25-11-2026"), [("mSKU1001373", "20")]), TPKA
    )
    gate = requests_in.gate_report(
        coarri_kontainer(
            "R", "6", "tpka", ("000001", "25-11-2026"), "25-11-2026 10:00:00", ["A", "B"]
        ),
        True,
    )
    kms = requests_in.gate_report(
        coarri_kemasan(
            "R", "5", "CFSB", ("000001", "25-11-2026"), "25-11-2026 10:00:00", ["HBL-1"]
        ),
        False,
    )

    assert (cancel.tps_code, cancel.office_code, cancel.order.ref_number) == (
        "TPKA",
        "040300",
        "TPKA5",
    )
    assert cancel.order.goods.containers == ("MSKU1001373",)
    assert (gate.kd_dok, gate.tps_code) == ("6", "TPKA")
    first = gate.items[0]
    assert [i.goods.containers for i in gate.items] == [("A",), ("B",)]
    assert (first.kd_dok_inout, first.document_date) == ("3", date(2026, 11, 25))
    assert kms.kd_dok == "5"
    assert kms.items[0].goods.packages == (("HBL-1", date(2026, 11, 11)),)


def test_every_domain_error_and_rule_outcome_has_a_row_in_codes_csv() -> None:
    classes = [
        c for _, c in inspect.getmembers(errors, inspect.isclass) if issubclass(c, errors.PlpError)
    ]
    assert {c.__name__ for c in classes} <= set(contract.codes())
    for row in contract.codes().values():
        assert row.http in (200, 400, 401, 403, 404, 405, 409, 413, 429, 500, 501, 503)
        assert row.code != 201 or row.case == "created"


def test_the_envelope_date_is_wib_with_a_two_digit_fraction_after_a_colon() -> None:
    at = datetime(2025, 8, 19, 17, 51, 5, 480_000, tzinfo=UTC)
    assert envelope.stamp(at) == "20-08-2025 00:51:05:48 WIB"  # the note's example


def test_response_items_follow_the_table_at_each_step() -> None:
    request = approved(in_review(), 2)  # line 2 refused
    item = out.item("ResponPlp", request, request.lines, out.decided)
    assert_item("ResponPlp", item)
    assert [k["flagSetuju"] for k in item["kontainer"]] == ["Y", "T"]
    assert item["header"]["alasanReject"] == "TGHU1002113 not in the yard"
    on_demand = out.nested(out.item("ResponPlpOnDemand", request, request.lines, out.decided))
    assert_item("ResponPlpOnDemand", on_demand)
    assert [k["flagSetuju"] for k in on_demand["detil"]["kontainer"]] == [True, False]
    assert out.numeric_id(request) == out.numeric_id(in_review()) <= 2**53 - 1


def test_numeric_ids_stay_within_javascripts_safe_integers() -> None:
    """Issue 16.5: newman and Node round integers above 2^53 - 1."""
    base = in_review()
    ids = {out.numeric_id(dataclasses.replace(base, id=f"plp-{n}")) for n in range(500)}
    assert len(ids) == 500 and max(ids) <= 2**53 - 1


def test_no_more_lines_than_rest_and_soap_allow_and_no_nan_counts() -> None:
    many = [(f"MSKU{i:07d}", "20") for i in range(501)]
    body = permohonan("TPKA6", many)
    body["detil"].append(permohonan("TPKA6", many)["detil"][0])  # 1002 over two groups
    nan = permohonan("TPKA7", [("MSKU1001373", "20")], yorAsal="NaN")

    assert refusal(lambda: requests_in.submission(body, TPKA))[0] == "detil"
    assert refusal(lambda: requests_in.submission(nan, TPKA)) == (
        "header.yorAsal",
        "header.yorAsal harus berupa angka",
    )
