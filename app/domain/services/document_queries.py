"""Look-ups of customs documents by number for a TPS (TPS Online's GetImpor_Bc11,
GetImpor_Sppb and GetDokumenManual_OnDemand): what the reference data and the paper PLPs of
the manual procedure hold, within the TPS's own office; a document the TPS may not see is
simply not found (an answer never tells another party's documents apart from missing ones)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.actor import Actor
from app.domain.customs_documents import Bc11Manifest, ManifestItem, Sppb
from app.domain.manual_plp import ManualPlp
from app.domain.ports.reference import ReferenceData
from app.domain.ports.unit_of_work import UnitOfWork
from app.domain.services.responses import own_tps


@dataclass(frozen=True)
class SppbView:
    """An SPPB with its importer as the cited BC 1.1 names the released goods' consignee
    (the reference data holds no importer of its own)."""

    sppb: Sppb
    importer: ManifestItem | None
    manifest_items: tuple[ManifestItem, ...]  # of the cited BC 1.1: the goods' sizes


def bc11(
    actor: Actor, number: str, on: date, uow: UnitOfWork, reference: ReferenceData
) -> Bc11Manifest | None:
    office = _office(actor, reference)
    with uow:
        return uow.documents.manifest(office, number, on)


def supporting(
    actor: Actor, number: str, on: date, container: str, uow: UnitOfWork, reference: ReferenceData
) -> tuple[Bc11Manifest, tuple[ManifestItem, ...]] | None:
    """GetPendukungPLP: the BC 1.1 entries (house B/L) a container carries, as a PLP request
    needs them; None when the BC 1.1 does not list the container."""
    manifest = bc11(actor, number, on, uow, reference)
    wanted = container.strip().upper()
    items = tuple(
        i
        for i in (manifest.items if manifest else ())
        if any(c.number == wanted for c in i.containers)
    )
    return (manifest, items) if manifest and items else None


def sppb(
    actor: Actor,
    number: str,
    on: date,
    importer_id: str | None,
    uow: UnitOfWork,
    reference: ReferenceData,
) -> SppbView | None:
    """importer_id (NPWP_Imp), when given, must be the importer's: digits compared only."""
    office = _office(actor, reference)
    with uow:
        found = uow.documents.sppb(office, number, on)
        if found is None:
            return None
        manifest = None
        if found.bc11_number and found.bc11_date:
            manifest = uow.documents.manifest(office, found.bc11_number, found.bc11_date)
    importer = _importer(found, manifest)
    if importer_id and _digits(importer_id) != _digits(importer.consignee_id if importer else ""):
        return None
    return SppbView(found, importer, manifest.items if manifest else ())


def paper_plp(
    actor: Actor, number: str, on: date, uow: UnitOfWork, reference: ReferenceData
) -> ManualPlp | None:
    """F2: a PLP decided on paper, by its decision letter's number and date, for a TPS that
    is its origin or destination."""
    tps = own_tps(actor, None, reference)
    with uow:
        mine = uow.manual_plps.of_tps(tps)
    wanted = number.strip()
    for manual in mine:
        d = manual.decision
        if d is not None and d.letter_number == wanted and d.letter_date == on:
            return manual
    return None


def _office(actor: Actor, reference: ReferenceData) -> str:
    tps = reference.tps(own_tps(actor, None, reference))
    return tps.office_code if tps else ""


def _importer(found: Sppb, manifest: Bc11Manifest | None) -> ManifestItem | None:
    if manifest is None:
        return None
    containers, bls = set(found.containers), {b.number for b in found.bls}
    for item in manifest.items:
        if item.bl_number in bls or any(c.number in containers for c in item.containers):
            return item
    return None


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())
