"""Eligibility of the request as a whole (E1, E2 manifest, E4, A1/A2): every failure a finding."""

from __future__ import annotations

import pytest

from app.domain.reasons import PlpReason
from tests.unit.builders import (
    BC11_NUMBER,
    C2,
    C3,
    DESTINATION,
    OTHER_OFFICE,
    check,
    container,
    facts,
    header,
    rules,
)

R = PlpReason
ORIGIN_REASONS = [
    R.YOR_SOR,
    R.NO_LCL_SPACE,
    R.SPECIAL_FACILITY,
    R.EXCISE_RIBBON,
    R.MASTER_CONSOLIDATION,
    R.STAGNATION,
]
DESTINATION_REASONS = [R.FF_MASTER_AWB, R.RUSH_HANDLING, R.POSTAL]
CFSB_TO_TPKA = {
    "origin_tps": "CFSB",
    "origin_gudang": "CFB1",
    "destination_tps": "TPKA",
    "destination_gudang": "TPKA",
}


# --- E1 --------------------------------------------------------------------------------------


def test_e1_two_tps_under_the_office_of_the_request_pass() -> None:
    assert check() == []


def test_e1_same_origin_and_destination_tps_is_refused() -> None:
    h = header(destination_tps="TPKA", destination_gudang="TPKA")

    findings = check(h=h, known=facts(destination="TPKA"))

    assert rules(findings) == [("E1", None)]
    assert "same" in findings[0].detail


def test_e1_tps_under_different_offices_are_refused() -> None:
    h = header(destination_tps="JGE1", destination_gudang="JGE1")

    findings = check(h=h, known=facts(destination="JGE1"))

    assert rules(findings) == [("E1", None)]
    assert OTHER_OFFICE in findings[0].detail


def test_e1_request_to_an_office_not_supervising_the_origin_is_refused() -> None:
    findings = check(h=header(office_code=OTHER_OFFICE))

    assert rules(findings) == [("E1", None)]
    assert f"not supervised by office {OTHER_OFFICE}" in findings[0].detail


# --- E2 ---------------------------------------------------------------------------------


def test_e2_unknown_bc11_is_one_finding_for_the_whole_request() -> None:
    findings = check(known=facts(manifest_found=False))

    assert rules(findings) == [("E2", None)]
    assert BC11_NUMBER in findings[0].detail


# --- E4 --------------------------------------------------------------------------------------


def test_e4_yor_below_the_threshold_is_refused() -> None:
    findings = check(h=header(reason=R.YOR_SOR, yor_origin=64.9))

    assert rules(findings) == [("E4", None)]
    assert "YOR 64.9% (threshold 65%)" in findings[0].detail


def test_e4_yor_sor_without_a_stated_occupancy_is_refused() -> None:
    findings = check(h=header(reason=R.YOR_SOR))

    assert rules(findings) == [("E4", None)]
    assert "needs the origin TPS's YOR or SOR" in findings[0].detail


@pytest.mark.parametrize("yor", [65.0, 90.0])
def test_e4_yor_at_or_above_the_threshold_passes(yor: float) -> None:
    assert check(h=header(reason=R.YOR_SOR, yor_origin=yor)) == []


def test_e4_sor_at_the_threshold_passes_even_with_a_low_yor() -> None:
    h = header(reason=R.YOR_SOR, yor_origin=40.0, sor_origin=70.0, **CFSB_TO_TPKA)

    assert check(h=h, known=facts(origin="CFSB", destination="TPKA")) == []


def test_e4_sor_below_the_threshold_is_refused() -> None:
    h = header(reason=R.YOR_SOR, sor_origin=69.5, **CFSB_TO_TPKA)

    findings = check(h=h, known=facts(origin="CFSB", destination="TPKA"))

    assert rules(findings) == [("E4", None)]


def test_e4_occupancy_without_a_threshold_at_the_origin_is_refused() -> None:
    findings = check(h=header(reason=R.YOR_SOR, sor_origin=99.0))  # TPKA sets no SOR threshold

    assert rules(findings) == [("E4", None)]


# --- A1 / A2 ---------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ORIGIN_REASONS)
def test_a1_origin_may_file_the_six_origin_reasons(reason: PlpReason) -> None:
    assert check(h=header(reason=reason, yor_origin=70.0)) == []


@pytest.mark.parametrize("reason", DESTINATION_REASONS)
def test_a1_origin_filing_a_destination_reason_is_refused(reason: PlpReason) -> None:
    findings = check(h=header(reason=reason))

    assert rules(findings) == [("A1", None)]


@pytest.mark.parametrize("reason", DESTINATION_REASONS)
def test_a2_destination_may_file_the_three_destination_reasons(reason: PlpReason) -> None:
    assert check(h=header(reason=reason), side=DESTINATION) == []


@pytest.mark.parametrize("reason", ORIGIN_REASONS)
def test_a2_destination_filing_an_origin_reason_is_refused(reason: PlpReason) -> None:
    findings = check(h=header(reason=reason, yor_origin=70.0), side=DESTINATION)

    assert rules(findings) == [("A2", None)]


# --- together --------------------------------------------------------------------------------


def test_eligibility_reports_every_failed_rule_of_every_line_at_once() -> None:
    goods = (container("MSKU1001374"), container(C2), container(C3), container(C3))
    known = facts(declared=frozenset({f"C:{C2}"}))

    findings = check(*goods, h=header(reason=R.POSTAL), known=known)

    assert rules(findings) == [("A1", None), ("E6", 1), ("E3", 2), ("E5", 3), ("E5", 4)]
