"""R5: research aids computed from the cited BC 1.1, for the officers; never a refusal."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from app.domain.lines import LineKind, ManifestFacts, PlpLine
from app.domain.reasons import PlpReason as R
from app.domain.research import (
    ManifestVoyage,
    ResearchAid,
    research_aids,
    shows_research,
    with_manifest_voyage,
)
from app.domain.simulation import AutoMode, SimulationPolicy, decision_verdict
from tests.unit.builders import (
    ADMIN,
    C1,
    C2,
    DEST_SUP,
    KASUBSI,
    MANIFEST,
    P2,
    P2_SECTION,
    TPKA,
    container,
    header,
    in_review,
    package,
)
from tests.unit.world import World

VOYAGE = ManifestVoyage("MV SAMPLE STAR", "9VAB7", "025S", date(2026, 11, 19))


def line(n: int, number: str = C1, **facts: Any) -> PlpLine:
    manifest = ManifestFacts(f"{n:04d}00000000", "PT CONTOH IMPOR", **facts)
    return PlpLine(n, LineKind.CONTAINER, container=container(number), manifest=manifest)


def aids(reason: R, *lines: PlpLine, **h: Any) -> list[tuple[str, bool, int | None]]:
    found = research_aids(header(reason=reason, **h), list(lines), VOYAGE)
    return [(a.code, a.passed, a.line_no) for a in found if a.code != "VOYAGE"]


def messages(reason: R, *lines: PlpLine, **h: Any) -> list[str]:
    return [a.message for a in research_aids(header(reason=reason, **h), list(lines), VOYAGE)]


def test_r5_no_lcl_space_with_lcl_containers_and_packages_passes_once() -> None:
    packages = PlpLine(2, LineKind.PACKAGE, package=package())

    assert aids(R.NO_LCL_SPACE, line(1, fcl_lcl="L"), packages) == [("NO_LCL_SPACE", True, None)]


def test_r5_no_lcl_space_flags_each_full_container_on_its_line() -> None:
    found = aids(R.NO_LCL_SPACE, line(1, fcl_lcl="L"), line(2, C2, fcl_lcl="F"))

    assert found == [("NO_LCL_SPACE", False, 2)]
    assert (
        f"{C2}: the BC 1.1 lists it as a full container (FCL)"
        in messages(R.NO_LCL_SPACE, line(2, C2, fcl_lcl="F"))[0]
    )


def test_r5_excise_ribbon_needs_excisable_goods() -> None:
    assert aids(R.EXCISE_RIBBON, line(1, excise=True)) == [("EXCISE_RIBBON", True, None)]
    assert aids(R.EXCISE_RIBBON, line(1, excise=True), line(2, C2)) == [("EXCISE_RIBBON", False, 2)]
    assert "does not mark the goods as excisable" in messages(R.EXCISE_RIBBON, line(1))[0]


def test_r5_master_consolidation_passes_with_one_master_bl() -> None:
    goods = (line(1, master_bl_number="MBL-1"), line(2, C2, master_bl_number="MBL-1"))

    assert aids(R.MASTER_CONSOLIDATION, *goods) == [("MASTER_CONSOLIDATION", True, None)]
    assert messages(R.MASTER_CONSOLIDATION, *goods)[0] == (
        "every line is under master B/L or AWB MBL-1"
    )


def test_r5_master_consolidation_under_two_masters_or_none_is_flagged() -> None:
    two = (line(1, master_bl_number="MBL-1"), line(2, C2, master_bl_number="MBL-2"))
    without = (line(1, master_bl_number="MBL-1"), line(2, C2))

    assert aids(R.MASTER_CONSOLIDATION, *two) == [("MASTER_CONSOLIDATION", False, None)]
    assert "under 2 master B/L or AWBs (MBL-1, MBL-2)" in messages(R.MASTER_CONSOLIDATION, *two)[0]
    assert aids(R.MASTER_CONSOLIDATION, *without) == [("MASTER_CONSOLIDATION", False, 2)]


def test_r5_ff_master_awb_needs_one_master_awb() -> None:
    goods = (line(1, master_bl_number="AWB-1"), line(2, C2, master_bl_number="AWB-1"))

    assert aids(R.FF_MASTER_AWB, *goods) == [("FF_MASTER_AWB", True, None)]
    assert aids(R.FF_MASTER_AWB, line(1)) == [("FF_MASTER_AWB", False, 1)]
    assert "gives no master AWB" in messages(R.FF_MASTER_AWB, line(1))[0]


def test_r5_stagnation_cites_the_head_of_offices_judgement() -> None:
    cited = {"judgement_number": "S-12/KPU.01/2026", "judgement_date": date(2026, 11, 24)}

    assert aids(R.STAGNATION, line(1), **cited) == [("STAGNATION", True, None)]
    assert "S-12/KPU.01/2026 of 2026-11-24" in messages(R.STAGNATION, line(1), **cited)[0]


def test_r5_stagnation_without_the_letter_or_dated_after_the_request_is_flagged() -> None:
    later = {"judgement_number": "S-12/KPU.01/2026", "judgement_date": date(2026, 11, 26)}

    assert aids(R.STAGNATION, line(1)) == [("STAGNATION", False, None)]
    assert "cites no letter" in messages(R.STAGNATION, line(1))[0]
    assert aids(R.STAGNATION, line(1), **later) == [("STAGNATION", False, None)]


def test_r5_other_reasons_get_the_voyage_aid_only() -> None:
    found = research_aids(header(reason=R.SPECIAL_FACILITY), [line(1)], VOYAGE)

    assert [a.code for a in found] == ["VOYAGE"]


def voyage_aid(**h: Any) -> ResearchAid:
    return research_aids(header(reason=R.SPECIAL_FACILITY, **h), [line(1)], VOYAGE)[-1]


def test_r5_vessel_voyage_and_arrival_as_in_the_bc11_pass() -> None:
    aid = voyage_aid(
        vessel_name="mv  sample star",
        call_sign="9VAB7",
        voyage="025S",
        arrival_date=VOYAGE.arrival_date,
    )

    assert aid.passed
    assert aid.message == "vessel, call sign, voyage, arrival date as in the BC 1.1"


def test_r5_another_voyage_or_arrival_date_is_flagged_with_both_values() -> None:
    aid = voyage_aid(vessel_name="MV SAMPLE STAR", voyage="026N", arrival_date=date(2026, 11, 1))

    assert not aid.passed
    assert aid.message == (
        "voyage 026N but the BC 1.1 says 025S; "
        "arrival date 2026-11-01 but the BC 1.1 says 2026-11-19"
    )


def test_r5_nothing_stated_has_nothing_to_contradict() -> None:
    aid = voyage_aid()

    assert aid.passed and aid.message.startswith("nothing to compare")


def test_r5_only_the_researching_officers_see_the_aids() -> None:
    assert all(shows_research(a) for a in (MANIFEST, P2, KASUBSI, P2_SECTION, ADMIN))
    assert not any(shows_research(a) for a in (TPKA, DEST_SUP))


def test_r5_an_accepted_request_stores_its_aids_and_a_refused_one_none() -> None:
    world = World()
    world.stores.voyages[(header().office_code, header().bc11_number, header().bc11_date)] = VOYAGE

    accepted = world.submit(vessel_name="MV SAMPLE STAR", voyage="999X").request
    refused = world.submit(numbers=("MSKU1001374",)).request

    assert [(a.code, a.passed) for a in accepted.research_aids or ()] == [
        ("NO_LCL_SPACE", False),
        ("NO_LCL_SPACE", False),
        ("VOYAGE", False),
    ]
    assert world.stored(accepted.id).research_aids == accepted.research_aids
    assert refused.research_aids is None


def test_r5_the_rules_auto_officer_rejects_quoting_the_aid_that_did_not_pass() -> None:
    rules = SimulationPolicy(decisions=AutoMode.RULES)
    request = in_review(R.SPECIAL_FACILITY)
    request.research_aids = (
        ResearchAid("VOYAGE", True, "vessel as in the BC 1.1"),
        ResearchAid("NO_LCL_SPACE", False, "MSKU1001373: FCL", 1),
    )

    assert decision_verdict(rules, request) == (
        False,
        "simulated rule: R5 NO_LCL_SPACE: MSKU1001373: FCL",
    )
    request.research_aids = request.research_aids[:1]
    assert decision_verdict(rules, request) == (True, "simulated rule: no rule against it")
    approve = replace(rules, decisions=AutoMode.APPROVE)
    request.research_aids = (ResearchAid("VOYAGE", False, "voyage differs"),)
    assert decision_verdict(approve, request)[0] is True


def test_header_takes_the_bc11_carriage_the_filing_left_empty_and_keeps_what_was_sent() -> None:
    empty = header(vessel_name=None, call_sign="", voyage=None, arrival_date=None)
    assert with_manifest_voyage(empty, VOYAGE) == replace(
        empty,
        vessel_name="MV SAMPLE STAR",
        call_sign="9VAB7",
        voyage="025S",
        arrival_date=date(2026, 11, 19),
    )
    sent = header(vessel_name="MV OTHER", call_sign=None, voyage="026S", arrival_date=None)
    filled = with_manifest_voyage(sent, VOYAGE)
    assert (filled.vessel_name, filled.call_sign, filled.voyage) == ("MV OTHER", "9VAB7", "026S")
    assert with_manifest_voyage(sent, None) is sent
    blank = with_manifest_voyage(empty, ManifestVoyage())  # the BC 1.1 records no carriage
    assert (blank.vessel_name, blank.call_sign, blank.voyage) == (None, None, None)
