"""Issue 17: the run's JSON report, the stable dict a vendor's CI reads."""

from __future__ import annotations

import json

from app.adapters.conformance_report import json_report
from app.domain.conformance.model import Outcome
from tests.unit.adapters.conformance_report.reports import (
    HOSTILE,
    LONG_ID,
    FixtureTranslator,
    failed,
    run,
)


def test_json_report_gives_the_run_and_counts_per_outcome() -> None:
    out = json_report.render(run(), FixtureTranslator("id"))
    assert out["schema"] == json_report.SCHEMA
    assert out["language"] == "id"
    assert out["run"] == {
        "id": LONG_ID,
        "account": "tpka",
        "tps": "TPKA",
        "protocol": "soap11",
        "quirks": True,
        "opened_at": "2026-11-25T09:00:00+07:00",
        "finished_at": "2026-11-25T09:10:00+07:00",
    }
    assert out["summary"] == {
        "total": 4,
        "passed": 2,
        "failed": 1,
        "not_attempted": 1,
        "running": 0,
    }
    assert [s["id"] for s in out["scenarios"]] == ["PLP-01", "PLP-02", "PLP-04", "PLP-06"]
    assert json.loads(json.dumps(out)) == out  # JSON all the way down


def test_json_report_keeps_checks_and_evidence_in_order() -> None:
    out = json_report.render(run(failed()), FixtureTranslator("id"))
    scenario = out["scenarios"][0]
    assert scenario["outcome"] == Outcome.FAILED.value
    assert scenario["outcome_text"] == "TIDAK LULUS"
    assert scenario["title"] == "Jawaban hilang setelah disimpan"
    assert scenario["faults"] == ["drop_after_commit"]
    assert scenario["duration_seconds"] == 60.0
    assert [c["passed"] for c in scenario["checks"]] == [False, False, True]
    assert scenario["checks"][0] == {
        "key": "conformance.check.same_ref",
        "text": "Pengiriman ulang memakai REF_NUMBER yang sama",
        "passed": False,
        "expected": "REF_NUMBER == TPKA2611250001",
        "observed": "REF_NUMBER TPKA2611250002 at #2",
        "rule": "TPS Online idempotency",
        "evidence": [1, 2],
    }
    messages = scenario["messages"]
    assert [m["seq"] for m in messages] == [1, 2, 3, 4]
    dropped = messages[0]
    assert (dropped["status"], dropped["fault"]) == (None, "drop_after_commit")
    assert messages[1]["details"]["note"] == HOSTILE  # data, not markup: kept as it was
    assert messages[2]["direction"] == "simulator"
    assert scenario["quirks"] == [
        {"name": "h2h_error_http_200", "text": "Galat H2H dijawab HTTP 200 dengan kode di amplop"}
    ]
    assert out["quirks"] == scenario["quirks"]


def test_json_report_texts_follow_the_language_and_keys_do_not() -> None:
    english = json_report.render(run(), FixtureTranslator("en"))
    indonesian = json_report.render(run(), FixtureTranslator("id"))
    assert english["scenarios"][2]["outcome_text"] == "NOT ATTEMPTED"
    assert indonesian["scenarios"][2]["outcome_text"] == "TIDAK DICOBA"
    assert english["summary"] == indonesian["summary"]
    assert english["scenarios"][3]["checks"][0]["key"] == "conformance.check.same_ref"
