"""Conformance runs in the database (issue 17), on SQLite and PostgreSQL: they survive a
restart, two instances number one run's messages without a gap or a clash, and only one
scenario of a run runs at a time whichever instance starts it."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from app.adapters.sql.database import Database
from app.adapters.sql.repositories.conformance_repository import SqlConformanceRuns
from app.domain.conformance.model import (
    Action,
    Check,
    Direction,
    Observed,
    Outcome,
    Protocol,
)
from app.domain.conformance.run import ConformanceRun, ScenarioState

AT = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)


def _run(runs: SqlConformanceRuns, run_id: str = "run1") -> ConformanceRun:
    run = ConformanceRun(run_id, "tpka", "TPKA", Protocol.SOAP11, False, AT)
    states = [ScenarioState(run_id, s, {"containers": "X"}) for s in ("PLP-01", "PLP-02")]
    runs.add(run, states)
    return run


def _message(n: int) -> Observed:
    return Observed(
        seq=0,
        at=AT,
        direction=Direction.CLIENT,
        protocol=Protocol.SOAP11,
        operation="UploadMohonPLP",
        action=Action.SUBMIT,
        ref_number=f"REF{n}",
        containers=("MSKU1001373",),
        status=200,
        result="OK",
        details={"outcome": "accepted"},
    )


def test_a_run_and_its_evidence_survive_a_restart(db_url: str) -> None:
    first = Database(db_url)
    runs = SqlConformanceRuns(first)
    _run(runs)
    assert runs.claim("run1", "PLP-01")
    state = runs.scenario("run1", "PLP-01")
    assert state is not None
    check = Check("conformance.check.x", True, "a", "b", "R1", (1,))
    runs.save_scenario(state.started(AT).graded(Outcome.PASSED, (check,), AT))
    runs.record("run1", "PLP-01", _message(1))
    first.dispose()

    restarted = Database(db_url)  # a new process
    again = SqlConformanceRuns(restarted)
    run = again.get("run1")
    kept = again.scenario("run1", "PLP-01")
    messages = again.messages("run1", "PLP-01")

    assert run is not None and run.running == "PLP-01" and run.protocol is Protocol.SOAP11
    assert kept is not None and kept.outcome is Outcome.PASSED and kept.checks == (check,)
    assert [m.ref_number for m in messages] == ["REF1"] and messages[0].seq == 1
    assert messages[0].details == {"outcome": "accepted"}
    assert again.counts("run1") == {"PLP-01": 1}
    assert [a.scenario_id for a in again.active()] == ["PLP-01"] and again.any_open()
    restarted.dispose()


def test_two_instances_number_a_runs_messages_without_gaps(db_url: str) -> None:
    one, two = Database(db_url), Database(db_url)
    a, b = SqlConformanceRuns(one), SqlConformanceRuns(two)
    _run(a)

    with ThreadPoolExecutor(8) as pool:
        list(
            pool.map(lambda n: (a if n % 2 else b).record("run1", "PLP-01", _message(n)), range(40))
        )

    seqs = [m.seq for m in a.messages("run1")]
    assert seqs == list(range(1, 41))
    one.dispose()
    two.dispose()


def test_only_one_scenario_runs_at_a_time_whichever_instance_starts_it(db_url: str) -> None:
    one, two = Database(db_url), Database(db_url)
    a, b = SqlConformanceRuns(one), SqlConformanceRuns(two)
    _run(a)

    with ThreadPoolExecutor(2) as pool:
        won = list(pool.map(lambda p: p[0].claim("run1", p[1]), [(a, "PLP-01"), (b, "PLP-02")]))

    assert sorted(won) == [False, True]
    running = a.get("run1")
    assert running is not None and running.running in ("PLP-01", "PLP-02")
    b.release("run1", running.running or "")
    b.finish("run1", AT)
    assert not a.any_open() and a.active() == []
    assert not a.claim("run1", "PLP-01")  # a finished run starts nothing
    one.dispose()
    two.dispose()
