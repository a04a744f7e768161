"""D1 on the domain: what an approval letter shows, when it can be printed, its revision and
the verification reference; the manifest head's title from the office setting."""

from __future__ import annotations

import pytest

from app.domain.approval_letter import (
    ApprovalLetter,
    References,
    letter_of,
    require_printable,
)
from app.domain.errors import RuleViolationError
from app.domain.events import AuditEvent
from app.domain.plp_request import PlpRequest
from app.domain.reference import ManifestHead, OfficeInfo, manifest_head_title
from tests.unit.builders import (
    C1,
    C2,
    KASUBSI,
    ORIGIN_SUP,
    approved,
    at,
    in_review,
    recommended,
    released,
    seal_of,
)

PRIOK = OfficeInfo("040300", "KPU Tanjung Priok", "Asia/Jakarta", manifest_head=ManifestHead.KASI)


def _letter(request: PlpRequest, office: OfficeInfo = PRIOK) -> ApprovalLetter:
    audit: list[AuditEvent] = request.new_events
    return letter_of(request, office, lambda c: f"TPS {c}", lambda u: f"Name of {u}", audit)


def test_d1_manifest_head_title_is_the_office_setting() -> None:
    sop_office = OfficeInfo("050100", "Soekarno-Hatta", "Asia/Jakarta")

    assert manifest_head_title(PRIOK) == "Kepala Seksi Administrasi Manifes"
    assert manifest_head_title(PRIOK, short=True) == "Kasi Administrasi Manifes"
    assert manifest_head_title(sop_office) == "Kepala Subseksi Administrasi Manifes"
    assert manifest_head_title(sop_office, short=True) == "Kasubsi Administrasi Manifes"


def test_d1_a_request_in_review_or_rejected_has_nothing_to_print() -> None:
    rejected = recommended(in_review())
    rejected.decide(KASUBSI, at(2), False, "no", {}, None, None)

    for request in (in_review(), rejected):
        with pytest.raises(RuleViolationError) as refused:
            require_printable(request)
        assert refused.value.rule == "D1"


def test_d1_the_letter_shows_the_goods_their_seals_and_the_release_note() -> None:
    request = released(approved(in_review()))

    letter = _letter(request)

    require_printable(request)
    assert [g.container for g in letter.goods] == [C1, C2]
    assert [g.seals for g in letter.goods] == [(seal_of(C1),), (seal_of(C2),)]
    assert letter.decider_title == "Kepala Seksi Administrasi Manifes"
    assert letter.origin.name == "TPS TPKA"
    assert [n.kind for n in letter.notes] == ["release"]
    assert letter.notes[0].by == f"Name of {ORIGIN_SUP.username}"


def test_d1_a_refused_line_is_not_on_the_letter_and_marks_it_partial() -> None:
    letter = _letter(approved(in_review(), 2))

    assert [g.container for g in letter.goods] == [C1]
    assert letter.partial


def test_d1_the_revision_changes_with_the_printed_content_only() -> None:
    request = approved(in_review())
    first = _letter(request)

    assert _letter(request).revision == first.revision  # the same record prints the same
    request.check_at_origin(ORIGIN_SUP, at(3), False, (), "seal number differs")
    assert _letter(request).revision != first.revision


def test_d1_a_reference_reads_back_and_a_forged_one_does_not() -> None:
    letter = _letter(approved(in_review()))
    references = References("the app's secret")
    genuine = references.of(letter)
    request_id, revision, mac = genuine.rsplit("-", 2)

    assert references.read(genuine) == (letter.request_id, letter.revision)
    assert References("another secret").read(genuine) is None
    assert references.read(f"{request_id}-{revision}-{mac[::-1]}") is None
    assert references.read(f"x{request_id}-{revision}-{mac}") is None
    assert references.read(f"{request_id}-{revision}-{mac}/") is None
    assert references.read(f"{request_id}-{revision}") is None
    assert references.read(f"{request_id}-{revision}-{mac}-") is None
