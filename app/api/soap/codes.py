"""Our legacy code tables from contracts/: KD_RES for every refusal, KD_ALASAN_PLP for reasons."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from app.api.http import contract_files as contracts
from app.api.soap.errors import BadValueError
from app.domain.errors import PlpError
from app.domain.plp_parts import Finding
from app.domain.reasons import ApplicantSide, PlpReason


@dataclass(frozen=True)
class KdRes:
    code: str
    rule: str
    uraian: str  # the meaning, in Indonesian, as TPS software shows it


@dataclass(frozen=True)
class _Tables:
    by_rule: dict[str, KdRes]
    by_error: dict[str, KdRes]


@cache
def _tables() -> _Tables:
    by_rule: dict[str, KdRes] = {}
    by_error: dict[str, KdRes] = {}
    for row in contracts.table("kd_res.csv"):
        entry = KdRes(row["kd_res"], row["rule"], row["uraian"])
        if entry.rule:
            by_rule[entry.rule] = entry
        if row["error"] and (not entry.rule or row["error"] not in by_error):
            by_error[row["error"]] = entry  # a class's own row is the one without a rule
    return _Tables(by_rule, by_error)


def for_error(exc: PlpError) -> KdRes:
    """The rule's code when the error names a rule, else the nearest error class's."""
    tables = _tables()
    if exc.rule and exc.rule in tables.by_rule:
        return tables.by_rule[exc.rule]
    for cls in type(exc).__mro__:
        if cls.__name__ in tables.by_error:
            return tables.by_error[cls.__name__]
    return tables.by_error["PlpError"]


def for_finding(finding: Finding) -> KdRes:
    return _tables().by_rule.get(finding.rule) or _tables().by_error["PlpError"]


def known_rules() -> frozenset[str]:
    return frozenset(_tables().by_rule)


def known_errors() -> frozenset[str]:
    return frozenset(_tables().by_error)


@cache
def _reasons() -> dict[int, tuple[PlpReason | None, PlpReason | None]]:
    def reason(name: str) -> PlpReason | None:
        return PlpReason(name) if name else None

    return {
        int(row["kd_alasan_plp"]): (reason(row["origin"]), reason(row["destination"]))
        for row in contracts.table("kd_alasan_plp.csv")
    }


def reason_for(code: str, side: ApplicantSide) -> PlpReason:
    """The reason a KD_ALASAN_PLP means for the side that files it. A code only the other side
    may file keeps that side's meaning, so eligibility rejects it with A1/A2."""
    entry = _reasons().get(int(code)) if code.isdigit() else None
    if entry is None:
        known = ", ".join(str(c) for c in sorted(_reasons()))
        raise BadValueError(f"KD_ALASAN_PLP {code!r} is not one of {known}", "KD_ALASAN_PLP")
    origin, destination = entry
    own, other = (origin, destination) if side is ApplicantSide.ORIGIN else (destination, origin)
    reason = own or other
    assert reason is not None  # every row of the table names at least one side
    return reason
