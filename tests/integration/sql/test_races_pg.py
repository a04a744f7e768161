"""Races on PostgreSQL, each run many times, over REST and SOAP: of two commands on one request
exactly one wins where only one can, the other gets a clear 409 / GAGAL, and the stored request
and its audit trail never show a half-done state; where both may succeed, neither is lost."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest

from bench.harness import container_numbers, seed_bench_manifest
from tests.integration.soap.soap_support import (
    batalplp,
    coco,
    coco_block,
    post,
    result_of,
    wib_stamp,
)
from tests.reporting import report
from tests.support import WIB, Api, make_api, now, plp_body

pytestmark = pytest.mark.postgres
ROUNDS = 12
PLP = "/api/v1/plp-requests"


@pytest.fixture
def api(pg_url: str) -> Iterator[Api]:
    seed_bench_manifest(pg_url, container_numbers(200, "RCE"))
    with make_api(pg_url) as client:
        yield Api(client)


class Containers:
    """Fresh containers of the bench manifest (BC 1.1 009999), one request after another."""

    def __init__(self) -> None:
        self._free = iter(container_numbers(200, "RCE"))

    def body(self, **overrides: Any) -> dict[str, Any]:
        number, size = next(self._free)
        goods = [{"number": number, "size": size}]
        return plp_body(bc11_number="009999", containers=goods, **overrides)


@pytest.fixture
def goods() -> Containers:
    return Containers()


def wib_stamp_iso() -> str:
    """M6: a gate-out time just after the release (the test time), not in the future."""
    return (now() + timedelta(seconds=2)).astimezone(WIB).isoformat()


def race(*calls: Callable[[], Any]) -> list[Any]:
    """Start the calls at the same moment; their answers in the order given."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> Any:
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def consistent(api: Api, rid: str) -> dict[str, Any]:
    """The stored request, after checking that its audit trail replays to its status."""
    stored = api.get(f"{PLP}/{rid}", "kasubsi").json()
    status = None
    for event in stored["audit"]:
        if event["from_status"] is not None:
            assert event["from_status"] == status, stored["audit"]
        status = event["to_status"] or status
    assert status == stored["status"]
    assert [e["action"] for e in stored["audit"]].count("submitted") == 1
    return stored


def actions(stored: dict[str, Any]) -> list[str]:
    return [e["action"] for e in stored["audit"]]


def reviewed(api: Api, goods: Containers, reason: str = "NO_LCL_SPACE") -> str:
    rid = str(api.submit(**goods.body(reason=reason)).json()["id"])
    api.step(rid, "recommendations/manifest", "manifest", approve=True)
    return rid


def released(api: Api, goods: Containers) -> tuple[str, dict[str, Any]]:
    rid = reviewed(api, goods)
    decided = api.step(rid, "decision", "kasubsi", approve=True).json()
    api.step(rid, "origin-check", "supervisor-asal", matched=True, escorted=True)
    return rid, decided


def test_r1_two_officers_recommending_at_once_both_count(
    api: Api, goods: Containers, capsys: pytest.CaptureFixture[str]
) -> None:
    for _ in range(ROUNDS):
        rid = str(api.submit(**goods.body(reason="STAGNATION")).json()["id"])

        answers = race(
            lambda rid=rid: api.step(rid, "recommendations/manifest", "manifest", approve=True),
            lambda rid=rid: api.step(rid, "recommendations/p2", "p2", approve=False, note="x"),
        )

        assert [a.status_code for a in answers] == [200, 200]
        stored = consistent(api, rid)
        assert set(stored["recommendations"]) == {"manifest", "p2"}
        assert sorted(actions(stored)[1:]) == ["manifest_recommended", "p2_recommended"]
    report(capsys, f"races: {ROUNDS} rounds of two officers recommending at once")


def test_r3_two_kasubsi_decisions_at_once_one_wins_one_409(api: Api, goods: Containers) -> None:
    for _ in range(ROUNDS):
        rid = reviewed(api, goods)

        answers = race(
            lambda rid=rid: api.step(rid, "decision", "kasubsi", approve=True),
            lambda rid=rid: api.step(rid, "decision", "kasubsi", approve=False, reason="no"),
        )

        assert sorted(a.status_code for a in answers) == [200, 409]
        stored = consistent(api, rid)
        assert actions(stored).count("decided") == 1
        winner = next(a for a in answers if a.status_code == 200).json()
        assert stored["status"] == winner["status"]
        assert stored["decision"] == winner["decision"]


def test_l1_a_cancellation_racing_a_rejection_one_wins(api: Api, goods: Containers) -> None:
    for _ in range(ROUNDS):
        rid = reviewed(api, goods)

        decision, cancel = race(
            lambda rid=rid: api.step(rid, "decision", "kasubsi", approve=False, reason="no"),
            lambda rid=rid: api.step(rid, "cancellation", "tpka", reason="not needed"),
        )

        assert sorted([decision.status_code, cancel.status_code]) == [200, 409]
        stored = consistent(api, rid)
        assert stored["status"] == ("REJECTED" if decision.status_code == 200 else "CANCELLED")
        assert actions(stored).count("decided") + actions(stored).count("cancelled") == 1


def test_l1_a_cancellation_racing_an_approval_is_serial(
    api: Api, goods: Containers, capsys: pytest.CaptureFixture[str]
) -> None:
    """L1: approve-then-cancel both succeed (the cancellation then waits for the Kasubsi);
    cancel-then-approve withdraws the request and the approval is refused; never a mix."""
    outcomes = set()
    for _ in range(ROUNDS):
        rid = reviewed(api, goods)

        decision, cancel = race(
            lambda rid=rid: api.step(rid, "decision", "kasubsi", approve=True),
            lambda rid=rid: api.step(rid, "cancellation", "tpka", reason="not needed"),
        )

        stored = consistent(api, rid)
        assert cancel.status_code == 200
        if decision.status_code == 200:  # the approval came first, then the cancellation
            assert actions(stored)[-2:] == ["decided", "cancellation_requested"]
            assert stored["status"] == "APPROVED"
            assert stored["cancellation"]["state"] == "PENDING"
        else:
            assert decision.status_code == 409 and "decided" not in actions(stored)
            assert stored["status"] == "CANCELLED"
        outcomes.add(decision.status_code)
    report(capsys, f"races: approval vs cancellation outcomes seen {sorted(outcomes)}")


def test_l1_m3_a_gate_out_racing_a_cancellation_always_moves(api: Api, goods: Containers) -> None:
    """L1: the cancellation of a released PLP waits for the Kasubsi, so the gate-out goes
    through either way; first, it makes the cancellation late (409 L1), second, it ends the
    waiting cancellation as refused."""
    for _ in range(ROUNDS):
        rid, _ = released(api, goods)

        gate_out, cancel = race(
            lambda rid=rid: api.step(rid, "gate-out", "tpka", at=wib_stamp_iso()),
            lambda rid=rid: api.step(rid, "cancellation", "tpka", reason="not needed"),
        )

        assert gate_out.status_code == 200, gate_out.text
        assert cancel.status_code in (200, 409), cancel.text
        stored = consistent(api, rid)
        assert stored["status"] == "GATED_OUT"
        if cancel.status_code == 409:
            assert cancel.json()["rule"] == "L1" and stored["cancellations"] == []
        else:
            assert stored["cancellation"]["state"] == "REFUSED"


def test_l1_m3_soap_gate_out_racing_a_soap_cancellation_moves(api: Api, goods: Containers) -> None:
    login = [("Username", "tpka"), ("Password", "tpka-demo")]
    for n in range(ROUNDS):
        rid, decided = released(api, goods)
        number = decided["lines"][0]["container_number"]
        size = decided["lines"][0]["size"]
        plp = (decided["decision"]["plp_number"], decided["decision"]["plp_date"].replace("-", ""))
        cancel = batalplp(f"TPKA-BTL-R{n}", *plp, [(number, size)])
        at = wib_stamp(timedelta(seconds=2))  # M6: after the release, not in the future
        moved = coco(coco_block(f"TPKA-CO-R{n}", "3", "TPKA", plp, at, [(number, size)]))

        answers = race(
            lambda m=moved: post(api.client, "CoarriCodeco_Container", [("fStream", m), *login]),
            lambda c=cancel: post(api.client, "UploadBatalPLP", [("fStream", c), *login]),
        )

        texts = [
            result_of(answers[0], "CoarriCodeco_Container"),
            result_of(answers[1], "UploadBatalPLP"),
        ]
        assert "gagal" not in texts[0].lower(), texts  # the move is never refused for L1
        stored = consistent(api, rid)
        assert stored["status"] == "GATED_OUT"
        if "gagal" in texts[1].lower():  # the gate-out came first: too late to cancel
            assert "L1" in texts[1] and stored["cancellations"] == []
        else:  # the cancellation came first: the gate-out ended it, refused
            assert stored["cancellation"]["state"] == "REFUSED"
