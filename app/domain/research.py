"""R5 research aids (SOP 8.b, 5.a): what the cited BC 1.1 says about whether the goods fit the
reason, computed once on arrival for the researching officers. An aid that does not pass is a
point to research, never a refusal: the officers decide (R1-R3)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from app.domain.actor import Actor, Role
from app.domain.lines import LineKind, PlpLine
from app.domain.plp_parts import PlpHeader
from app.domain.reasons import PlpReason


class AidCode(StrEnum):
    NO_LCL_SPACE = "NO_LCL_SPACE"  # SOP 5.a.2: consolidated (LCL) goods
    EXCISE_RIBBON = "EXCISE_RIBBON"  # SOP 5.a.4: excisable goods
    MASTER_CONSOLIDATION = "MASTER_CONSOLIDATION"  # SOP 5.a.5: one master B/L or AWB
    FF_MASTER_AWB = "FF_MASTER_AWB"  # SOP 5.b.1: one master AWB
    STAGNATION = "STAGNATION"  # SOP 5.a.6: the head of office's judgement
    VOYAGE = "VOYAGE"  # the vessel, voyage and arrival the request states


@dataclass(frozen=True)
class ManifestVoyage:
    """The carriage the BC 1.1 records; empty text or None where it records nothing."""

    vessel_name: str = ""
    call_sign: str = ""
    voyage: str = ""
    arrival_date: date | None = None


@dataclass(frozen=True)
class ResearchAid:
    """One finding for the officers: passed or not, why, and the line where it concerns one."""

    code: str
    passed: bool
    message: str
    line_no: int | None = None


# The officers who research and decide (SOP 10.a) and the section heads; not the TPS (the
# research is the office's, about the TPS's own request) nor the supervisors at the gates.
RESEARCH_ROLES = frozenset(
    {Role.MANIFEST_OFFICER, Role.P2_OFFICER, Role.KASUBSI_MANIFEST, Role.P2_SECTION, Role.ADMIN}
)


def shows_research(actor: Actor) -> bool:
    return actor.role in RESEARCH_ROLES


def with_manifest_voyage(header: PlpHeader, m: ManifestVoyage | None) -> PlpHeader:
    """The request header with the carriage the filing left empty taken from the cited BC 1.1,
    so the responses carry it as DJBC's do; what the TPS sent is kept as sent."""
    if m is None:
        return header
    return replace(
        header,
        vessel_name=header.vessel_name or m.vessel_name or None,
        call_sign=header.call_sign or m.call_sign or None,
        voyage=header.voyage or m.voyage or None,
        arrival_date=header.arrival_date or m.arrival_date,
    )


def research_aids(
    header: PlpHeader, lines: list[PlpLine], voyage: ManifestVoyage | None
) -> tuple[ResearchAid, ...]:
    """The aids of an accepted request: its reason's, then the vessel and voyage."""
    aids: list[ResearchAid] = []
    reason = header.reason
    if reason is PlpReason.NO_LCL_SPACE:
        aids += _per_line(AidCode.NO_LCL_SPACE, lines, _lcl, "consolidated (LCL) goods")
    elif reason is PlpReason.EXCISE_RIBBON:
        aids += _per_line(AidCode.EXCISE_RIBBON, lines, _excise, "excisable goods")
    elif reason in (PlpReason.MASTER_CONSOLIDATION, PlpReason.FF_MASTER_AWB):
        aids += _one_master(AidCode(reason.value), lines)
    elif reason is PlpReason.STAGNATION:
        aids.append(_judgement(header))
    aids.append(_voyage(header, voyage))
    return tuple(aids)


def _lcl(line: PlpLine) -> str | None:
    facts = line.manifest
    if line.kind is LineKind.PACKAGE or (facts is not None and facts.fcl_lcl == "L"):
        return None
    return f"{line.label}: the BC 1.1 lists it as a full container (FCL), not LCL goods"


def _excise(line: PlpLine) -> str | None:
    if line.manifest is not None and line.manifest.excise:
        return None
    return f"{line.label}: the BC 1.1 does not mark the goods as excisable"


def _per_line(
    code: AidCode, lines: list[PlpLine], problem: Callable[[PlpLine], str | None], what: str
) -> list[ResearchAid]:
    """One aid per line that does not fit, or one for the whole request when every line does
    (a request of a thousand fitting containers stays one entry)."""
    failed = [
        ResearchAid(code, False, f"{p}; {code.value} needs {what}", ln.line_no)
        for ln in lines
        if (p := problem(ln)) is not None
    ]
    if failed:
        return failed
    return [ResearchAid(code, True, f"every line is {what} in the BC 1.1")]


def _one_master(code: AidCode, lines: list[PlpLine]) -> list[ResearchAid]:
    kind = "master AWB" if code is AidCode.FF_MASTER_AWB else "master B/L or AWB"
    masters = {ln.manifest.master_bl_number for ln in lines if ln.manifest} - {None, ""}
    aids = [
        ResearchAid(code, False, f"{ln.label}: the BC 1.1 gives no {kind}", ln.line_no)
        for ln in lines
        if ln.manifest is None or not ln.manifest.master_bl_number
    ]
    if len(masters) > 1:
        listed = ", ".join(sorted(m for m in masters if m))
        message = f"the goods are under {len(masters)} {kind}s ({listed}); {code.value} needs one"
        aids.append(ResearchAid(code, False, message))
    elif masters and not aids:
        aids.append(ResearchAid(code, True, f"every line is under {kind} {masters.pop()}"))
    return aids


def _judgement(h: PlpHeader) -> ResearchAid:
    code = AidCode.STAGNATION
    if not h.judgement_number or h.judgement_date is None:
        message = (
            "the request cites no letter (number and date) of the head of office judging that "
            "stagnation may occur (SOP 5.a.6)"
        )
        return ResearchAid(code, False, message)
    cited = f"letter {h.judgement_number} of {h.judgement_date.isoformat()}"
    if h.judgement_date > h.letter_date:
        message = f"the head of office's {cited} is dated after the request letter"
        return ResearchAid(code, False, message)
    return ResearchAid(code, True, f"cites the head of office's judgement, {cited}")


def _voyage(h: PlpHeader, m: ManifestVoyage | None) -> ResearchAid:
    """Compares what both the request and the BC 1.1 state; what either leaves out cannot
    contradict the other (legacy clients send these fields empty at times)."""
    m = m or ManifestVoyage()
    stated = [
        ("vessel", h.vessel_name, m.vessel_name),
        ("call sign", h.call_sign, m.call_sign),
        ("voyage", h.voyage, m.voyage),
        ("arrival date", _iso(h.arrival_date), _iso(m.arrival_date)),
    ]
    compared = [(n, ours, theirs) for n, ours, theirs in stated if _text(ours) and _text(theirs)]
    if not compared:
        message = "nothing to compare: the request or the BC 1.1 states no vessel or voyage"
        return ResearchAid(AidCode.VOYAGE, True, message)
    wrong = [
        f"{name} {ours} but the BC 1.1 says {theirs}"
        for name, ours, theirs in compared
        if _text(ours) != _text(theirs)
    ]
    if wrong:
        return ResearchAid(AidCode.VOYAGE, False, "; ".join(wrong))
    names = ", ".join(name for name, _, _ in compared)
    return ResearchAid(AidCode.VOYAGE, True, f"{names} as in the BC 1.1")


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _text(value: str | None) -> str:
    """Officers compare names, not spacing or case: 'MV  Sample Star' is 'MV SAMPLE STAR'."""
    return " ".join((value or "").split()).upper()


def not_passed(aids: tuple[ResearchAid, ...] | None) -> list[ResearchAid]:
    return [a for a in aids or () if not a.passed]
