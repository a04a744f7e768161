"""Customs documents the reference data holds, as a TPS may look them up (TPS Online's
GetImpor_Bc11 and GetImpor_Sppb): a BC 1.1 manifest and an SPPB (a granted import release)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ManifestContainer:
    number: str
    size: str
    iso_type: str | None
    fcl_lcl: str  # F or L


@dataclass(frozen=True)
class ManifestItem:
    """One house B/L (pos) of a BC 1.1, with its containers."""

    pos_number: str
    consignee: str
    consignee_id: str
    bl_number: str | None
    bl_date: date | None
    master_bl_number: str | None
    master_bl_date: date | None
    package_type: str | None
    package_count: int | None
    containers: tuple[ManifestContainer, ...]


@dataclass(frozen=True)
class Bc11Manifest:
    office_code: str
    number: str
    manifest_date: date
    vessel_name: str
    call_sign: str
    voyage: str
    arrival_date: date | None
    items: tuple[ManifestItem, ...]


@dataclass(frozen=True)
class ReleasedBl:
    number: str
    bl_date: date | None


@dataclass(frozen=True)
class Sppb:
    """A declaration's release: its goods may leave the TPS (gate-out under KD_DOK_INOUT 1)."""

    office_code: str
    sppb_number: str
    sppb_date: date
    declaration_kind: str
    declaration_number: str
    declaration_date: date
    bc11_number: str | None
    bc11_date: date | None
    containers: tuple[str, ...]
    bls: tuple[ReleasedBl, ...]
