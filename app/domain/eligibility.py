"""Eligibility on arrival (E1-E7, A1/A2): every failed rule becomes a finding, none stops early."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from stdnum import iso6346  # a maintained check-digit implementation (E6)

from app.domain.code_lists import CONTAINER_SIZES, PACKAGE_TYPES, iso_type_problem
from app.domain.lines import ManifestFacts, PlpLine
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
            findings += [Finding("E6", p, line.line_no) for p in line_problems]
            continue
        findings += _goods_findings(line, facts, counts[line.key] > 1)
        if line.key in facts.in_manifest and line.key not in facts.at_origin:
            # E2 already refuses goods outside the BC 1.1; where these are instead is not said
            # (it may be another TPS's data)
            e7 = not_at_origin(line.label, header.origin_tps)
            findings.append(Finding("E7", e7, line.line_no))
    return findings


def _request_findings(
    header: PlpHeader, side: ApplicantSide, facts: EligibilityFacts
) -> list[Finding]:
    found: list[Finding] = []
    origin, destination = facts.origin, facts.destination
    if origin.code == destination.code:
        found.append(Finding("E1", "origin and destination TPS are the same"))
    if origin.office_code != destination.office_code:
        found.append(
            Finding(
                "E1",
                f"origin TPS {origin.code} is under office "
                f"{origin.office_code}, destination TPS {destination.code} "
                f"under {destination.office_code}",
            )
        )
    if header.office_code != origin.office_code:
        found.append(
            Finding(
                "E1", f"origin TPS {origin.code} is not supervised by office {header.office_code}"
            )
        )
    if not side_may_file(side, header.reason):
        rule = "A1" if side is ApplicantSide.ORIGIN else "A2"
        found.append(Finding(rule, f"the {side.value} TPS may not apply for {header.reason}"))
    if header.reason is PlpReason.YOR_SOR and (problem := _e4_problem(header, origin)):
        found.append(Finding("E4", problem))
    if not facts.manifest_found:
        found.append(
            Finding(
                "E2",
                f"BC 1.1 {header.bc11_number} of "
                f"{header.bc11_date.isoformat()} not found at office "
                f"{header.office_code}",
            )
        )
    return found


def _e4_problem(header: PlpHeader, origin: TpsInfo) -> str | None:
    stated = [
        (header.yor_origin, origin.yor_threshold, "YOR"),
        (header.sor_origin, origin.sor_threshold, "SOR"),
    ]
    if all(value is None for value, _, _ in stated):
        return "reason YOR_SOR needs the origin TPS's YOR or SOR"
    for value, threshold, _name in stated:
        if value is not None and threshold is not None and value >= threshold:
            return None
    said = ", ".join(
        f"{n} {v:g}% (threshold {t:g}%)" for v, t, n in stated if v is not None and t is not None
    )
    if not said:
        return "the origin TPS has no threshold for the occupancy stated"
    return f"stated {said} is below the threshold"


def _e6_problems(line: PlpLine) -> list[str]:
    if line.container is not None:
        c, problems = line.container, []
        if not _CONTAINER_NUMBER.match(c.number):
            problems.append(f"{c.number!r} is not an ISO 6346 container number")
        elif not iso6346.is_valid(c.number):
            problems.append(f"{c.number}: wrong ISO 6346 check digit")
        if c.size not in CONTAINER_SIZES:
            problems.append(f"{c.number}: size {c.size!r} is not one of 20, 40, 45")
        elif c.iso_type and (problem := iso_type_problem(c.size, c.iso_type)):
            problems.append(f"{c.number}: {problem}")
        return problems
    assert line.package is not None
    p, problems = line.package, []
    if p.package_type not in PACKAGE_TYPES:
        problems.append(f"B/L {p.bl_number}: package type {p.package_type!r} is not in the list")
    if p.count < 1:
        problems.append(f"B/L {p.bl_number}: package count must be at least 1")
    return problems


def _goods_findings(line: PlpLine, facts: EligibilityFacts, repeated: bool) -> list[Finding]:
    key, label, n = line.key, line.label, line.line_no
    found: list[Finding] = []
    entry = facts.in_manifest.get(key)
    if facts.manifest_found and entry is None:
        found.append(Finding("E2", f"{label} is not in the cited BC 1.1", n))
    elif entry is not None:
        found += _manifest_mismatch(line, entry)
    if key in facts.released:
        found.append(Finding("E2", f"{label} is already released (an SPPB was granted)", n))
    if key in facts.declared:
        found.append(Finding("E3", f"{label} is covered by an import declaration", n))
    if repeated:
        found.append(Finding("E5", f"{label} is listed more than once in this request", n))
    if key in facts.active_elsewhere:
        found.append(Finding("E5", f"{label} is already in another active PLP", n))
    return found


def _manifest_mismatch(line: PlpLine, entry: ManifestEntry) -> list[Finding]:
    if line.container is not None and entry.size and entry.size != line.container.size:
        return [
            Finding(
                "E2",
                f"{line.label}: size {line.container.size} but the BC 1.1 says {entry.size}",
                line.line_no,
            )
        ]
    if (
        line.package is not None
        and entry.package_count is not None
        and line.package.count > entry.package_count
    ):
        return [
            Finding(
                "E2",
                f"{line.label}: {line.package.count} packages but the BC 1.1 "
                f"lists {entry.package_count}",
                line.line_no,
            )
        ]
    return []
