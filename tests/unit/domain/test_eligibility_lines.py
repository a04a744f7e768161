"""Eligibility of each line (E2, E3, E5, E6): a finding names the line that fails."""

from __future__ import annotations

import pytest

from app.domain.lines import ContainerSpec
from tests.unit.builders import C1, C2, C3, check, container, facts, package, rules


def test_e2_container_not_in_the_cited_bc11_is_refused() -> None:
    findings = check(container(C1), container("CSQU3054383"))

    assert rules(findings) == [("E2", 2)]
    assert "not in the cited BC 1.1" in findings[0].detail


def test_e2_container_size_other_than_the_bc11_size_is_refused() -> None:
    findings = check(container(C1, size="40"))

    assert rules(findings) == [("E2", 1)]
    assert "the BC 1.1 says 20" in findings[0].detail


@pytest.mark.parametrize(("count", "expected"), [(11, [("E2", 1)]), (10, []), (3, [])])
def test_e2_more_packages_than_the_bc11_lists_are_refused(
    count: int, expected: list[tuple[str, int]]
) -> None:
    findings = check(package("HBL-LCL-0001", count=count))

    assert rules(findings) == expected


def test_e2_released_goods_are_refused() -> None:
    findings = check(known=facts(released=frozenset({f"C:{C2}"})))

    assert rules(findings) == [("E2", 2)]
    assert findings[0].detail == f"{C2} is already released (an SPPB was granted)"


def test_e3_container_covered_by_a_declaration_is_refused() -> None:
    findings = check(known=facts(declared=frozenset({f"C:{C1}"})))

    assert rules(findings) == [("E3", 1)]
    assert findings[0].detail == f"{C1} is covered by an import declaration"


def test_e3_packages_covered_by_a_declaration_are_refused() -> None:
    declared = frozenset({"K:HBL-LCL-0002:2026-11-11"})

    findings = check(
        package("HBL-LCL-0001"), package("HBL-LCL-0002"), known=facts(declared=declared)
    )

    assert rules(findings) == [("E3", 2)]


# --- E5 --------------------------------------------------------------------------------------


def test_e5_container_listed_twice_in_one_request_is_refused_on_both_lines() -> None:
    findings = check(container(C1), container(C2), container(C1))

    assert rules(findings) == [("E5", 1), ("E5", 3)]


def test_e5_house_bl_listed_twice_in_one_request_is_refused() -> None:
    findings = check(package("HBL-LCL-0001", count=4), package("HBL-LCL-0001", count=6))

    assert rules(findings) == [("E5", 1), ("E5", 2)]


def test_e5_goods_active_in_another_request_are_refused() -> None:
    findings = check(known=facts(active_elsewhere=frozenset({f"C:{C2}"})))

    assert rules(findings) == [("E5", 2)]
    assert findings[0].detail == f"{C2} is already in another active PLP"


# --- E6 --------------------------------------------------------------------------------------


def test_e6_wrong_check_digit_is_refused() -> None:
    findings = check(container("MSKU1001374"))

    assert rules(findings) == [("E6", 1)]
    assert "check digit" in findings[0].detail


@pytest.mark.parametrize(
    "number", ["MSKU100137", "msku1001373", "MSKA1001373", "MSK11001373", "MSKU10013730"]
)
def test_e6_number_not_in_the_iso_6346_format_is_refused(number: str) -> None:
    findings = check(container(number, size="20"))

    assert rules(findings) == [("E6", 1)]
    assert "not an ISO 6346 container number" in findings[0].detail


@pytest.mark.parametrize("size", ["10", "30", ""])
def test_e6_size_outside_the_code_list_is_refused(size: str) -> None:
    findings = check(ContainerSpec(C1, size))

    assert rules(findings) == [("E6", 1)]


@pytest.mark.parametrize(("size", "iso_type"), [("20", "45G1"), ("40", "22G1"), ("20", "22X1")])
def test_e6_size_type_code_not_matching_the_container_is_refused(size: str, iso_type: str) -> None:
    findings = check(ContainerSpec(C3, size, iso_type))

    assert rules(findings) == [("E6", 1)]


@pytest.mark.parametrize(("number", "iso_type"), [(C1, "22G1"), (C2, "45G1"), (C2, "42R1")])
def test_e6_size_type_code_matching_the_container_passes(number: str, iso_type: str) -> None:
    assert check(container(number, iso_type=iso_type)) == []


def test_e6_unknown_package_type_is_refused() -> None:
    findings = check(package("HBL-LCL-0001", kind="XX"))

    assert rules(findings) == [("E6", 1)]
    assert "'XX'" in findings[0].detail


@pytest.mark.parametrize("count", [0, -1])
def test_e6_package_count_below_one_is_refused(count: int) -> None:
    findings = check(package("HBL-LCL-0001", count=count))

    assert rules(findings) == [("E6", 1)]


def test_e6_malformed_line_is_not_looked_up_further() -> None:
    findings = check(container("CSQU3054384"))  # bad check digit, and not in the BC 1.1

    assert rules(findings) == [("E6", 1)]
