"""Look-ups by document number (GetImpor_Bc11, GetImpor_Sppb, GetPendukungPLP,
GetDokumenManual_OnDemand): the TPS's own office only, importer check, paper PLPs by their
decision letter for their parties only."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

import pytest

from app.domain.actor import Role
from app.domain.customs_documents import (
    Bc11Manifest,
    ManifestContainer,
    ManifestItem,
    ReleasedBl,
    Sppb,
)
from app.domain.errors import ForbiddenError
from app.domain.manual_plp import ManualDecision, ManualPlp
from app.domain.reasons import PlpReason
from app.domain.services import document_queries as queries
from tests.fakes import FakeReferenceData
from tests.unit.builders import OFFICE, container, officer, tps_account

DAY = date(2026, 11, 20)
ITEM = ManifestItem(
    "000100000000",
    "PT CONTOH IMPOR",
    "01.234.567.8-900.000",
    "HBL-1",
    DAY,
    None,
    None,
    None,
    None,
    (ManifestContainer("TSTU1001000", "40", "45G1", "F"),),
)
OTHER = replace(
    ITEM,
    pos_number="000200000000",
    consignee_id="099",
    bl_number="HBL-2",
    containers=(ManifestContainer("MSKU1001373", "20", None, "F"),),
)
MANIFEST = Bc11Manifest(
    OFFICE, "001234", DAY, "MV SAMPLE STAR", "9VAB7", "025S", DAY, (OTHER, ITEM)
)
SPPB = Sppb(OFFICE, "123456", DAY, "BC20", "000778", DAY, "001234", DAY, ("TSTU1001000",), ())


@dataclass
class Documents:
    manifests: list[Bc11Manifest] = field(default_factory=lambda: [MANIFEST])
    releases: list[Sppb] = field(default_factory=lambda: [SPPB])

    def manifest(self, office_code: str, number: str, on: date) -> Bc11Manifest | None:
        found = (m for m in self.manifests if (m.office_code, m.number) == (office_code, number))
        return next((m for m in found if m.manifest_date == on), None)

    def sppb(self, office_code: str, number: str, on: date) -> Sppb | None:
        key = (office_code, number, on)
        return next(
            (s for s in self.releases if (s.office_code, s.sppb_number, s.sppb_date) == key), None
        )


@dataclass
class ManualPlps:
    stored: list[ManualPlp] = field(default_factory=list)

    def of_tps(self, tps_code: str) -> list[ManualPlp]:
        return [m for m in self.stored if tps_code in (m.origin_tps, m.destination_tps)]


@dataclass
class Uow:
    documents: Documents = field(default_factory=Documents)
    manual_plps: ManualPlps = field(default_factory=ManualPlps)

    def __enter__(self) -> Uow:
        return self

    def __exit__(self, *exc: Any) -> None:
        return None


def paper(decided: bool = True) -> ManualPlp:
    at = datetime(2026, 11, 30, 6)
    decision = ManualDecision(True, at, "KEP-1", DAY, None, "kasubsi") if decided else None
    return ManualPlp(
        "m1", "o1", OFFICE, "M-1", DAY, at, "TPKA", "TPKA", "TPKA", "CFSB", "CFB1",
        PlpReason.YOR_SOR, "001234", DAY, "BUDI", (container("TSTU1001000"),), (), "manifest", at,
        decision,
    )  # fmt: skip


def test_bc11_is_read_in_the_tps_office_only() -> None:
    reference = FakeReferenceData()
    uow: Any = Uow()
    assert queries.bc11(tps_account("TPKA"), "001234", DAY, uow, reference) == MANIFEST
    assert queries.bc11(tps_account("JGE1"), "001234", DAY, uow, reference) is None  # 050100
    with pytest.raises(ForbiddenError):
        queries.bc11(officer(Role.MANIFEST_OFFICER), "001234", DAY, uow, reference)


def test_sppb_names_its_importer_and_checks_npwp_digits_only() -> None:
    reference, uow = FakeReferenceData(), Uow()
    found = queries.sppb(tps_account("TPKA"), "123456", DAY, None, uow, reference)
    assert found is not None and found.importer == ITEM
    same = queries.sppb(tps_account("TPKA"), "123456", DAY, "012345678900000", uow, reference)
    assert same == found
    assert queries.sppb(tps_account("TPKA"), "123456", DAY, "099", uow, reference) is None
    released_bl = replace(SPPB, containers=(), bls=(ReleasedBl("HBL-2", DAY),))
    by_bl = queries.sppb(
        tps_account("TPKA"), "123456", DAY, None, Uow(Documents(releases=[released_bl])), reference
    )
    assert by_bl is not None and by_bl.importer == OTHER


def test_supporting_data_are_the_bc11_entries_carrying_the_container() -> None:
    reference, uow = FakeReferenceData(), Uow()
    found = queries.supporting(tps_account("TPKA"), "001234", DAY, "tstu1001000", uow, reference)
    assert found == (MANIFEST, (ITEM,))
    assert (
        queries.supporting(tps_account("TPKA"), "001234", DAY, "MSKU0000000", uow, reference)
        is None
    )


def test_f2_a_paper_plp_is_found_by_its_decision_letter_by_its_parties_only() -> None:
    reference = FakeReferenceData()
    uow = Uow(manual_plps=ManualPlps([paper(decided=False), replace(paper(), id="m2")]))
    found = queries.paper_plp(tps_account("CFSB"), "KEP-1", DAY, uow, reference)
    assert found is not None and found.id == "m2"
    assert queries.paper_plp(tps_account("KOJA"), "KEP-1", DAY, uow, reference) is None
    assert queries.paper_plp(tps_account("TPKA"), "M-1", DAY, uow, reference) is None
