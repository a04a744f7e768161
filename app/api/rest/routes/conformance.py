"""The conformance pack over REST (issue 17; demo and test mode only): a TPS account (or an
admin for one) opens a run for a protocol, starts and finishes its numbered scenarios, and
reads the graded report. Texts follow Accept-Language; rule IDs and data are never translated.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from app.adapters.conformance_report import html_report, json_report, junit, texts
from app.adapters.conformance_report.zone import in_zone
from app.adapters.i18n import Translator, negotiate, translator
from app.api.http.conformance_desk import desk_of
from app.api.http.tags import CONFORMANCE
from app.api.http.wiring import Services, ServicesDep
from app.api.rest.deps import ActorDep
from app.api.rest.times import OfficeTime, default_zone
from app.domain.conformance import catalogue
from app.domain.conformance.model import Check, Protocol
from app.domain.conformance.run import ConformanceRun, ScenarioState
from app.domain.errors import NotFoundError
from app.domain.services import conformance_runs as runs


async def _test_modes_only(services: ServicesDep) -> None:
    if not services.settings.allows_test_controls:
        raise NotFoundError(runs.NEEDS_TEST_MODE)


router = APIRouter(
    prefix="/api/v1/conformance", tags=[CONFORMANCE], dependencies=[Depends(_test_modes_only)]
)
Language = Annotated[str | None, Header(alias="Accept-Language")]


class RunIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    protocol: Protocol = Field(description="the channel the client under test uses")
    quirks: bool = Field(False, description="reproduce the real DJBC service's known quirks")
    account: str | None = Field(
        None, max_length=64, description="admin only: the TPS account the run is for"
    )


class CheckOut(BaseModel):
    key: str
    text: str
    passed: bool
    expected: str
    observed: str
    rule: str
    evidence: list[int]


class ScenarioOut(BaseModel):
    id: str
    title: str
    simulator: str
    client: str
    rule: str
    outcome: str
    data: dict[str, str]
    started_at: OfficeTime | None = None
    finished_at: OfficeTime | None = None
    quirks: list[str] = Field(default_factory=list, description="DJBC quirks reproduced")
    checks: list[CheckOut] = Field(default_factory=list, description="once finished")
    messages: int = Field(0, description="messages observed in the scenario's window")


class RunOut(BaseModel):
    id: str
    account: str
    tps: str
    protocol: Protocol
    quirks: bool
    status: str = Field(description="open or finished")
    opened_at: OfficeTime
    finished_at: OfficeTime | None = None
    running: str | None = Field(None, description="the scenario started and not finished")
    scenarios: list[ScenarioOut]


def _tr(request: Request, language: str | None) -> Translator:
    """The Accept-Language header's language (Indonesian first); `?lang=` overrides it."""
    return translator(negotiate(request.query_params.get("lang"), language))


def _check(c: Check, tr: Translator, values: dict[str, str]) -> CheckOut:
    return CheckOut(
        key=c.key,
        text=texts.check_text(c, tr, values),
        passed=c.passed,
        expected=c.expected,
        observed=c.observed,
        rule=c.rule,
        evidence=list(c.evidence),
    )


def _scenario(state: ScenarioState, messages: int, tr: Translator) -> ScenarioOut:
    spec = catalogue.scenario(state.scenario_id)
    values = {**spec.params, **state.data}
    return ScenarioOut(
        id=spec.id,
        title=texts.title(spec, tr, values),
        simulator=texts.simulator_part(spec, tr, values),
        client=texts.client_part(spec, tr, values),
        rule=spec.rule,
        outcome=state.outcome.value,
        data=dict(state.data),
        started_at=state.started_at,
        finished_at=state.finished_at,
        quirks=list(state.quirks),
        checks=[_check(c, tr, values) for c in state.checks],
        messages=messages,
    )


def _run(services: Services, run: ConformanceRun, tr: Translator) -> RunOut:
    desk = desk_of(services)
    counts = desk.runs.counts(run.id)
    return RunOut(
        id=run.id,
        account=run.account,
        tps=run.tps,
        protocol=run.protocol,
        quirks=run.quirks,
        status=run.status,
        opened_at=run.opened_at,
        finished_at=run.finished_at,
        running=run.running,
        scenarios=[
            _scenario(s, counts.get(s.scenario_id, 0), tr) for s in runs.scenarios(desk, run)
        ],
    )


@router.post("/runs", status_code=201, summary="Open a conformance run")
def open_run(
    body: RunIn, actor: ActorDep, services: ServicesDep, request: Request, language: Language = None
) -> RunOut:
    """**Role** `tps_operator` (for itself) or `admin` (naming `account`). Every scenario's
    goods (a BC 1.1 with its containers, discharged at the TPS's gudang) are seeded."""
    run = runs.open_run(desk_of(services), actor, body.protocol, body.quirks, body.account)
    return _run(services, run, _tr(request, language))


@router.get("/runs/{run_id}", summary="A conformance run and its scenarios")
def get_run(
    run_id: str, actor: ActorDep, services: ServicesDep, request: Request, language: Language = None
) -> RunOut:
    run = runs.get_run(desk_of(services), actor, run_id)
    return _run(services, run, _tr(request, language))


@router.post("/runs/{run_id}/scenarios/{scenario_id}/start", summary="Start a scenario")
def start(
    run_id: str,
    scenario_id: str,
    actor: ActorDep,
    services: ServicesDep,
    request: Request,
    language: Language = None,
) -> ScenarioOut:
    """From now on every message of the run's account is evidence of this scenario, and the
    simulator injects its faults and plays its officers. One scenario at a time (409)."""
    desk = desk_of(services)
    state = runs.start_scenario(desk, actor, run_id, scenario_id)
    _forget_active(request)
    return _scenario(state, len(desk.runs.messages(run_id, scenario_id)), _tr(request, language))


@router.post("/runs/{run_id}/scenarios/{scenario_id}/finish", summary="Finish and grade")
def finish(
    run_id: str,
    scenario_id: str,
    actor: ActorDep,
    services: ServicesDep,
    request: Request,
    language: Language = None,
) -> ScenarioOut:
    desk = desk_of(services)
    state = runs.finish_scenario(desk, actor, run_id, scenario_id)
    _forget_active(request)
    return _scenario(state, len(desk.runs.messages(run_id, scenario_id)), _tr(request, language))


@router.post("/runs/{run_id}/finish", summary="Finish the run")
def finish_run(
    run_id: str, actor: ActorDep, services: ServicesDep, request: Request, language: Language = None
) -> RunOut:
    """Scenarios never started are not attempted; a running one is graded first."""
    run = runs.finish_run(desk_of(services), actor, run_id)
    _forget_active(request)
    return _run(services, run, _tr(request, language))


@router.get("/runs/{run_id}/report.json", summary="The run's report (JSON)")
def report_json(
    run_id: str, actor: ActorDep, services: ServicesDep, request: Request, language: Language = None
) -> JSONResponse:
    report = in_zone(runs.report(desk_of(services), actor, run_id), default_zone())
    return JSONResponse(json_report.render(report, _tr(request, language)))


@router.get("/runs/{run_id}/report.xml", summary="The run's report (JUnit XML, for CI)")
def report_junit(
    run_id: str, actor: ActorDep, services: ServicesDep, request: Request, language: Language = None
) -> Response:
    """One test suite, a test case per scenario: failed checks are failures, scenarios not
    attempted are skipped."""
    report = in_zone(runs.report(desk_of(services), actor, run_id), default_zone())
    body = junit.render(report, _tr(request, language))
    return Response(body, media_type="application/xml", headers=_download(run_id, "xml", False))


@router.get("/runs/{run_id}/report.html", summary="The run's report (one HTML page)")
def report_html(
    run_id: str,
    actor: ActorDep,
    services: ServicesDep,
    request: Request,
    language: Language = None,
    download: bool = False,
) -> HTMLResponse:
    """One self-contained page (inline CSS and SVG sequence diagrams, no script);
    `?download=true` serves it as a file to keep."""
    report = in_zone(runs.report(desk_of(services), actor, run_id), default_zone())
    page = html_report.render(report, _tr(request, language))
    return HTMLResponse(page, headers=_download(run_id, "html", download))


def _download(run_id: str, extension: str, attachment: bool) -> dict[str, str]:
    kind = "attachment" if attachment else "inline"
    return {"Content-Disposition": f'{kind}; filename="conformance-{run_id}.{extension}"'}


def _forget_active(request: Request) -> None:
    active = getattr(request.app.state, "conformance_active", None)
    if active is not None:
        active.forget()
