"""D1, issue 18: the approval stays an Indonesian document (English glosses in brackets);
`?lang=en` prints its English reading, the same record and reference."""

from __future__ import annotations

from app.adapters.i18n import translator
from app.domain.approval_letter import NOTE_TITLES
from tests.integration.rest.test_d1_approval_pdf import _approved, _text
from tests.support import Api, packages


def test_d1_lang_en_prints_the_english_reading_of_the_same_letter(api: Api) -> None:
    rid = _approved(api, containers=[], packages=packages("HBL-LCL-0001"))
    path = f"/api/v1/plp-requests/{rid}/approval.pdf"

    indonesian = api.get(path, "tpka")
    english = api.get(f"{path}?lang=en", "tpka")

    assert english.status_code == 200, english.text
    text = _text(english.content)
    assert "APPROVAL OF A TRANSFER OF STORAGE LOCATION (PLP)" in text
    assert "Goods: 0 containers, 1 B/L of packages" in text
    assert "1 HBL-LCL-0001 of 11-11-2026 10 PK" in text
    assert "Release note (origin TPS) Not recorded yet" in text
    assert "peti kemas" not in text and "Belum dicatat" not in text
    assert "Barang (goods): 0 peti kemas, 1 B/L kemasan" in _text(indonesian.content)
    same = "X-Verification-Reference"
    assert english.headers[same] == indonesian.headers[same]


def test_d1_an_unknown_language_is_refused(api: Api) -> None:
    rid = _approved(api)

    r = api.get(f"/api/v1/plp-requests/{rid}/approval.pdf?lang=fr", "tpka")

    assert r.status_code == 422


def test_d1_every_note_has_its_title_and_the_indonesian_ones_are_the_documents() -> None:
    tr = translator("id")
    for kind, title in NOTE_TITLES.items():
        assert tr(f"documents.note.{kind}") == title
        assert translator("en").has(f"documents.note.{kind}")
