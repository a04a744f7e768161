"""Issue 17: the pack's scenarios and the goods each gives the client."""

from __future__ import annotations

from datetime import date

import pytest
from stdnum import iso6346

from app.adapters import i18n
from app.domain.conformance.catalogue import SCENARIOS, listed, scenario
from app.domain.conformance.data import scenario_data
from app.domain.conformance.grading import GRADERS
from app.domain.conformance.model import Protocol


def test_at_least_sixteen_numbered_scenarios_each_graded() -> None:
    ids = [s.id for s in SCENARIOS]
    assert ids == [f"PLP-{n:02d}" for n in range(1, 18)]
    assert set(GRADERS) == set(ids)


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_scenario_has_its_texts_and_they_fill_from_its_data(language: str) -> None:
    tr = i18n.translator(language)
    for spec in SCENARIOS:
        data = scenario_data("run-1", spec, "TPKA", "TPK1", "CFSB", "CFB1").as_dict()
        for part in ("title", "simulator", "client"):
            key = f"{spec.key}.{part}"
            assert tr.has(key), key
            assert "{" not in tr(key, **data)


def test_listed_leaves_out_what_a_protocol_cannot_carry_and_quirks_when_off() -> None:
    soap = [s.id for s in listed(Protocol.SOAP11, quirks=False)]
    assert "PLP-14" not in soap  # no out-of-hours notice over SOAP
    assert "PLP-17" not in soap
    assert "PLP-17" in [s.id for s in listed(Protocol.H2H, quirks=True)]
    assert "PLP-17" not in [s.id for s in listed(Protocol.REST, quirks=True)]
    assert len(listed(Protocol.REST, quirks=False)) == 16


def test_scenario_by_id_and_unknown_ids() -> None:
    assert scenario("PLP-06").params == {}
    with pytest.raises(KeyError):
        scenario("PLP-99")


def test_e6_goods_have_valid_unique_container_numbers_per_run_and_are_deterministic() -> None:
    numbers: list[str] = []
    for spec in SCENARIOS:
        data = scenario_data("run-1", spec, "TPKA", "TPK1", "CFSB", "CFB1")
        assert data == scenario_data("run-1", spec, "TPKA", "TPK1", "CFSB", "CFB1")
        numbers += data.numbers
        assert all(iso6346.is_valid(n) for n in data.numbers)
        assert len(set(data.seals)) == len(data.seals)
    assert len(set(numbers)) == len(numbers)
    other = scenario_data("run-2", scenario("PLP-01"), "TPKA", "TPK1", "CFSB", "CFB1")
    assert not set(other.numbers) & set(numbers)


def test_plp12_goods_come_from_the_partner_to_the_clients_tps() -> None:
    data = scenario_data(
        "r", scenario("PLP-12"), "TPKA", "TPK1", "CFSB", "CFB1", on=date(2026, 3, 10)
    )
    assert (data.origin_tps, data.destination_tps, data.destination_gudang) == (
        "CFSB",
        "TPKA",
        "TPK1",
    )
    assert data.partner_ref.startswith("CFSB260310")
    assert data.bc11_date == date(2026, 3, 7)


def test_the_flat_view_lists_lines_in_order_with_the_params() -> None:
    data = scenario_data("r", scenario("PLP-03"), "TPKA", "TPK1", "CFSB", "CFB1", office="040300")
    flat = data.as_dict()
    assert flat["containers"].split(",") == list(data.numbers)
    assert flat["seals"].split(",") == list(data.seals)
    assert flat["rejected_containers"] == data.numbers[1]
    assert flat["office"] == "040300"
    assert (
        scenario_data("r", scenario("PLP-02"), "A", "B", "C", "D").as_dict()["min_poll_gap_seconds"]
        == "5"
    )
