"""Issue 17: the run's JSON report, the stable dict a vendor's CI reads."""

from __future__ import annotations

import json
from dataclasses import replace

from app.adapters import i18n
from app.adapters.conformance_report import json_report
from app.domain.conformance.catalogue import scenario
from app.domain.conformance.model import Outcome
from tests.unit.adapters.conformance_report.reports import (
    HOSTILE,
    LONG_ID,
    FixtureTranslator,
    busy,
    failed,
    not_attempted,
    passed,
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
        {
            "name": "error_in_http_200",
            "text": "Penolakan dijawab dengan HTTP 200 dan kode galat di dalam amplop.",
        }
    ]
    assert out["quirks"] == scenario["quirks"]


def test_json_report_texts_follow_the_language_and_keys_do_not() -> None:
    english = json_report.render(run(), FixtureTranslator("en"))
    indonesian = json_report.render(run(), FixtureTranslator("id"))
    assert english["scenarios"][2]["outcome_text"] == "NOT ATTEMPTED"
    assert indonesian["scenarios"][2]["outcome_text"] == "TIDAK DICOBA"
    assert english["summary"] == indonesian["summary"]
    assert english["scenarios"][3]["checks"][0]["key"] == "conformance.check.same_ref"


def test_json_report_says_which_scenarios_the_run_leaves_out_and_why() -> None:
    out = json_report.render(run(passed(), quirks=False), FixtureTranslator("en"))
    missing = {m["id"]: m for m in out["not_listed"]}
    assert set(missing) == {"PLP-14", "PLP-17"}  # over SOAP 1.1, quirks off
    assert missing["PLP-14"]["protocols"] == ["rest"]
    assert missing["PLP-14"]["reason"].startswith("Cannot be tested over soap11; only over rest.")
    assert "out-of-hours notice (H1)" in missing["PLP-14"]["reason"]
    assert missing["PLP-17"]["quirks_only"] is True
    assert missing["PLP-17"]["reason"] == (
        "Listed only when the DJBC quirks switch is on. The quirks tested are those of DJBC's "
        "services (SOAP and H2H); the REST API is the simulator's own."
    )


def test_json_report_fills_the_scenario_texts_with_its_data_and_limits() -> None:
    tr = i18n.translator("en")  # the pack's own texts
    plp02 = replace(busy(), scenario=scenario("PLP-02"))
    plp08 = replace(not_attempted(), scenario=scenario("PLP-08"), data={})
    out = json_report.render(run(plp02, plp08), tr)
    client = out["scenarios"][0]["client"]
    assert "{" not in client
    assert "5" in client  # min_poll_gap_seconds
    # a datum the run did not give stays a visible placeholder instead of breaking the report
    assert "{refusal_rule}" in out["scenarios"][1]["simulator"]
