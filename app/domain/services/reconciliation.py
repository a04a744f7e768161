"""F3/L2: paper PLPs become normal requests marked manual; the Kasubsi closes when all match."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from app.domain.actor import Actor, Channel, Role
from app.domain.commands import CloseReconciliation, EnterManualPlp
from app.domain.errors import (
    ConflictError,
    DuplicateSubmissionError,
    NotFoundError,
    RuleViolationError,
)
from app.domain.fingerprint import fingerprint
from app.domain.lines import lines_from
from app.domain.manual_plp import ManualPlp
from app.domain.messages import msg
from app.domain.office_access import DECIDE_ROLES, RECORD_ROLES, require_office_role
from app.domain.outage import OfficeEvent, Outage
from app.domain.plp_request import PlpRequest, new_request_id
from app.domain.ports.reference import Clock, WorkingCalendars
from app.domain.ports.unit_of_work import UnitOfWork
from app.domain.reconciliation import (
    Reconciliation,
    ReconciliationItem,
    ReconciliationStatus,
    compare,
)
from app.domain.services.manual_plps import plp_number_of_approval
from app.domain.services.submission import SLA_WORKING_DAYS
from app.domain.transit import DEFAULT_TERMS


def enter(
    cmd: EnterManualPlp, uow: UnitOfWork, clock: Clock, calendars: WorkingCalendars
) -> ReconciliationItem:
    """Enter one paper PLP as a request of channel `manual`, TIPE_DATA 2, with its decision."""
    now = clock.now()
    with uow:
        rec = _open(uow, cmd.reconciliation_id, cmd.actor, RECORD_ROLES, "enter a manual PLP")
        manual = uow.manual_plps.get(cmd.manual_id)
        if manual is None or manual.outage_id != rec.outage_id:
            raise NotFoundError(
                f"manual PLP {cmd.manual_id} is not part of reconciliation {rec.id}"
            )
        if manual.request_id is not None:
            raise ConflictError(
                msg(
                    "problems.l2.entered_already",
                    "manual PLP {manual_id} was entered already",
                    manual_id=manual.id,
                ),
                rule="L2",
            )
        office = manual.office_code
        deadline = calendars.add_working_days(office, manual.received_at, SLA_WORKING_DAYS)
        request = _as_request(manual, cmd.actor.via(Channel.MANUAL), deadline, uow)
        try:
            uow.plp_requests.add(request)
        except DuplicateSubmissionError as exc:
            raise ConflictError(
                msg(
                    "problems.e5.manual_goods_active",
                    "the goods of manual PLP {manual_id} are in another active PLP (E5): settle it",
                    manual_id=manual.id,
                ),
                rule="E5",
            ) from exc
        entered = replace(
            manual, request_id=request.id, entered_at=now, entered_by=cmd.actor.username
        )
        uow.manual_plps.save(entered)
        _event(
            uow,
            cmd.actor,
            rec,
            now,
            "manual_plp_entered",
            manual_plp_id=manual.id,
            request_id=request.id,
        )
        uow.commit()
    return ReconciliationItem(entered, request, compare(entered, request))


def close(cmd: CloseReconciliation, uow: UnitOfWork, clock: Clock) -> Reconciliation:
    """L2: only when every paper PLP of the period is in the system and matches."""
    now = clock.now()
    with uow:
        rec = _open(uow, cmd.reconciliation_id, cmd.actor, DECIDE_ROLES, "close a reconciliation")
        unmatched = [i for i in _items(uow, rec) if not i.matched]
        if unmatched:
            listed = "; ".join(
                f"{i.manual.letter_number}: {', '.join(i.mismatches)}" for i in unmatched
            )
            raise RuleViolationError(
                "L2",
                msg(
                    "problems.l2.unmatched",
                    "{count} manual PLP(s) do not match: {listed}",
                    count=len(unmatched),
                    listed=listed,
                ),
            )
        if not uow.reconciliations.close(rec.id, now, cmd.actor.username):
            raise ConflictError(
                msg(
                    "problems.l2.closed_already",
                    "reconciliation {rec_id} is closed already",
                    rec_id=rec.id,
                ),
                rule="L2",
            )
        _event(uow, cmd.actor, rec, now, "reconciliation_closed")
        uow.commit()
    return replace(
        rec, status=ReconciliationStatus.CLOSED, closed_at=now, closed_by=cmd.actor.username
    )


def report(
    actor: Actor, reconciliation_id: str, uow: UnitOfWork
) -> tuple[Reconciliation, Outage, list[ReconciliationItem]]:
    """L2: the reconciliation, its outage and every paper PLP with what the system holds."""
    with uow:
        rec = _get(uow, reconciliation_id)
        require_office_role(actor, rec.office_code, RECORD_ROLES, "read a reconciliation")
        outage = uow.outages.get(rec.outage_id)
        assert outage is not None  # a reconciliation is opened by ending its outage
        return rec, outage, _items(uow, rec)


def _as_request(manual: ManualPlp, actor: Actor, deadline: datetime, uow: UnitOfWork) -> PlpRequest:
    header = manual.header()
    side = header.side_of(manual.applicant_tps)
    assert side is not None  # checked when the paper request was recorded
    content = fingerprint(header, manual.containers, manual.packages)
    lines = lines_from(manual.containers, manual.packages)
    request = PlpRequest(
        new_request_id(),
        header,
        lines,
        manual.applicant_tps,
        side,
        Channel.MANUAL,
        manual.received_at,
        content,
    )
    request.accept(actor, deadline)
    paper = manual.decision
    if paper is None:  # undecided on paper: the online procedure takes it from here
        return request
    # R1-R3 took place on paper; their records carry the paper letter for the audit trail.
    note = f"manual procedure, letter {paper.letter_number} of {paper.letter_date.isoformat()}"
    for kind in request.missing_recommendations:
        request.recommend(kind, actor, paper.decided_at, paper.approved, note)
    number = _paper_number(manual, uow) if paper.approved else None
    office = uow.offices.get(manual.office_code)  # T1: the office's terms, as online
    terms = office.transit_terms if office else DEFAULT_TERMS
    request.decide(
        actor, paper.decided_at, paper.approved, paper.reason, {}, number, paper.letter_date, terms
    )
    return request


def _paper_number(manual: ManualPlp, uow: UnitOfWork) -> str:
    """F3: the number the PLP was approved under on paper, if no other PLP of the office and
    year has it; the series is held so that no online approval takes it meanwhile."""
    paper = manual.decision
    assert paper is not None
    number, year = plp_number_of_approval(paper.letter_number), paper.letter_date.year
    uow.sequences.hold(manual.office_code, "PLP", year)
    holder_id = uow.plp_requests.holder_of_plp_number(manual.office_code, number, year)
    if holder_id is None:
        return number
    holder = uow.plp_requests.get(holder_id, for_update=False)
    assert holder is not None
    kind = (
        msg("problems.f3.kind_paper", "paper")
        if holder.channel is Channel.MANUAL
        else msg("problems.f3.kind_online", "online")
    )
    raise ConflictError(
        msg(
            "problems.f3.number_taken",
            "manual PLP {letter} was approved on paper as PLP {number} of {year}, "
            "but office {office} already has PLP {number} of {year}: the {kind} PLP "
            "of reference {ref} (letter {holder_letter}, "
            "request {holder_id}). Check the number on the paper approval",
            letter=manual.letter_number,
            number=number,
            year=year,
            office=manual.office_code,
            kind=kind,
            ref=holder.header.ref_number,
            holder_letter=holder.header.letter_number,
            holder_id=holder.id,
        ).with_prefix("F3: "),
        rule="F3",
    )


def _items(uow: UnitOfWork, rec: Reconciliation) -> list[ReconciliationItem]:
    items = []
    for manual in uow.manual_plps.of_outage(rec.outage_id):
        request = None
        if manual.request_id is not None:
            request = uow.plp_requests.get(manual.request_id, for_update=False)
        items.append(ReconciliationItem(manual, request, compare(manual, request)))
    return items


def _get(uow: UnitOfWork, reconciliation_id: str) -> Reconciliation:
    rec = uow.reconciliations.get(reconciliation_id)
    if rec is None:
        raise NotFoundError(f"reconciliation {reconciliation_id} not found")
    return rec


def _open(
    uow: UnitOfWork, rec_id: str, actor: Actor, roles: frozenset[Role], action: str
) -> Reconciliation:
    rec = _get(uow, rec_id)
    require_office_role(actor, rec.office_code, roles, action)
    if rec.status is not ReconciliationStatus.OPEN:
        raise ConflictError(
            msg("problems.l2.closed", "reconciliation {rec_id} is closed", rec_id=rec.id), rule="L2"
        )
    return rec


def _event(
    uow: UnitOfWork,
    actor: Actor,
    rec: Reconciliation,
    at: datetime,
    action: str,
    **detail: object,
) -> None:
    event = OfficeEvent.by(
        actor, rec.office_code, at, action, rec.outage_id, reconciliation_id=rec.id, **detail
    )
    uow.office_events.add(event)
