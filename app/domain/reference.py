"""Reference data the procedure reads: customs offices and their mode of service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from app.domain.transit import DEFAULT_TRANSIT_HOURS, TransitTerms


class ManifestHead(StrEnum):
    """The head of the manifest administration: a section (*seksi*) in a Type A main office
    such as Tanjung Priok, a subsection (*subseksi*) where the SOP's office has one."""

    KASI = "kasi"
    KASUBSI = "kasubsi"

    @property
    def full_title(self) -> str:
        unit = "Seksi" if self is ManifestHead.KASI else "Subseksi"
        return f"Kepala {unit} Administrasi Manifes"

    @property
    def short_title(self) -> str:
        return f"{'Kasi' if self is ManifestHead.KASI else 'Kasubsi'} Administrasi Manifes"


class OfficeMode(StrEnum):
    ONLINE = "online"
    MANUAL = "manual"  # F1/F2: the manual procedure is in force


@dataclass(frozen=True)
class OfficeInfo:
    """A customs office (KD_KANTOR) and how it serves PLP."""

    code: str
    name: str
    timezone: str
    calendar: str = "standard"  # "standard" (section 5) or "24x7"
    observes_collective_leave: bool = True
    mode: OfficeMode = OfficeMode.ONLINE
    manual_since: datetime | None = None
    approval_validity_hours: int | None = None  # T1: None, an approval never lapses
    transit_hours: int = DEFAULT_TRANSIT_HOURS  # T1: gate-out to gate-in, elapsed hours
    manifest_head: ManifestHead = ManifestHead.KASUBSI  # the title on documents and in the UI

    @property
    def transit_terms(self) -> TransitTerms:
        return TransitTerms(self.approval_validity_hours, self.transit_hours)


def manifest_head_title(office: OfficeInfo, short: bool = False) -> str:
    """Who decides PLP (R3) and receives H1 notices, as the office calls the post."""
    head = office.manifest_head
    return head.short_title if short else head.full_title
