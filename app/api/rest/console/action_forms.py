"""The step the caller's role may take on a request, as a form: each names the rule it applies,
posts to the console, and runs the same use case as the REST API (app/domain/services)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape
from typing import Any
from urllib.parse import quote

from starlette.datastructures import FormData

from app.adapters.i18n import Translator
from app.api.http.wiring import Services
from app.api.rest.console.form_fields import Draw, choice, day, field, seal_numbers, yes
from app.domain import commands as c
from app.domain.actor import Actor, Role
from app.domain.plp_request import LineDecision, PlpRequest
from app.domain.ports.unit_of_work import UnitOfWork
from app.domain.seals import ContainerSeals, SealStage
from app.domain.services import procedure
from app.domain.status import PlpStatus as S


@dataclass(frozen=True)
class Step:
    slug: str  # the form's path: /console/requests/{id}/{slug}
    role: Role
    rule: str  # the rule it applies, named on the form and in a stale refusal
    available: Callable[[PlpRequest], bool]
    fields: Callable[[Draw, PlpRequest], str]
    run: Callable[[FormData, Actor, PlpRequest, UnitOfWork, Services, Translator], None]
    first_by: Callable[[PlpRequest], str | None]


def form_html(
    tr: Translator,
    step: Step,
    request: PlpRequest,
    csrf_field: str,
    sent: Mapping[str, str] | None = None,
) -> str:
    action = f"/console/requests/{quote(request.id)}/{step.slug}"
    return (
        f'<form method="post" action="{action}" class="action" id="form-{step.slug}">'
        f"<h3>{escape(tr(f'console.step.{step.slug}'))}</h3>"
        f'<p class="rule" id="rule-{step.slug}">{escape(tr(f"console.step.{step.slug}.rule"))}</p>'
        f'{csrf_field}<input type="hidden" name="version" value="{request.version}">'
        f"{step.fields(Draw(tr, sent), request)}"
        f'<p><button type="submit" id="submit-{step.slug}">'
        f"{escape(tr('console.form.submit'))}</button></p></form>"
    )


# --- recommendations (R1, R2) -----------------------------------------------------------------


def _recommend_fields(d: Draw, request: PlpRequest) -> str:
    return d.radios("approve", ("yes", "no")) + d.note()


def _recommender(kind: str) -> Callable[..., None]:
    def run(
        form: FormData, actor: Actor, r: PlpRequest, uow: UnitOfWork, s: Services, tr: Translator
    ) -> None:
        cmd = c.RecommendPlp(actor, r.id, kind, yes(tr, form, "approve"), field(form, "note"))
        procedure.recommend(cmd, uow, s.clock)

    return run


# --- decision (R3) ----------------------------------------------------------------------------


def _decide_fields(d: Draw, request: PlpRequest) -> str:
    tr = d.tr
    rows = []
    for line in request.lines:
        what = (
            line.container.number
            if line.container
            else (f"B/L {line.package.bl_number}" if line.package else str(line.line_no))
        )
        label = tr("console.field.line_approved", line=line.line_no, goods=what)
        rows.append(
            f"<div>{d.checkbox(f'line-approved-{line.line_no}', True, label)}"
            f"{d.input(f'line-reason-{line.line_no}', label=tr('console.field.line_reason'))}"
            "</div>"
        )
    lines = (
        f"<fieldset><legend>{escape(tr('console.field.lines'))}</legend>{''.join(rows)}</fieldset>"
    )
    return d.radios("approve", ("yes", "no")) + d.input("reason") + lines


def _decide(
    form: FormData, actor: Actor, r: PlpRequest, uow: UnitOfWork, s: Services, tr: Translator
) -> None:
    approve = yes(tr, form, "approve")
    reason = field(form, "reason", 200) or None
    lines: tuple[LineDecision, ...] = ()
    if approve:
        lines = tuple(
            LineDecision(ln.line_no, False, field(form, f"line-reason-{ln.line_no}", 200) or reason)
            for ln in r.lines
            if form.get(f"line-approved-{ln.line_no}") != "yes"
        )
    procedure.decide(c.DecidePlp(actor, r.id, approve, reason, lines), uow, s.clock, s.reference)


# --- the origin gate (M2, S1) -----------------------------------------------------------------


def _moving_containers(request: PlpRequest) -> list[str]:
    return [ln.container.number for ln in request.lines if ln.moves and ln.container]


def _has_packages(request: PlpRequest) -> bool:
    return any(ln.moves and ln.package for ln in request.lines)


def _origin_fields(d: Draw, request: PlpRequest) -> str:
    tr = d.tr
    seals = "".join(
        d.input(f"seals-{n}", label=tr("console.field.seals_of", container=n))
        for n in _moving_containers(request)
    )
    if _has_packages(request):
        seals += d.input("pkg-container") + d.input("pkg-seals")
    sealing = f"<fieldset><legend>{escape(tr('console.field.sealing'))}</legend>{seals}"
    sealing += d.checkbox("escorted", False) + d.input("escort") + "</fieldset>"
    return d.radios("matched", ("yes", "no")) + sealing + d.note()


def _check_origin(
    form: FormData, actor: Actor, r: PlpRequest, uow: UnitOfWork, s: Services, tr: Translator
) -> None:
    seals = [
        ContainerSeals(n, seal_numbers(field(form, f"seals-{n}")))
        for n in _moving_containers(r)
        if seal_numbers(field(form, f"seals-{n}"))
    ]
    box = field(form, "pkg-container", 20).upper()
    if box and seal_numbers(field(form, "pkg-seals")):
        seals.append(ContainerSeals(box, seal_numbers(field(form, "pkg-seals"))))
    escorted = form.get("escorted") == "yes"
    cmd = c.RecordOriginCheck(
        actor,
        r.id,
        yes(tr, form, "matched"),
        (),
        field(form, "note"),
        tuple(seals),
        escorted,
        field(form, "escort", 100) or None,
    )
    procedure.check_at_origin(cmd, uow, s.clock)


def _follow_up_fields(d: Draw, request: PlpRequest) -> str:
    tr = d.tr
    boxes = "".join(
        d.checkbox(f"line-{ln.line_no}", False, tr("console.field.line", line=ln.line_no))
        for ln in request.lines
        if ln.moves
    )
    lines = (
        f"<fieldset><legend>{escape(tr('console.field.matching_lines'))}</legend>{boxes}</fieldset>"
    )
    outcomes = ("presented_again", "cut_to_matching", "cancelled")
    return d.radios("outcome", outcomes) + lines + d.note(required=True)


def _follow_up(
    form: FormData, actor: Actor, r: PlpRequest, uow: UnitOfWork, s: Services, tr: Translator
) -> None:
    outcome = choice(tr, form, "outcome", ("presented_again", "cut_to_matching", "cancelled"))
    lines = tuple(ln.line_no for ln in r.lines if form.get(f"line-{ln.line_no}") == "yes")
    cmd = c.FollowUpRelease(actor, r.id, field(form, "note"), outcome, lines)
    procedure.follow_up(cmd, uow, s.clock)


# --- the destination gate (M4, S1) and the P2 section -----------------------------------------


def _released_seals(request: PlpRequest) -> dict[str, tuple[str, ...]]:
    return {x.container: x.numbers for x in request.seal_chain if x.stage is SealStage.RELEASE}


def _destination_fields(d: Draw, request: PlpRequest) -> str:
    tr = d.tr
    rows = []
    for container, numbers in _released_seals(request).items():
        label = tr("console.field.found_of", container=container, numbers=" ".join(numbers))
        rows.append(
            "<div>"
            + d.input(f"found-{container}", label=label)
            + d.checkbox(f"intact-{container}", True, tr("console.field.intact"))
            + "</div>"
        )
    seals = (
        f"<fieldset><legend>{escape(tr('console.field.seals_found'))}</legend>{''.join(rows)}</fieldset>"
        if rows
        else ""
    )
    return d.radios("matched", ("yes", "no")) + d.checkbox("seal_opened", True) + seals + d.note()


def _check_destination(
    form: FormData, actor: Actor, r: PlpRequest, uow: UnitOfWork, s: Services, tr: Translator
) -> None:
    released = _released_seals(r)
    found = (
        tuple(
            ContainerSeals(
                n, seal_numbers(field(form, f"found-{n}")), form.get(f"intact-{n}") == "yes"
            )
            for n in released
        )
        if released
        else None
    )
    cmd = c.RecordDestinationCheck(
        actor,
        r.id,
        yes(tr, form, "matched"),
        form.get("seal_opened") == "yes",
        field(form, "note"),
        found,
    )
    procedure.check_at_destination(cmd, uow, s.clock)


def _investigation_fields(d: Draw, request: PlpRequest) -> str:
    return (
        d.radios("outcome_p2", ("may_enter", "enforcement"))
        + d.input("document_number")
        + d.input("document_date", kind="date")
        + d.note(required=True)
    )


def _investigate(
    form: FormData, actor: Actor, r: PlpRequest, uow: UnitOfWork, s: Services, tr: Translator
) -> None:
    outcome = choice(tr, form, "outcome_p2", ("may_enter", "enforcement"))
    cmd = c.ConcludeInvestigation(
        actor,
        r.id,
        field(form, "note", 1000),
        outcome,
        field(form, "document_number", 60) or None,
        day(tr, form, "document_date"),
    )
    procedure.conclude_investigation(cmd, uow, s.clock)


# --- cancellations (L1) -----------------------------------------------------------------------


def _cancellation_fields(d: Draw, request: PlpRequest) -> str:
    tr = d.tr
    pending = request.pending_cancellation
    if pending is None:
        return ""
    lines = ", ".join(str(n) for n in pending.line_nos) or tr("console.cancel.all_lines")
    what = tr("console.cancel.pending", number=pending.number, reason=pending.reason, lines=lines)
    return (
        f"<p>{escape(what)}</p>"
        f'<input type="hidden" name="number" value="{escape(pending.number)}">'
        + d.radios("approve", ("yes", "no"))
        + d.input("reason")
    )


def _decide_cancellation(
    form: FormData, actor: Actor, r: PlpRequest, uow: UnitOfWork, s: Services, tr: Translator
) -> None:
    cmd = c.DecideCancellation(
        actor,
        r.id,
        field(form, "number", 40),
        yes(tr, form, "approve"),
        field(form, "reason") or None,
    )
    procedure.decide_cancellation(cmd, uow, s.clock)


def _cancellation_decided_by(request: PlpRequest) -> str | None:
    latest = request.cancellation
    return latest.decided_by if latest is not None else None


def _by(value: Any) -> str | None:
    return value.by if value is not None else None


STEPS: tuple[Step, ...] = (
    Step(
        "recommend-manifest",
        Role.MANIFEST_OFFICER,
        "R2",
        lambda r: r.status is S.IN_REVIEW and r.manifest_rec is None,
        _recommend_fields,
        _recommender("manifest"),
        lambda r: _by(r.manifest_rec),
    ),
    Step(
        "recommend-p2",
        Role.P2_OFFICER,
        "R1",
        lambda r: r.status is S.IN_REVIEW and r.needs_p2 and r.p2_rec is None,
        _recommend_fields,
        _recommender("p2"),
        lambda r: _by(r.p2_rec),
    ),
    Step(
        "decide",
        Role.KASUBSI_MANIFEST,
        "R3",
        lambda r: r.status is S.IN_REVIEW and not r.missing_recommendations,
        _decide_fields,
        _decide,
        lambda r: _by(r.decision),
    ),
    Step(
        "origin-check",
        Role.ORIGIN_SUPERVISOR,
        "M2",
        lambda r: r.status is S.APPROVED,
        _origin_fields,
        _check_origin,
        lambda r: _by(r.origin_check),
    ),
    Step(
        "follow-up",
        Role.MANIFEST_OFFICER,
        "M2",
        lambda r: r.status is S.RELEASE_REFUSED,
        _follow_up_fields,
        _follow_up,
        lambda r: None,
    ),
    Step(
        "destination-check",
        Role.DESTINATION_SUPERVISOR,
        "M4",
        lambda r: r.status is S.GATED_OUT,
        _destination_fields,
        _check_destination,
        lambda r: _by(r.destination_check),
    ),
    Step(
        "investigation",
        Role.P2_SECTION,
        "M4",
        lambda r: r.status in (S.DISCREPANCY, S.HELD) or r.seal_alert or r.out_of_hours_alert,
        _investigation_fields,
        _investigate,
        lambda r: _by(r.investigation),
    ),
    Step(
        "cancellation-decision",
        Role.KASUBSI_MANIFEST,
        "L1",
        lambda r: r.pending_cancellation is not None,
        _cancellation_fields,
        _decide_cancellation,
        _cancellation_decided_by,
    ),
)
BY_SLUG = {step.slug: step for step in STEPS}


def steps_for(actor: Actor, request: PlpRequest) -> list[Step]:
    """The forms to draw: the caller's role's steps the request is ready for (the use case
    still decides; a form never grants a right)."""
    return [s for s in STEPS if s.role is actor.role and s.available(request)]
