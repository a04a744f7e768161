"""The office-level forms of the console (issue 18): outages (F1, F3), paper PLPs of the manual
procedure (F2) and the reconciliation afterwards (F3, L2). Each form posts here, is checked
against the session's CSRF token and calls the same use case as the REST API; a refusal draws
the page again with the problem and the values typed, and changes nothing."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, ConfigDict, Field

from app.api.http.wiring import Services, ServicesDep
from app.api.rest import office_forms_page as forms
from app.api.rest.console import layout, session
from app.api.rest.console.context import current_actor, login_response, view_of
from app.api.rest.console.problems import problem_box, status_of
from app.api.rest.routes.dashboard import OFFICE, OfficeQuery, office_of
from app.api.rest.time_input import office_zone
from app.domain.actor import Actor
from app.domain.commands import (
    CloseReconciliation,
    DeclareOutage,
    EndOutage,
    EnterManualPlp,
    PaperDecision,
    RecordManualPlp,
)
from app.domain.errors import ForbiddenError, InvalidInputError, PlpError
from app.domain.lines import ContainerSpec
from app.domain.reasons import PlpReason
from app.domain.services import manual_plps, outage_queries, outages, reconciliation

router = APIRouter(prefix=OFFICE, include_in_schema=False)
OUTAGES = f"{OFFICE}/outages"
TEXT = Annotated[str, Form(max_length=200)]
RECENT = 10


class PaperPlpForm(BaseModel):
    """The paper request letter as typed (F2); the decision is optional."""

    model_config = ConfigDict(str_strip_whitespace=True)
    csrf: str = Field("", max_length=200)
    office: str = Field("", max_length=6)
    letter_number: str = Field("", max_length=40)
    letter_date: str = Field("", max_length=10)
    received_at: str = Field("", max_length=16)
    applicant_tps: str = Field("", max_length=4)
    applicant_name: str = Field("", max_length=60)
    origin_tps: str = Field("", max_length=4)
    origin_gudang: str = Field("", max_length=4)
    destination_tps: str = Field("", max_length=4)
    destination_gudang: str = Field("", max_length=4)
    reason: str = Field("", max_length=30)
    bc11_number: str = Field("", max_length=6)
    bc11_date: str = Field("", max_length=10)
    containers: str = Field("", max_length=20_000)
    decision: str = Field("", max_length=8)
    decision_letter_number: str = Field("", max_length=40)
    decision_letter_date: str = Field("", max_length=10)
    decided_at: str = Field("", max_length=16)
    decision_reason: str = Field("", max_length=200)


@router.get("/outages")
def outages_page(request: Request, services: ServicesDep, office: OfficeQuery = None) -> Response:
    done = request.query_params.get("done", "")
    return _outages(request, services, office, notice=done)


@router.post("/outages")
def declare(
    request: Request,
    services: ServicesDep,
    office: Annotated[str, Form(pattern=r"^\d{6}$")],
    cause: TEXT = "",
    started_at: Annotated[str, Form(max_length=16)] = "",
    csrf: TEXT = "",
) -> Response:
    def act(actor: Actor) -> None:
        started = _moment(services, office, started_at) if started_at else None
        outages.declare(
            DeclareOutage(actor, office, cause, started), services.uow(), services.clock
        )

    return _post(request, services, office, csrf, act, "declared", {"cause": cause}, "F1")


@router.post("/outages/{outage_id}/end")
def end(
    request: Request,
    services: ServicesDep,
    outage_id: str,
    office: Annotated[str, Form(pattern=r"^\d{6}$")],
    csrf: TEXT = "",
) -> Response:
    def act(actor: Actor) -> None:
        outages.end(EndOutage(actor, outage_id), services.uow(), services.clock)
        services.reference.invalidate()  # as the API does: online again at once

    return _post(request, services, office, csrf, act, "ended", {}, "F3")


@router.post("/manual-plps")
def record_paper(
    request: Request, services: ServicesDep, body: Annotated[PaperPlpForm, Form()]
) -> Response:
    def act(actor: Actor) -> None:
        cmd = _paper_command(actor, body, services)
        manual_plps.record(cmd, services.uow(), services.clock, services.reference)

    typed = body.model_dump(exclude={"csrf", "office"})
    return _post(request, services, body.office, body.csrf, act, "recorded", typed, "F2")


@router.get("/reconciliations/{reconciliation_id}")
def reconciliation_page(
    request: Request, services: ServicesDep, reconciliation_id: str
) -> Response:
    return _reconciliation(request, services, reconciliation_id, None)


@router.post("/reconciliations/{reconciliation_id}/items/{manual_id}/entry")
def enter(
    request: Request, services: ServicesDep, reconciliation_id: str, manual_id: str, csrf: TEXT = ""
) -> Response:
    def act(actor: Actor) -> None:
        cmd = EnterManualPlp(actor, reconciliation_id, manual_id)
        reconciliation.enter(cmd, services.uow(), services.clock, services.calendars)

    return _rec_post(request, services, reconciliation_id, csrf, act, "F3")


@router.post("/reconciliations/{reconciliation_id}/closure")
def close(
    request: Request, services: ServicesDep, reconciliation_id: str, csrf: TEXT = ""
) -> Response:
    def act(actor: Actor) -> None:
        cmd = CloseReconciliation(actor, reconciliation_id)
        reconciliation.close(cmd, services.uow(), services.clock)

    return _rec_post(request, services, reconciliation_id, csrf, act, "L2")


def _post(
    request: Request,
    services: Services,
    office: str,
    csrf: str,
    act: Callable[[Actor], None],
    done: str,
    typed: Mapping[str, str],
    rule: str,
) -> Response:
    actor = current_actor(request, services)
    if actor is None or not session.csrf_valid(request, services, csrf):
        return login_response(request, services, "console.login.expired", 403)
    try:
        act(actor)
    except PlpError as exc:
        return _outages(request, services, office, problem=(exc, rule), typed=typed)
    return RedirectResponse(f"{OUTAGES}?office={office}&done={done}", status_code=303)


def _rec_post(
    request: Request,
    services: Services,
    reconciliation_id: str,
    csrf: str,
    act: Callable[[Actor], None],
    rule: str,
) -> Response:
    actor = current_actor(request, services)
    if actor is None or not session.csrf_valid(request, services, csrf):
        return login_response(request, services, "console.login.expired", 403)
    try:
        act(actor)
    except PlpError as exc:
        return _reconciliation(request, services, reconciliation_id, (exc, rule))
    return RedirectResponse(f"{OFFICE}/reconciliations/{reconciliation_id}", status_code=303)


def _outages(
    request: Request,
    services: Services,
    office: str | None,
    notice: str = "",
    problem: tuple[PlpError, str] | None = None,
    typed: Mapping[str, str] | None = None,
) -> Response:
    actor = current_actor(request, services)
    if actor is None:
        return login_response(request, services)
    view = view_of(request, services, actor)
    tr = view.tr
    try:
        data = _outages_data(actor, office_of(actor, office, services), services)
    except PlpError as exc:
        return layout.page(
            view, tr("office.outage.page"), problem_box(tr, exc), status=status_of(exc)
        )
    top = problem_box(tr, *problem) if problem else ""
    if notice and tr.has(f"office.done.{notice}"):
        top = f'<div class="notice" role="status" id="notice">{tr(f"office.done.{notice}")}</div>'
    main = top + forms.outages_main(data, view.csrf, typed or {}, tr)
    status = status_of(problem[0]) if problem else 200
    return layout.page(view, tr("office.outage.page"), main, status=status, current="office")


def _outages_data(actor: Actor, office_code: str, services: Services) -> forms.OutagesData:
    office, open_outage = outage_queries.office_service(office_code, services.uow(True))
    recent = [
        (o, outage_queries.outage(o.id, services.uow(True)).reconciliation_id)
        for o in outage_queries.outages(office_code, False, RECENT, services.uow(True))
    ]
    paper = []
    if open_outage is not None:
        try:
            paper = manual_plps.of_outage(actor, open_outage.id, services.uow(True))
        except ForbiddenError:
            paper = []  # a role that may not read them sees the forms and their rules only
    return forms.OutagesData(office, open_outage, recent, paper)


def _reconciliation(
    request: Request,
    services: Services,
    reconciliation_id: str,
    problem: tuple[PlpError, str] | None,
) -> Response:
    actor = current_actor(request, services)
    if actor is None:
        return login_response(request, services)
    view = view_of(request, services, actor)
    tr = view.tr
    title = tr("office.rec.title")
    try:
        rec, outage, items = reconciliation.report(actor, reconciliation_id, services.uow(True))
    except PlpError as exc:
        return layout.page(view, title, problem_box(tr, exc), status=status_of(exc))
    zone = office_zone(services, rec.office_code)
    main = (problem_box(tr, *problem) if problem else "") + forms.reconciliation_main(
        rec, outage.cause, items, view.csrf, tr, zone
    )
    status = status_of(problem[0]) if problem else 200
    return layout.page(view, title, main, status=status, current="office")


def _moment(services: Services, office: str, text: str, field: str = "started_at") -> datetime:
    try:
        naive = datetime.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInputError(f"{field}: {text!r} is not a date and time", field) from exc
    zone: ZoneInfo = office_zone(services, office)
    return naive if naive.tzinfo else naive.replace(tzinfo=zone)


def _day(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInputError(f"{field}: {text!r} is not a date", field) from exc


def _paper_command(actor: Actor, f: PaperPlpForm, services: Services) -> RecordManualPlp:
    try:
        reason = PlpReason(f.reason)
    except ValueError as exc:
        raise InvalidInputError(f"{f.reason!r} is not a PLP reason", "reason") from exc
    if not f.bc11_number.isdigit() or len(f.bc11_number) != 6:
        raise InvalidInputError("bc11_number: six digits", "bc11_number")
    containers = tuple(
        ContainerSpec(number, size, iso)
        for number, size, iso in forms.parse_containers(f.containers)
    )
    decision = None
    if f.decision in ("approved", "rejected"):
        decision = PaperDecision(
            f.decision == "approved",
            _moment(services, f.office, f.decided_at, "decided_at"),
            f.decision_letter_number,
            _day(f.decision_letter_date, "decision_letter_date"),
            f.decision_reason or None,
        )
    return RecordManualPlp(
        actor,
        f.office,
        f.letter_number,
        _day(f.letter_date, "letter_date"),
        _moment(services, f.office, f.received_at, "received_at"),
        f.applicant_tps.upper(),
        f.origin_tps.upper(),
        f.origin_gudang.upper(),
        f.destination_tps.upper(),
        f.destination_gudang.upper(),
        reason,
        f.bc11_number,
        _day(f.bc11_date, "bc11_date"),
        f.applicant_name,
        containers,
        (),
        decision,
    )
