"""Arrival of a PLP request: A1/A2, E1-E6, R1/R2 routing, R4 deadline, R5 aids, idempotency."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from app.domain.actor import Actor, Role
from app.domain.commands import SubmitPlp
from app.domain.eligibility import ManifestEntry, TpsInfo, assess
from app.domain.errors import (
    ConflictError,
    DuplicateSubmissionError,
    ForbiddenError,
    InvalidInputError,
    ManualProcedureInForceError,
)
from app.domain.fingerprint import fingerprint
from app.domain.lines import PlpLine, lines_from
from app.domain.messages import msg
from app.domain.plp_parts import DataType
from app.domain.plp_request import PlpRequest, new_request_id
from app.domain.ports.plp import TpsPair
from app.domain.ports.reference import Clock, ReferenceData, WorkingCalendars
from app.domain.ports.unit_of_work import UnitOfWork
from app.domain.reference import OfficeInfo, OfficeMode
from app.domain.research import research_aids, with_manifest_voyage

SLA_WORKING_DAYS = 3  # R4 (SOP 7)


@dataclass(frozen=True)
class SubmissionResult:
    request: PlpRequest
    replayed: bool  # the same content under the same reference was already stored


@dataclass(frozen=True)
class SubmissionContext:
    """The ports a submission needs besides the unit of work."""

    reference: ReferenceData
    clock: Clock
    calendars: WorkingCalendars


NO_LINES = msg("problems.input.no_lines", "a request needs at least one container or package line")


def submit(cmd: SubmitPlp, uow: UnitOfWork, ctx: SubmissionContext) -> SubmissionResult:
    """Store the request, rejected with every failed rule or routed for research."""
    applicant, tps_pair, office = _check_caller_and_codes(cmd, ctx.reference)
    content = fingerprint(cmd.header, cmd.containers, cmd.packages)
    for attempt in range(2):
        try:
            return _store(cmd, applicant, tps_pair, office, content, uow, ctx)
        except DuplicateSubmissionError:
            if attempt:  # a concurrent twin won twice in a row: its result is ours now
                raise
    raise AssertionError("unreachable")


def _store(
    cmd: SubmitPlp,
    applicant: str,
    tps_pair: TpsPair,
    office: OfficeInfo,
    content: str,
    uow: UnitOfWork,
    ctx: SubmissionContext,
) -> SubmissionResult:
    lines = lines_from(cmd.containers, cmd.packages)
    with uow:
        facts, prior = uow.plp_requests.gather_facts(cmd.header, applicant, lines, tps_pair)
        if prior is not None:  # a resent request gets its first answer, even in manual mode
            return _replay(prior.request_id, prior.fingerprint, content, cmd, uow)
        if office.mode is OfficeMode.MANUAL and cmd.header.data_type is DataType.NEW:
            since = _local(office.manual_since, office.timezone) if office.manual_since else "now"
            raise ManualProcedureInForceError(office.code, since)
        now = ctx.clock.now()
        side = cmd.header.side_of(applicant)
        assert side is not None
        # R5 compares what the TPS stated (cmd.header); the stored header also carries the
        # BC 1.1's vessel and voyage where the filing left them empty (issue 16.7)
        header = with_manifest_voyage(cmd.header, facts.voyage)
        request = PlpRequest(
            new_request_id(), header, lines, applicant, side, cmd.actor.channel, now, content
        )
        request.load_run = cmd.load_run
        if findings := assess(cmd.header, side, lines, facts):
            request.refuse(cmd.actor, findings)
        else:
            _attach_manifest_facts(lines, facts.in_manifest)
            request.research_aids = research_aids(cmd.header, lines, facts.voyage)
            deadline = ctx.calendars.add_working_days(office.code, now, SLA_WORKING_DAYS)
            request.accept(cmd.actor, deadline)
        uow.plp_requests.add(request)
        uow.commit()
    return SubmissionResult(request, replayed=False)


def _replay(
    request_id: str, stored: str, content: str, cmd: SubmitPlp, uow: UnitOfWork
) -> SubmissionResult:
    if stored != content:
        raise ConflictError(
            msg(
                "problems.conflict.reference_reused",
                "reference {ref} was already used for a different request",
                ref=cmd.header.ref_number,
            ),
            rule="IDEMPOTENCY",
        )
    request = uow.plp_requests.get(request_id, for_update=False)
    assert request is not None
    return SubmissionResult(request, replayed=True)


def _check_caller_and_codes(
    cmd: SubmitPlp, reference: ReferenceData
) -> tuple[str, TpsPair, OfficeInfo]:
    actor: Actor = cmd.actor
    h = cmd.header
    if actor.role is not Role.TPS_OPERATOR or not actor.tps_code:
        raise ForbiddenError(
            msg(
                "problems.forbidden.file_tps_only",
                "only a TPS operator account may file a PLP request",
            )
        )
    if actor.tps_code not in (h.origin_tps, h.destination_tps):
        raise ForbiddenError(
            msg(
                "problems.forbidden.not_a_party",
                "TPS {tps} is neither the origin nor the destination of this request",
                tps=actor.tps_code,
            )
        )
    if not cmd.containers and not cmd.packages:
        raise InvalidInputError(NO_LINES)
    office = reference.office(h.office_code)
    if office is None:
        raise InvalidInputError(
            msg(
                "problems.input.unknown_office",
                "unknown customs office {office}",
                office=h.office_code,
            ),
            "office_code",
        )
    origin = _known_tps(reference, h.origin_tps, h.origin_gudang, "origin")
    destination = _known_tps(reference, h.destination_tps, h.destination_gudang, "destination")
    return actor.tps_code, TpsPair(origin, destination), office


def _known_tps(reference: ReferenceData, code: str, gudang: str, side: str) -> TpsInfo:
    tps = reference.tps(code)
    if tps is None:
        unknown = (
            msg("problems.input.unknown_origin_tps", "unknown origin TPS {tps}", tps=code)
            if side == "origin"
            else msg(
                "problems.input.unknown_destination_tps", "unknown destination TPS {tps}", tps=code
            )
        )
        raise InvalidInputError(unknown, f"{side}_tps")
    if gudang not in tps.gudangs:
        known = ", ".join(sorted(tps.gudangs))
        raise InvalidInputError(
            msg(
                "problems.input.unknown_gudang",
                "gudang {gudang} does not belong to TPS {tps} (known: {known})",
                gudang=gudang,
                tps=code,
                known=known,
            ),
            f"{side}_gudang",
        )
    return tps


def _attach_manifest_facts(lines: list[PlpLine], in_manifest: dict[str, ManifestEntry]) -> None:
    for line in lines:
        entry = in_manifest.get(line.key)
        if entry is not None:
            line.manifest = replace(entry.facts)


def _local(moment: datetime, timezone: str) -> str:
    """F2's refusal names the switch as the office's clock shows it (as REST times are)."""
    return moment.astimezone(ZoneInfo(timezone)).isoformat()
