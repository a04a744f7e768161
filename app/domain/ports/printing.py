"""Port of printed documents: the renderer of the approval letter (D1)."""

from __future__ import annotations

from typing import Protocol

from app.domain.approval_letter import ApprovalLetter


class ApprovalRenderer(Protocol):
    def render(self, letter: ApprovalLetter, reference: str, verify_url: str) -> bytes:
        """The letter as a printable document (PDF), with its reference and a QR code of
        `verify_url`."""
