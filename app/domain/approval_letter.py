"""D1: the *Surat Persetujuan PLP*, the approval the applicant prints in one copy (SOP 10.b) and
hands to the supervisors, who check it against the system (10.c.1, 10.f.1) and write their
release, entry or mismatch notes on it (10.c.2, 10.f.2).

The letter is a plain view of the record; its revision is a digest of everything printed on
it, so a print whose record has changed since (a new note, a cut line, a cancellation) is
known to be superseded without storing the prints. The verification reference binds the
request and that revision with a keyed MAC: it cannot be guessed or altered."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from app.domain.errors import RuleViolationError
from app.domain.events import AuditEvent
from app.domain.lines import PlpLine
from app.domain.messages import msg
from app.domain.plp_request import PlpRequest
from app.domain.reasons import REASON_DESCRIPTIONS
from app.domain.reference import OfficeInfo, manifest_head_title
from app.domain.status import PlpStatus

REVISION_CHARS = 16  # 64 bits of the content digest: a changed record gets another
MAC_CHARS = 32  # 128 bits: a reference cannot be forged or guessed
_MAC_CONTEXT = b"plp-online/approval-letter/v1"


@dataclass(frozen=True)
class Party:
    """A TPS and its gudang as the letter names them."""

    code: str
    name: str
    gudang: str


@dataclass(frozen=True)
class LetterGoods:
    """One approved line that moves: a container with its seals, or the packages of a B/L."""

    line_no: int
    container: str | None = None
    size: str | None = None
    iso_type: str | None = None
    seals: tuple[str, ...] = ()
    package_type: str | None = None
    package_count: int | None = None
    bl_number: str | None = None
    bl_date: date | None = None


@dataclass(frozen=True)
class SupervisorNote:
    """A note written on the print: the release (10.c.2.a), a refused release (10.c.2.b), the
    manifest officer's follow-up, the entry (10.f.2.a), a discrepancy (10.f.2.b), the P2
    section's conclusion, or the cancellation (L1)."""

    kind: str  # a key of NOTE_TITLES
    by: str
    at: datetime
    text: str


NOTE_TITLES = {
    "release": "Catatan pengeluaran (release note, TPS asal)",
    "release_refused": "Catatan ketidaksesuaian di TPS asal (release refused)",
    "follow_up": "Tindak lanjut Administrasi Manifes (follow-up)",
    "entry": "Catatan pemasukan (entry note, TPS tujuan)",
    "discrepancy": "Catatan ketidaksesuaian di TPS tujuan (discrepancy)",
    "investigation": "Hasil penelitian Seksi P2 (P2 section's conclusion)",
    "cancellation": "Pembatalan PLP (cancellation)",
}


@dataclass(frozen=True)
class ApprovalLetter:
    """Everything the printed approval shows, in the order it shows it."""

    request_id: str
    office_code: str
    office_name: str
    timezone: str
    plp_number: str
    plp_date: date
    ref_number: str
    letter_number: str
    letter_date: date
    applicant_tps: str
    applicant_name: str
    origin: Party
    destination: Party
    reason: str
    reason_text: str
    bc11_number: str
    bc11_date: date
    vessel_name: str
    call_sign: str
    voyage: str
    arrival_date: date | None
    goods: tuple[LetterGoods, ...]
    decided_at: datetime
    decided_by: str  # the name of the Kasi/Kasubsi who decided, as the accounts know it
    decider_title: str  # from the office setting (Kepala Seksi / Kepala Subseksi)
    partial: bool  # some lines were refused or cut
    escort: str | None
    notes: tuple[SupervisorNote, ...]
    cancelled: bool

    @property
    def revision(self) -> str:
        """A digest of the printed content: any change to it gives another revision."""
        text = json.dumps(asdict(self), default=_canonical, sort_keys=True, ensure_ascii=True)
        return hashlib.sha256(text.encode()).hexdigest()[:REVISION_CHARS]


@dataclass(frozen=True)
class Verification:
    """What `/verify/{reference}` shows: the record now and whether the print still shows it."""

    letter: ApprovalLetter
    status: PlpStatus
    printed_revision: str

    @property
    def current(self) -> bool:
        return self.printed_revision == self.letter.revision


PRINTABLE_AFTER_APPROVAL = frozenset(PlpStatus) - {
    PlpStatus.IN_REVIEW,
    PlpStatus.REJECTED,
    PlpStatus.CANCELLED,
}


def require_printable(request: PlpRequest) -> None:
    """D1: only an approved PLP has an approval to print; a cancelled one no longer has."""
    decision = request.decision
    if decision is None or not decision.approved or not decision.plp_number:
        raise RuleViolationError(
            "D1",
            msg(
                "problems.d1.not_approved",
                "request is {status}: only an approved PLP has a printable approval",
                status=request.status,
            ),
        )
    if request.status not in PRINTABLE_AFTER_APPROVAL:
        raise RuleViolationError(
            "D1",
            msg(
                "problems.d1.no_longer",
                "the PLP is {status}: its approval can no longer be printed",
                status=request.status,
            ),
        )


def letter_of(
    request: PlpRequest,
    office: OfficeInfo,
    tps_names: Callable[[str], str],
    person: Callable[[str], str],
    audit: Iterable[AuditEvent],
) -> ApprovalLetter:
    """The letter of an approved request (checked by `require_printable` for a print; the
    verification page also shows a later-cancelled one)."""
    h, decision = request.header, request.decision
    assert decision is not None
    assert decision.plp_number
    check = request.origin_check
    seals = {s.container: s.numbers for s in check.seals} if check and check.matched else {}
    goods = tuple(_goods(line, seals) for line in request.lines if line.moves)
    return ApprovalLetter(
        request_id=request.id,
        office_code=office.code,
        office_name=office.name,
        timezone=office.timezone,
        plp_number=decision.plp_number,
        plp_date=decision.plp_date or decision.at.astimezone(ZoneInfo(office.timezone)).date(),
        ref_number=h.ref_number,
        letter_number=h.letter_number,
        letter_date=h.letter_date,
        applicant_tps=request.applicant_tps,
        applicant_name=h.applicant_name,
        origin=Party(h.origin_tps, tps_names(h.origin_tps), h.origin_gudang),
        destination=Party(h.destination_tps, tps_names(h.destination_tps), h.destination_gudang),
        reason=h.reason.value,
        reason_text=REASON_DESCRIPTIONS[h.reason],
        bc11_number=h.bc11_number,
        bc11_date=h.bc11_date,
        vessel_name=h.vessel_name or "",
        call_sign=h.call_sign or "",
        voyage=h.voyage or "",
        arrival_date=h.arrival_date,
        goods=goods,
        decided_at=decision.at,
        decided_by=person(decision.by),
        decider_title=manifest_head_title(office),
        partial=any(not line.moves for line in request.lines),
        escort=(check.escort or "dikawal") if check and check.escorted else None,
        notes=tuple(_notes(audit, person)),
        cancelled=request.status is PlpStatus.CANCELLED,
    )


def _goods(line: PlpLine, seals: dict[str, tuple[str, ...]]) -> LetterGoods:
    if line.container is not None:
        c = line.container
        return LetterGoods(line.line_no, c.number, c.size, c.iso_type, seals.get(c.number, ()))
    p = line.package
    assert p is not None
    return LetterGoods(
        line.line_no,
        package_type=p.package_type,
        package_count=p.count,
        bl_number=p.bl_number,
        bl_date=p.bl_date,
    )


def _notes(audit: Iterable[AuditEvent], person: Callable[[str], str]) -> list[SupervisorNote]:
    notes = []
    for e in audit:
        kind = _note_kind(e)
        if kind is not None:
            notes.append(SupervisorNote(kind, person(e.actor), e.at, _note_text(kind, e.detail)))
    return notes


def _note_kind(e: AuditEvent) -> str | None:
    matched = bool(e.detail.get("matched"))
    return {
        "origin_checked": "release" if matched else "release_refused",
        "release_followed_up": "follow_up",
        "destination_checked": "entry" if matched else "discrepancy",
        "investigation_concluded": "investigation",
        "cancelled": "cancellation",
    }.get(e.action)


def _note_text(kind: str, d: dict[str, Any]) -> str:
    parts = [str(d.get("note") or d.get("reason") or "").strip()]
    if kind == "release" and d.get("escorted"):
        parts.append(f"dikawal (escorted){': ' + d['escort'] if d.get('escort') else ''}")
    if kind == "follow_up" and d.get("cut_lines"):
        parts.append(f"baris dipotong (lines cut): {', '.join(map(str, d['cut_lines']))}")
    if kind == "investigation" and d.get("outcome"):
        outcome = "penindakan" if d["outcome"] == "enforcement" else "boleh masuk (may enter)"
        doc = f", {d['document_number']} {d['document_date']}" if d.get("document_number") else ""
        parts.append(f"{outcome}{doc}")
    if kind == "cancellation" and d.get("number"):
        parts.append(f"No. {d['number']}")
    return "; ".join(p for p in parts if p)


def _canonical(value: object) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"no canonical form for {type(value).__name__}")


class References:
    """Signs and reads verification references: `<request id>-<revision>-<mac>`."""

    def __init__(self, secret: str) -> None:
        # A key of its own, derived from the app's secret: a reference is no token.
        self._key = hmac.new(secret.encode(), _MAC_CONTEXT, hashlib.sha256).digest()

    def of(self, letter: ApprovalLetter) -> str:
        return (
            f"{letter.request_id}-{letter.revision}-{self._mac(letter.request_id, letter.revision)}"
        )

    def read(self, reference: str) -> tuple[str, str] | None:
        """The request id and printed revision of a genuine reference, else None."""
        parts = reference.rsplit("-", 2)  # the request id may hold dashes, the rest cannot
        if len(parts) != 3 or not all(p.replace("-", "").isalnum() and p.isascii() for p in parts):
            return None
        request_id, revision, mac = parts
        if len(revision) != REVISION_CHARS or len(mac) != MAC_CHARS or len(request_id) > 64:
            return None
        if not hmac.compare_digest(mac, self._mac(request_id, revision)):
            return None
        return request_id, revision

    def _mac(self, request_id: str, revision: str) -> str:
        message = f"{request_id}|{revision}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()[:MAC_CHARS]
