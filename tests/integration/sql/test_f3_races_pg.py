"""F3 races on PostgreSQL: two paper PLPs approved under the same number, entered at the same
moment, and a paper PLP entered while an online approval takes the next number. One number
is never given twice: exactly one keeps it, the other gets a clear 409 naming F3."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.integration.rest.test_f3_paper_numbers import approved_online, end_outage, enter
from tests.integration.rest.test_manual_procedure import go_manual, paper, set_clock
from tests.integration.sql.test_races_pg import race
from tests.support import Api, containers, make_api

pytestmark = pytest.mark.postgres
ROUNDS = 6
GOODS = [f"RCEU{n:06d}" for n in range(2 * ROUNDS)]  # any numbers: paper goods are not checked


@pytest.fixture
def api(pg_url: str) -> Iterator[Api]:
    with make_api(pg_url) as client:
        yield Api(client)


def recorded(api: Api, letter: str, number: str, container: str) -> dict[str, Any]:
    body = paper(letter, approved=True, letter_number=number)
    body["containers"] = containers(container)
    r = api.post("/api/v1/manual-plps", "kasubsi", body)
    assert r.status_code == 201, r.text
    return dict(r.json())


def test_f3_two_paper_plps_with_one_number_entered_at_once_one_keeps_it(api: Api) -> None:
    outage_id = go_manual(api)
    set_clock(api, "2026-11-30T16:00:00+07:00")
    pairs = [
        [
            recorded(api, f"M-{i}{s}", f"{700000 + i:06d}", GOODS[2 * i + k])
            for k, s in enumerate("ab")
        ]
        for i in range(ROUNDS)
    ]
    rec_id = end_outage(api, outage_id)

    for first, second in pairs:  # one pair, one number
        answers = race(
            lambda m=first: enter(api, rec_id, m), lambda m=second: enter(api, rec_id, m)
        )

        codes = sorted(a.status_code for a in answers)
        assert codes == [200, 409], [a.text for a in answers]
        refused = next(a for a in answers if a.status_code == 409).json()
        assert refused["rule"] == "F3" and "paper PLP" in refused["detail"]
    report = api.get(f"/api/v1/reconciliations/{rec_id}", "manifest").json()
    kept = [i["plp_number"] for i in report["items"] if i["plp_number"]]
    assert sorted(kept) == [f"{700000 + i:06d}" for i in range(ROUNDS)]


def test_f3_a_paper_entry_racing_an_online_approval_never_shares_its_number(api: Api) -> None:
    set_clock(api, "2026-11-26T10:00:00+07:00")
    last = int(approved_online(api, "CSQU1001743")["decision"]["plp_number"])
    waiting = []
    for container in ("TGHU1002113", "HLXU1002859", "TSTU1001000"):
        submitted = api.submit(containers=containers(container))
        assert submitted.status_code == 201, submitted.text
        rid = submitted.json()["id"]
        assert (
            api.step(rid, "recommendations/manifest", "manifest", approve=True).status_code == 200
        )
        waiting.append(rid)
    outage_id = go_manual(api)
    set_clock(api, "2026-11-30T16:00:00+07:00")
    papers = [recorded(api, f"M-{n}", f"{last + n:06d}", GOODS[n]) for n in (1, 2, 3)]
    rec_id = end_outage(api, outage_id)

    numbers: list[str] = []
    for manual, rid in zip(papers, waiting, strict=True):
        entry, decision = race(
            lambda m=manual: enter(api, rec_id, m),
            lambda r=rid: api.step(r, "decision", "kasubsi", approve=True),
        )
        assert decision.status_code == 200, decision.text
        numbers.append(decision.json()["decision"]["plp_number"])
        if entry.status_code == 200:
            numbers.append(entry.json()["plp_number"])
        else:
            assert entry.status_code == 409 and entry.json()["rule"] == "F3", entry.text
    assert len(numbers) == len(set(numbers))  # no number given twice
