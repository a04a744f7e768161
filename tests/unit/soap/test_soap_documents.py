"""fStream documents in, response documents and result strings out, and our code tables."""

from __future__ import annotations

import inspect
import re
from datetime import UTC, date, datetime

import pytest

from app.api.http import contract_files as contracts
from app.api.soap import codes, documents_in, documents_out, results, xml_safety
from app.api.soap.errors import BadValueError, MissingElementError
from app.domain import errors
from app.domain.actor import Actor, Channel, Role
from app.domain.lines import lines_from
from app.domain.plp_parts import Decision, Finding
from app.domain.plp_request import PlpRequest
from app.domain.reasons import ApplicantSide, PlpReason
from app.domain.seals import StatedSeal
from tests.integration.soap.soap_support import coco, coco_block, loadplp

TPKA = Actor("tpka", Role.TPS_OPERATOR, "TPKA", channel=Channel.SOAP)
JGE1 = Actor("jge1", Role.TPS_OPERATOR, "JGE1", channel=Channel.SOAP)
RULES = ["E1", "E2", "E3", "E4", "E5", "E6", "A1", "A2", "R3", "M1", "M2", "M3", "M4", "M5", "M6"]
RULES += ["L1", "H1", "IDEMPOTENCY", "F2"]


def _submission(document: str, actor: Actor = TPKA) -> object:
    root = xml_safety.parse_text(document)
    return documents_in.submission(documents_in.blocks(root, "LOADPLP")[0], actor)


def test_loadplp_becomes_the_rest_command() -> None:
    cmd = _submission(loadplp("TPKA1", [("mSKU1001373", "20")], reason="1", yor="72"))
    h = cmd.header  # type: ignore[attr-defined]
    assert (h.origin_tps, h.destination_gudang, h.reason, h.reason_code) == (
        "TPKA",
        "CFB1",
        PlpReason.YOR_SOR,
        "1",
    )
    assert (h.yor_origin, h.bc11_date, h.arrival_date) == (
        72.0,
        date(2026, 11, 20),
        date(2026, 11, 19),
    )
    assert h.call_sign == "9VAB7" and h.yor_destination is None
    assert cmd.containers[0].number == "MSKU1001373"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("code", "actor", "reason"),
    [
        ("5", TPKA, PlpReason.MASTER_CONSOLIDATION),
        ("5", JGE1, PlpReason.FF_MASTER_AWB),
        ("7", TPKA, PlpReason.RUSH_HANDLING),
        ("2", JGE1, PlpReason.NO_LCL_SPACE),
    ],
)
def test_a1_a2_kd_alasan_plp_means_what_the_senders_side_may_file(
    code: str, actor: Actor, reason: PlpReason
) -> None:
    """A code only the other side files keeps its meaning, so eligibility names A1/A2."""
    document = loadplp(
        "R", [("X", "20")], reason=code, destination="JGE1", destination_gudang="JGE1"
    )
    assert _submission(document, actor).header.reason is reason  # type: ignore[attr-defined]


def test_unknown_kd_alasan_plp_missing_elements_and_bad_dates_are_named() -> None:
    with pytest.raises(BadValueError, match="KD_ALASAN_PLP '9'"):
        _submission(loadplp("R", [("X", "20")], reason="9"))
    with pytest.raises(MissingElementError, match="NM_PEMOHON"):
        _submission(loadplp("R", [("X", "20")]).replace("BUDI SANTOSO", ""))
    with pytest.raises(BadValueError, match="TGL_BC11"):
        _submission(loadplp("R", [("X", "20")], bc11=("001234", "20-11-26")))
    with pytest.raises(BadValueError, match="NO_CONT"):
        _submission(loadplp("R", [("TSTU10010001234", "20")]))


def test_packages_and_several_loadplp_blocks() -> None:
    one = loadplp("A", packages=[("HBL-1", "pk", 10, "20261111")], declaration=False)
    two = loadplp("B", [("X", "20")], declaration=False)
    both = one.replace("</DOCUMENT>", "") + two[two.index("<LOADPLP>") :]
    blocks = documents_in.blocks(xml_safety.parse_text(both), "LOADPLP")
    parsed = documents_in.read_blocks(blocks, lambda b: documents_in.submission(b, TPKA))
    assert [p.ref_number for p in parsed] == ["A", "B"]
    first = parsed[0].value
    assert first is not None and first.packages[0].package_type == "PK"


def _request(approved: bool = True) -> PlpRequest:
    cmd = _submission(loadplp("TPKA250310000101", [("TSTU1234568", "20"), ("XYZU1002009", "40")]))
    lines = lines_from(cmd.containers, ())  # type: ignore[attr-defined]
    at = datetime(2025, 3, 10, 3, tzinfo=UTC)
    request = PlpRequest(
        "r1", cmd.header, lines, "TPKA", ApplicantSide.ORIGIN, Channel.SOAP, at, "f"
    )  # type: ignore[attr-defined]
    lines[0].approved, lines[1].approved = approved, False
    lines[1].reject_reason = "BELUM GATE-IN DI TPS ASAL"
    number, on = ("012345", date(2025, 3, 10)) if approved else (None, None)
    request.decision = Decision("kasubsi", at, approved, number, on, None if approved else "X")
    return request


def test_respon_plp_is_the_note_example_shape() -> None:
    assert documents_out.respon_plp(_request()) == (
        "<RESPONPLP><HEADER><KD_KANTOR>040300</KD_KANTOR><KD_TPS>TPKA</KD_TPS>"
        "<REF_NUMBER>TPKA250310000101</REF_NUMBER><NO_PLP>012345</NO_PLP><TGL_PLP>20250310"
        "</TGL_PLP><ALASAN_REJECT>XYZU1002009 BELUM GATE-IN DI TPS ASAL</ALASAN_REJECT></HEADER>"
        "<DETIL><CONT><NO_CONT>TSTU1234568</NO_CONT><UK_CONT>20</UK_CONT><FL_SETUJU>Y</FL_SETUJU>"
        "</CONT><CONT><NO_CONT>XYZU1002009</NO_CONT><UK_CONT>40</UK_CONT><FL_SETUJU>T</FL_SETUJU>"
        "</CONT></DETIL></RESPONPLP>"
    )


def test_respon_plp_tujuan_lists_approved_lines_only() -> None:
    wide = documents_out.respon_plp_tujuan(_request(), wide=True)
    assert wide.count("<CONT>") == 1 and "<NO_SURAT>00101/PLP/TPKA/2026</NO_SURAT>" in wide
    short = documents_out.respon_plp_tujuan(_request(), wide=False)
    assert (
        "<NO_BC11>" not in short
        and "<CONT><NO_CONT>TSTU1234568</NO_CONT><UK_CONT>20</UK_CONT></CONT>" in short
    )


def test_gagal_lists_a_kd_res_per_failed_rule_readable_by_greedy_regex_and_simplexml() -> None:
    findings = [Finding("E2", "a < b", 1), Finding("E5", "in PLP 1", 2), Finding("E2", "c", 2)]
    text = results.upload_result([], [results.Refusal.of_findings("REF1", findings)])
    assert text.startswith('<?xml version="1.0"?><DOCUMENT><GAGAL><KD_RES>102,105</KD_RES>')
    assert re.search(r"<KD_RES>([^{]*)</KD_RES>", text).group(1) == "102,105"  # type: ignore[union-attr]
    assert "a &lt; b" in text and "berhasil" not in text.lower()
    mixed = results.upload_result(["OK1"], [results.Refusal.of_findings("REF1", findings)])
    assert "<DITERIMA><REF_NUMBER>OK1</REF_NUMBER></DITERIMA>" in mixed
    assert results.upload_result(["A", "B"], []) == "Proses Berhasil A;Proses Berhasil B"


def test_kd_res_covers_every_domain_error_and_rule() -> None:
    classes = {
        name
        for name, cls in inspect.getmembers(errors, inspect.isclass)
        if issubclass(cls, errors.PlpError)
    }
    assert classes <= codes.known_errors()
    assert set(RULES) <= codes.known_rules()
    assert codes.for_error(errors.ConflictError("x", rule="IDEMPOTENCY")).code == "032"
    assert codes.for_error(errors.ConflictError("x")).code == "031"
    assert codes.for_error(errors.RuleViolationError("M4", "x")).code == "134"
    assert codes.for_error(errors.ManualProcedureInForceError("040300", "now")).code == "040"
    assert codes.for_error(errors.RuleViolationError("Z9", "x")).code == "100"
    assert codes.for_error(errors.PlpError("x")).code == "099"
    table = [row["kd_res"] for row in contracts.table("kd_res.csv")]
    assert len(table) == len(set(table)) and not {"017", "018"} & set(table)  # ODOO: success


def test_gate_entries_carry_no_separator() -> None:
    entry = results.gate_refused("R1", errors.RuleViolationError("M6", "late; very late"))
    assert entry == "Gagal Insert REF R1 KD_RES 136 M6: late, very late"


def _stated(document: str, root: str, kind: str) -> list[StatedSeal]:
    [block] = documents_in.blocks(xml_safety.parse_text(document), root)
    return [s for item in documents_in.gate_items(block, kind) for s in item.seals]


def test_s1_no_segel_bc_is_read_per_container_and_per_package_carrier() -> None:
    plp, at, cont = ("000042", "20261125"), "20261125100000", [("MSKU1001373", "20")]
    sealed = coco_block("R1", "3", "TPKA", plp, at, cont, seal_bc="bc1, BC2")
    kms = coco_block("R2", "5", "CFSB", plp, at, packages=[("HBL-1", "20261111")], seal_bc="BC9")
    empty = coco_block("R3", "3", "TPKA", plp, at, cont)

    [on_container] = _stated(coco(sealed), "COCOCONT", "CONT")
    [on_packages] = _stated(coco(kms, kemasan=True), "COCOKMS", "KMS")

    assert (on_container.container, on_container.numbers) == ("MSKU1001373", ("BC1", "BC2"))
    assert on_packages.packages and on_packages.numbers == ("BC9",)
    assert _stated(coco(empty), "COCOCONT", "CONT") == []
