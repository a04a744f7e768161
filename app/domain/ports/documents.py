"""Port of the customs documents in the reference data (BC 1.1 manifests, SPPBs), read whole."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from app.domain.customs_documents import Bc11Manifest, Sppb


class CustomsDocuments(Protocol):
    def manifest(self, office_code: str, number: str, on: date) -> Bc11Manifest | None: ...

    def sppb(self, office_code: str, number: str, on: date) -> Sppb | None:
        """The declaration released under this SPPB number and date at the office."""
