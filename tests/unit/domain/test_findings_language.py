"""Issue 18: an eligibility finding (E1-E7, A1/A2) keeps its English `detail` for the wire
contracts and carries the catalogue key and placeholders that word it in Indonesian."""

from __future__ import annotations

from app.adapters.i18n import translator
from app.domain.plp_parts import Finding
from app.domain.reasons import PlpReason
from tests.unit.builders import C2, C3, check, container, facts, header

ID, EN = translator("id"), translator("en")


def test_a1_e6_e3_e5_findings_are_worded_in_indonesian_and_english_as_before() -> None:
    goods = (container("MSKU1001374"), container(C2), container(C3), container(C3))
    known = facts(declared=frozenset({f"C:{C2}"}))

    findings = check(*goods, h=header(reason=PlpReason.POSTAL), known=known)

    assert [f.worded(EN) for f in findings] == [f.detail for f in findings]
    a1, e6, e3, e5, _ = (f.worded(ID) for f in findings)
    assert a1 == "TPS asal tidak boleh mengajukan dengan alasan POSTAL"
    assert e6 == "MSKU1001374: check digit ISO 6346 salah"
    assert e3.endswith("sudah tercakup dalam pemberitahuan impor")
    assert e5.endswith("tercantum lebih dari sekali dalam permohonan ini")


def test_e1_finding_in_indonesian() -> None:
    h = header(destination_tps="TPKA", destination_gudang="TPKA")

    (finding,) = check(h=h, known=facts(destination="TPKA"))

    assert finding.worded(ID) == "TPS asal dan TPS tujuan sama"


def test_a_finding_read_back_from_json_keeps_its_words_and_an_old_one_its_english() -> None:
    stored = {"rule": "E5", "detail": "x", "line_no": 1, "key": "problems.e5.active_elsewhere"}
    found = Finding(**stored, params=[["goods", "container MSKU1001373"]])  # type: ignore[arg-type]
    old = Finding("E5", "container MSKU1001373 is already in another active PLP", 1)

    assert found.params == (("goods", "container MSKU1001373"),)
    assert found.worded(ID) == "container MSKU1001373 sudah berada dalam PLP aktif lain"
    assert old.worded(ID) == old.detail
