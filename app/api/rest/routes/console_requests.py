"""`/console/requests/{id}`: one request as the office sees it, the form of the step the
caller's role may take, the step itself (POST, CSRF- and version-checked) and the printed
approval (D1) for this session."""

from __future__ import annotations

import re
from html import escape

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from app.adapters.i18n import Translator
from app.api.http.wiring import Services, ServicesDep
from app.api.rest.console import action_forms as forms
from app.api.rest.console.context import current_actor, login_response, view_of
from app.api.rest.console.language import language_of
from app.api.rest.console.layout import View, page
from app.api.rest.console.problems import problem_box, status_of
from app.api.rest.console.request_page import RequestData, sections
from app.api.rest.console.session import csrf_valid
from app.api.rest.console.versions import expecting_version
from app.api.rest.routes.approval import RENDERERS, letter_sources, verify_base
from app.api.rest.time_input import office_zone
from app.domain.actor import Actor
from app.domain.errors import ForbiddenError, NotFoundError, PlpError
from app.domain.out_of_hours import AttachmentKind
from app.domain.plp_request import PlpRequest
from app.domain.research import shows_research
from app.domain.services import approval_letters, out_of_hours, queries
from app.domain.services.request_goods import goods_positions

router = APIRouter(prefix="/console/requests", include_in_schema=False)
SLUG = re.compile(r"^[a-z0-9-]{1,40}$")
KEPT_BACK = frozenset({"csrf", "version", "number"})  # drawn afresh from the session and request


@router.get("/{request_id}", response_model=None)
def request_page(request_id: str, request: Request, services: ServicesDep) -> Response:
    actor = current_actor(request, services)
    if actor is None:
        return login_response(request, services)
    view = view_of(request, services, actor)
    done = request.query_params.get("done", "")
    return _render(view, services, request_id, done=done if SLUG.match(done) else "")


@router.post("/{request_id}/{slug}", response_model=None)
async def take_step(
    request_id: str, slug: str, request: Request, services: ServicesDep
) -> Response:
    form = await request.form()
    return await run_in_threadpool(_take_step, request_id, slug, request, services, form)


def _take_step(
    request_id: str, slug: str, request: Request, services: Services, form: FormData
) -> Response:
    actor = current_actor(request, services)
    if actor is None:
        return login_response(request, services, "console.login.ended", 401)
    view = view_of(request, services, actor)
    if not csrf_valid(request, services, form.get("csrf")):
        return _render(view, services, request_id, refusal=_csrf_refusal(view.tr), status=403)
    step = forms.BY_SLUG.get(slug)
    if step is None:
        unknown = NotFoundError(view.tr("console.form.unknown_step"))
        return _render(view, services, request_id, refusal=unknown, status=404)
    try:
        version = int(str(form.get("version", "")))
    except ValueError:
        version = -1
    uow = expecting_version(services.uow(), request_id, version, step.rule, step.first_by)
    try:
        current = _read(actor, request_id, services)
        step.run(form, actor, current, uow, services, view.tr)
    except PlpError as exc:
        sent = {k: v for k, v in form.items() if isinstance(v, str) and k not in KEPT_BACK}
        return _render(
            view,
            services,
            request_id,
            refusal=exc,
            status=status_of(exc),
            sent=(slug, sent),
            step_rule=step.rule,
        )
    return RedirectResponse(f"/console/requests/{request_id}?done={slug}", status_code=303)


@router.get("/{request_id}/approval.pdf", response_model=None)
def approval_pdf(request_id: str, request: Request, services: ServicesDep) -> Response:
    """D1 as the API prints it, for the console's session (a link cannot send a bearer token)."""
    actor = current_actor(request, services)
    if actor is None:
        return login_response(request, services)
    try:
        printed = approval_letters.print_approval(
            actor,
            request_id,
            services.uow(read_only=True),
            letter_sources(services),
            RENDERERS[language_of(request, services, actor)],  # the page's language
            verify_base(request, services),
        )
    except PlpError as exc:
        view = view_of(request, services, actor)
        return _render(view, services, request_id, refusal=exc, status=status_of(exc))
    name = re.sub(r"[^A-Za-z0-9]+", "-", printed.letter.plp_number).strip("-")
    headers = {
        "Content-Disposition": f'inline; filename="persetujuan-plp-{name}.pdf"',
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
    }
    return Response(printed.document, media_type="application/pdf", headers=headers)


@router.get("/{request_id}/notices/{notice_id}/{kind}", response_model=None)
def notice_attachment(
    request_id: str, notice_id: str, kind: AttachmentKind, request: Request, services: ServicesDep
) -> Response:
    """H1: a file of an out-of-hours notice, as filed, for this session."""
    actor = current_actor(request, services)
    if actor is None:
        return login_response(request, services)
    try:
        meta, content = out_of_hours.attachment(
            actor, request_id, notice_id, kind, services.uow(read_only=True)
        )
    except PlpError as exc:
        view = view_of(request, services, actor)
        return _render(view, services, request_id, refusal=exc, status=status_of(exc))
    headers = {
        "Content-Disposition": f'attachment; filename="{kind.value}"',
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
    }
    return Response(content, media_type=meta.content_type, headers=headers)


def _read(actor: Actor, request_id: str, services: Services) -> PlpRequest:
    found, _ = queries.get_with_audit(actor, request_id, services.uow(read_only=True))
    return found


def _render(
    view: View,
    services: Services,
    request_id: str,
    *,
    refusal: PlpError | None = None,
    status: int = 200,
    done: str = "",
    sent: tuple[str, dict[str, str]] | None = None,
    step_rule: str | None = None,
) -> HTMLResponse:
    tr, actor = view.tr, view.actor
    assert actor is not None
    try:
        data = _gather(actor, request_id, services)
    except PlpError as exc:  # unknown, or not the caller's to see: as the API, "not found"
        return page(
            view, tr("console.request.missing"), problem_box(tr, exc), status=status_of(exc)
        )
    r = data.request
    cards = sections(tr, data)
    notice = (
        f'<div class="notice" role="status" id="done">{escape(tr("console.form.done"))}</div>'
        if done
        else ""
    )
    problem = problem_box(tr, refusal, step_rule) if refusal else ""
    steps = forms.steps_for(actor, r)
    actions = "".join(
        forms.form_html(
            tr, s, r, view.csrf_field(), sent[1] if sent and sent[0] == s.slug else None
        )
        for s in steps
    )
    if actions or problem:
        title = escape(tr("console.actions.title"))
        actions = f'<section class="card" id="actions"><h2>{title}</h2>{problem}{actions}</section>'
    main = notice + cards[0] + actions + "".join(cards[1:])
    title = tr("console.request.title", ref=r.header.ref_number)
    return page(view, title, main, status=status, current="queue")


def _gather(actor: Actor, request_id: str, services: Services) -> RequestData:
    view = queries.view_request(actor, request_id, services.uow(read_only=True), services.sla_meter)
    r = view.request
    return RequestData(
        request=r,
        audit=view.audit,
        sla=view.sla,
        positions=goods_positions(r, services.uow(read_only=True)),
        notices=out_of_hours.notices(actor, r.id, services.uow(read_only=True)),
        research=shows_research(actor),
        zone=office_zone(services, r.header.office_code),
    )


def _csrf_refusal(tr: Translator) -> PlpError:
    return ForbiddenError(tr("console.login.expired"))
