"""D1: print the approval of a PLP, and verify a print against the record."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.actor import Actor
from app.domain.approval_letter import (
    ApprovalLetter,
    References,
    Verification,
    letter_of,
    require_printable,
)
from app.domain.authorization import can_view
from app.domain.errors import PlpNotFoundError
from app.domain.events import AuditEvent
from app.domain.plp_request import PlpRequest
from app.domain.ports.accounts import Accounts
from app.domain.ports.printing import ApprovalRenderer
from app.domain.ports.reference import ReferenceData
from app.domain.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class LetterSources:
    """What a letter is made from besides the request: names of offices, TPS and people."""

    reference: ReferenceData
    accounts: Accounts
    references: References


@dataclass(frozen=True)
class PrintedApproval:
    letter: ApprovalLetter
    reference: str
    document: bytes


def print_approval(
    actor: Actor,
    request_id: str,
    uow: UnitOfWork,
    sources: LetterSources,
    renderer: ApprovalRenderer,
    verify_base: str,
) -> PrintedApproval:
    """D1: whoever may read the request prints its approval; anything else is refused."""
    with uow:
        request = uow.plp_requests.get(request_id, for_update=False)
        if request is None or not can_view(actor, request):
            raise PlpNotFoundError(request_id)
        require_printable(request)
        audit = uow.plp_requests.audit_trail(request_id)
    letter = _letter(request, audit, sources)
    reference = sources.references.of(letter)
    document = renderer.render(letter, reference, f"{verify_base.rstrip('/')}/{reference}")
    return PrintedApproval(letter, reference, document)


def verify(reference: str, uow: UnitOfWork, sources: LetterSources) -> Verification | None:
    """The record behind a genuine reference as it is now; None for an unknown or forged one.
    No login: the reference itself is the proof of holding the print."""
    found = sources.references.read(reference)
    if found is None:
        return None
    request_id, printed_revision = found
    with uow:
        request = uow.plp_requests.get(request_id, for_update=False)
        if request is None or request.decision is None or not request.decision.approved:
            return None
        audit = uow.plp_requests.audit_trail(request_id)
    return Verification(_letter(request, audit, sources), request.status, printed_revision)


def _letter(request: PlpRequest, audit: list[AuditEvent], s: LetterSources) -> ApprovalLetter:
    office = s.reference.office(request.header.office_code)
    if office is None:  # reference data lost its office: the request still names it
        raise PlpNotFoundError(request.id)

    def tps_name(code: str) -> str:
        tps = s.reference.tps(code)
        return tps.name if tps else code

    def person(username: str) -> str:
        account = s.accounts.by_username(username)
        return account.full_name if account and account.full_name else username

    return letter_of(request, office, tps_name, person, audit)
