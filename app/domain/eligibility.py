"""Eligibility on arrival (E1-E7, A1/A2): every failed rule becomes a finding, none stops early."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from stdnum import iso6346  # a maintained check-digit implementation (E6)

from app.domain.code_lists import CONTAINER_SIZES, PACKAGE_TYPES, iso_type_problem
from app.domain.lines import ManifestFacts, PlpLine
from app.domain.messages import Message, msg
from app.domain.plp_parts import Finding, PlpHeader
from app.domain.reasons import ApplicantSide, PlpReason, side_may_file
from app.domain.research import ManifestVoyage
from app.domain.stock import not_at_origin

_CONTAINER_NUMBER = re.compile(r"^[A-Z]{3}[UJZR][0-9]{7}$")


@dataclass(frozen=True)
class TpsInfo:
    """A TPS as reference data knows it."""

    code: str
    name: str
    office_code: str
    gudangs: frozenset[str]
    yor_threshold: float | None = None
    sor_threshold: float | None = None


@dataclass(frozen=True)
class ManifestEntry:
    """A line's goods as the cited BC 1.1 manifest lists them."""

    facts: ManifestFacts
    size: str | None = None  # containers
    package_count: int | None = None  # packages


@dataclass(frozen=True)
class EligibilityFacts:
    """What the stores know about a request's goods, gathered in one read by the adapter.

    Of the declarations, releases and other PLPs that hold the goods it keeps only which line
    keys they concern: a refusal names the caller's own goods, never another party's documents
    (an importer's PIB or SPPB, another TPS's reference or PLP number)."""

    origin: TpsInfo
    destination: TpsInfo
    manifest_found: bool
    in_manifest: dict[str, ManifestEntry] = field(default_factory=dict)  # by line key
    declared: frozenset[str] = frozenset()  # line keys an import declaration covers (E3)
    released: frozenset[str] = frozenset()  # line keys released (SPPB granted, E2)
    active_elsewhere: frozenset[str] = frozenset()  # line keys held by another active PLP (E5)
    at_origin: frozenset[str] = frozenset()  # line keys at the origin TPS, this BC 1.1 (E7)
    voyage: ManifestVoyage | None = None  # the cited BC 1.1's vessel and voyage (R5)


def assess(
    header: PlpHeader, side: ApplicantSide, lines: list[PlpLine], facts: EligibilityFacts
) -> list[Finding]:
    """Every rule E1-E7 and A1/A2 the request fails, each naming its line where it has one."""
    findings = _request_findings(header, side, facts)
    counts = Counter(line.key for line in lines)
    for line in lines:
        if line_problems := _e6_problems(line):
            findings += [Finding.of("E6", p, line.line_no) for p in line_problems]
            continue
        findings += _goods_findings(line, facts, counts[line.key] > 1)
        if line.key in facts.in_manifest and line.key not in facts.at_origin:
            # E2 already refuses goods outside the BC 1.1; where these are instead is not said
            # (it may be another TPS's data)
            e7 = not_at_origin(line.label, header.origin_tps)
            findings.append(Finding.of("E7", e7, line.line_no))
    return findings


def _request_findings(
    header: PlpHeader, side: ApplicantSide, facts: EligibilityFacts
) -> list[Finding]:
    found: list[Finding] = []
    origin, destination = facts.origin, facts.destination
    if origin.code == destination.code:
        found.append(
            Finding.of("E1", msg("problems.e1.same_tps", "origin and destination TPS are the same"))
        )
    if origin.office_code != destination.office_code:
        found.append(
            Finding.of(
                "E1",
                msg(
                    "problems.e1.other_office",
                    "origin TPS {origin} is under office {origin_office}, destination TPS "
                    "{destination} under {destination_office}",
                    origin=origin.code,
                    origin_office=origin.office_code,
                    destination=destination.code,
                    destination_office=destination.office_code,
                ),
            )
        )
    if header.office_code != origin.office_code:
        found.append(
            Finding.of(
                "E1",
                msg(
                    "problems.e1.not_supervised",
                    "origin TPS {origin} is not supervised by office {office}",
                    origin=origin.code,
                    office=header.office_code,
                ),
            )
        )
    if not side_may_file(side, header.reason):
        found.append(
            Finding.of(
                "A1",
                msg(
                    "problems.a1.origin_may_not",
                    "the origin TPS may not apply for {reason}",
                    reason=header.reason,
                ),
            )
            if side is ApplicantSide.ORIGIN
            else Finding.of(
                "A2",
                msg(
                    "problems.a2.destination_may_not",
                    "the destination TPS may not apply for {reason}",
                    reason=header.reason,
                ),
            )
        )
    if header.reason is PlpReason.YOR_SOR and (problem := _e4_problem(header, origin)):
        found.append(Finding.of("E4", problem))
    if not facts.manifest_found:
        found.append(
            Finding.of(
                "E2",
                msg(
                    "problems.e2.bc11_not_found",
                    "BC 1.1 {number} of {day} not found at office {office}",
                    number=header.bc11_number,
                    day=header.bc11_date.isoformat(),
                    office=header.office_code,
                ),
            )
        )
    return found


def _e4_problem(header: PlpHeader, origin: TpsInfo) -> Message | None:
    stated = [
        (header.yor_origin, origin.yor_threshold, "YOR"),
        (header.sor_origin, origin.sor_threshold, "SOR"),
    ]
    if all(value is None for value, _, _ in stated):
        return msg("problems.e4.needs_yor_sor", "reason YOR_SOR needs the origin TPS's YOR or SOR")
    for value, threshold, _name in stated:
        if value is not None and threshold is not None and value >= threshold:
            return None
    said = ", ".join(
        f"{n} {v:g}% (threshold {t:g}%)" for v, t, n in stated if v is not None and t is not None
    )
    if not said:
        return msg(
            "problems.e4.no_threshold", "the origin TPS has no threshold for the occupancy stated"
        )
    return msg("problems.e4.below", "stated {said} is below the threshold", said=said)


def _e6_problems(line: PlpLine) -> list[Message]:
    if line.container is not None:
        c, problems = line.container, []
        if not _CONTAINER_NUMBER.match(c.number):
            problems.append(
                msg(
                    "problems.e6.not_iso_number",
                    "{number} is not an ISO 6346 container number",
                    number=repr(c.number),
                )
            )
        elif not iso6346.is_valid(c.number):
            problems.append(
                msg(
                    "problems.e6.check_digit",
                    "{number}: wrong ISO 6346 check digit",
                    number=c.number,
                )
            )
        if c.size not in CONTAINER_SIZES:
            problems.append(
                msg(
                    "problems.e6.size",
                    "{number}: size {size} is not one of 20, 40, 45",
                    number=c.number,
                    size=repr(c.size),
                )
            )
        elif c.iso_type and (problem := iso_type_problem(c.number, c.size, c.iso_type)):
            problems.append(problem)
        return problems
    assert line.package is not None
    p, problems = line.package, []
    if p.package_type not in PACKAGE_TYPES:
        problems.append(
            msg(
                "problems.e6.package_type",
                "B/L {bl}: package type {kind} is not in the list",
                bl=p.bl_number,
                kind=repr(p.package_type),
            )
        )
    if p.count < 1:
        problems.append(
            msg(
                "problems.e6.package_count",
                "B/L {bl}: package count must be at least 1",
                bl=p.bl_number,
            )
        )
    return problems


def _goods_findings(line: PlpLine, facts: EligibilityFacts, repeated: bool) -> list[Finding]:
    key, label, n = line.key, line.label, line.line_no
    found: list[Finding] = []
    entry = facts.in_manifest.get(key)
    if facts.manifest_found and entry is None:
        found.append(
            Finding.of(
                "E2",
                msg("problems.e2.not_in_bc11", "{goods} is not in the cited BC 1.1", goods=label),
                n,
            )
        )
    elif entry is not None:
        found += _manifest_mismatch(line, entry)
    if key in facts.released:
        found.append(
            Finding.of(
                "E2",
                msg(
                    "problems.e2.released",
                    "{goods} is already released (an SPPB was granted)",
                    goods=label,
                ),
                n,
            )
        )
    if key in facts.declared:
        found.append(
            Finding.of(
                "E3",
                msg(
                    "problems.e3.declared",
                    "{goods} is covered by an import declaration",
                    goods=label,
                ),
                n,
            )
        )
    if repeated:
        found.append(
            Finding.of(
                "E5",
                msg(
                    "problems.e5.listed_twice",
                    "{goods} is listed more than once in this request",
                    goods=label,
                ),
                n,
            )
        )
    if key in facts.active_elsewhere:
        found.append(
            Finding.of(
                "E5",
                msg(
                    "problems.e5.active_elsewhere",
                    "{goods} is already in another active PLP",
                    goods=label,
                ),
                n,
            )
        )
    return found


def _manifest_mismatch(line: PlpLine, entry: ManifestEntry) -> list[Finding]:
    if line.container is not None and entry.size and entry.size != line.container.size:
        return [
            Finding.of(
                "E2",
                msg(
                    "problems.e2.size_differs",
                    "{goods}: size {size} but the BC 1.1 says {manifest_size}",
                    goods=line.label,
                    size=line.container.size,
                    manifest_size=entry.size,
                ),
                line.line_no,
            )
        ]
    if (
        line.package is not None
        and entry.package_count is not None
        and line.package.count > entry.package_count
    ):
        return [
            Finding.of(
                "E2",
                msg(
                    "problems.e2.count_exceeds",
                    "{goods}: {count} packages but the BC 1.1 lists {manifest_count}",
                    goods=line.label,
                    count=line.package.count,
                    manifest_count=entry.package_count,
                ),
                line.line_no,
            )
        ]
    return []
