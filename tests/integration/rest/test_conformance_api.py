"""The conformance pack over REST (issue 17): a run, its scenarios' windows, the evidence the
tap keeps, grading, the report, and every misuse answered with a problem."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.support import Api, make_api, wait_until

RUNS = "/api/v1/conformance/runs"


def open_run(api: Api, as_: str = "tpka", protocol: str = "rest", **extra: Any) -> Any:
    r = api.post(RUNS, as_, {"protocol": protocol, **extra})
    assert r.status_code == 201, r.text
    return r.json()


def start(api: Api, run: str, scenario: str, as_: str = "tpka") -> Any:
    return api.post(f"{RUNS}/{run}/scenarios/{scenario}/start", as_)


def finish(api: Api, run: str, scenario: str, as_: str = "tpka") -> Any:
    return api.post(f"{RUNS}/{run}/scenarios/{scenario}/finish", as_)


def start_data(api: Api, run: str) -> dict[str, str]:
    """The goods of the scenario running now, as the run's answer lists them."""
    answer = api.get(f"{RUNS}/{run}", "tpka").json()
    return dict(next(s for s in answer["scenarios"] if s["outcome"] == "running")["data"])


def submission_of(data: dict[str, str]) -> dict[str, Any]:
    numbers, sizes = data["containers"].split(","), data["container_sizes"].split(",")
    return {
        "office_code": data["office"],
        "ref_number": f"{data['origin_tps']}{data['bc11_number']}CONF1",
        "letter_number": f"001/PLP/{data['origin_tps']}",
        "letter_date": data["bc11_date"],
        "origin_tps": data["origin_tps"],
        "origin_gudang": data["origin_gudang"],
        "destination_tps": data["destination_tps"],
        "destination_gudang": data["destination_gudang"],
        "reason": "YOR_SOR",
        "yor_origin": float(data["yor_origin"]),
        "vessel_name": data["vessel"],
        "call_sign": data["call_sign"],
        "voyage": data["voyage"],
        "arrival_date": data["arrival_date"],
        "bc11_number": data["bc11_number"],
        "bc11_date": data["bc11_date"],
        "applicant_name": "UJI",
        "containers": [{"number": n, "size": s} for n, s in zip(numbers, sizes, strict=True)],
    }


def test_a_run_lists_its_scenarios_with_their_goods_and_texts(api: Api) -> None:
    run = open_run(api)
    english = api.auth("tpka") | {"Accept-Language": "en"}
    again = api.client.get(f"{RUNS}/{run['id']}", headers=english)

    assert run["account"] == "tpka" and run["tps"] == "TPKA" and run["protocol"] == "rest"
    assert run["status"] == "open" and run["quirks"] is False
    first = run["scenarios"][0]
    assert first["id"] == "PLP-01" and first["outcome"] == "not_attempted"
    assert set(first) >= {"id", "title", "simulator", "client", "rule", "outcome", "data"}
    assert first["data"]["origin_tps"] == "TPKA" and first["data"]["containers"]
    assert first["title"] != "conformance.plp01.title"  # a text from the catalogue
    assert again.status_code == 200 and again.json()["id"] == run["id"]
    assert again.json()["scenarios"][0]["title"] != first["title"]  # English, then Indonesian
    assert not any(s["id"] == "PLP-17" for s in run["scenarios"])  # quirks only


def test_r1_a_submission_in_the_window_is_evidence_and_is_graded(api: Api) -> None:
    run = open_run(api)
    started = start(api, run["id"], "PLP-01")
    data = started.json()["data"]

    submitted = api.post("/api/v1/plp-requests", "tpka", submission_of(data))
    graded = finish(api, run["id"], "PLP-01")
    report = api.get(f"{RUNS}/{run['id']}/report.json", "tpka").json()

    assert started.status_code == 200 and started.json()["outcome"] == "running"
    assert submitted.status_code == 201, submitted.text
    body = graded.json()
    assert graded.status_code == 200 and body["messages"] >= 1
    assert body["outcome"] == "passed", body["checks"]
    assert all(
        {"key", "text", "passed", "expected", "observed", "rule", "evidence"} <= set(c)
        for c in body["checks"]
    )
    scenario = next(s for s in report["scenarios"] if s["id"] == "PLP-01")
    submit = next(m for m in scenario["messages"] if m["action"] == "submit")
    assert submit["ref_number"] == submission_of(data)["ref_number"]
    assert submit["details"]["outcome"] == "accepted"


def test_a_runs_times_are_in_the_offices_zone_in_its_answers_and_reports(api: Api) -> None:
    """As every REST time (issue 16): the evidence is stored in UTC, the answers and the
    reports give it at +07:00, beside the vendor's own WIB logs."""
    run = open_run(api)
    start(api, run["id"], "PLP-01")
    api.post("/api/v1/plp-requests", "tpka", submission_of(start_data(api, run["id"])))
    graded = finish(api, run["id"], "PLP-01").json()
    report = api.get(f"{RUNS}/{run['id']}/report.json", "tpka").json()
    page = api.get(f"{RUNS}/{run['id']}/report.html", "tpka").text

    scenario = next(s for s in report["scenarios"] if s["id"] == "PLP-01")
    times = [run["opened_at"], graded["started_at"], graded["finished_at"]]
    times += [report["run"]["opened_at"], scenario["started_at"], scenario["finished_at"]]
    times += [m["at"] for m in scenario["messages"]]
    assert times and all(t.endswith("+07:00") for t in times), times
    # the page shows the same moments (evidence details keep the stored machine values)
    assert report["run"]["opened_at"] in page and scenario["messages"][0]["at"] in page


def test_one_scenario_at_a_time_and_finishing_the_run_leaves_the_rest_not_attempted(
    api: Api,
) -> None:
    run = open_run(api)
    assert start(api, run["id"], "PLP-01").status_code == 200

    second = start(api, run["id"], "PLP-02")
    not_running = finish(api, run["id"], "PLP-03")
    done = api.post(f"{RUNS}/{run['id']}/finish", "tpka").json()

    assert second.status_code == 409 and "PLP-01" in second.json()["detail"]
    assert not_running.status_code == 409
    outcomes = {s["id"]: s["outcome"] for s in done["scenarios"]}
    assert done["status"] == "finished" and outcomes["PLP-01"] == "failed"  # nothing sent
    assert outcomes["PLP-02"] == "not_attempted"
    assert start(api, run["id"], "PLP-02").status_code == 409  # the run is over


def test_unknown_runs_scenarios_and_other_accounts_runs_are_not_found(api: Api) -> None:
    run = open_run(api)

    unknown = api.get(f"{RUNS}/nope", "tpka")
    scenario = start(api, run["id"], "PLP-99")
    other = api.get(f"{RUNS}/{run['id']}", "cfsb")
    admin = api.get(f"{RUNS}/{run['id']}", "admin")
    for_other = api.post(RUNS, "tpka", {"protocol": "rest", "account": "cfsb"})
    officer = api.post(RUNS, "kasubsi", {"protocol": "rest"})

    assert unknown.status_code == 404 and unknown.headers["content-type"].startswith(
        "application/problem+json"
    )
    assert scenario.status_code == 404 and "PLP-99" in scenario.json()["detail"]
    assert other.status_code == 404 and admin.status_code == 200
    assert for_other.status_code == 403 and officer.status_code == 403


def test_an_admin_opens_a_run_for_a_tps_account(api: Api) -> None:
    run = open_run(api, "admin", "soap11", account="cfsb", quirks=True)
    missing = api.post(RUNS, "admin", {"protocol": "h2h"})

    assert run["account"] == "cfsb" and run["tps"] == "CFSB" and run["quirks"] is True
    assert any(s["id"] == "PLP-17" for s in run["scenarios"])
    assert missing.status_code in (400, 422)


def test_production_mode_answers_that_runs_need_demo_or_test_mode(sqlite_url: str) -> None:
    settings = Settings(
        mode="production", database_url=sqlite_url, jwt_secret="s" * 40, run_scheduler=False
    )
    with TestClient(create_app(settings)) as client:
        anonymous = client.post(RUNS, json={"protocol": "rest"})
        signed_in = Api(client).post(RUNS, "tpka", {"protocol": "rest"})

    for r in (anonymous, signed_in):
        assert r.status_code == 404
        assert "demo and test mode" in r.json()["detail"]


def test_m2_the_simulated_officers_approve_and_release_with_the_scenarios_seals(
    api: Api,
) -> None:
    run = open_run(api)
    data = start(api, run["id"], "PLP-11").json()["data"]

    submitted = api.post("/api/v1/plp-requests", "tpka", submission_of(data))
    request = api.get(f"/api/v1/plp-requests/{submitted.json()['id']}", "tpka").json()
    report = api.get(f"{RUNS}/{run['id']}/report.json", "tpka").json()

    assert submitted.status_code == 201, submitted.text
    assert request["status"] == "RELEASED", request
    moves = [
        m
        for s in report["scenarios"]
        for m in s["messages"]
        if s["id"] == "PLP-11" and m["direction"] == "simulator"
    ]
    assert [m["operation"] for m in moves] == ["approve", "release"], moves
    assert all(m["details"]["result"] in ("approved", "released") for m in moves)
    assert data["seals"].split(",")[0] in str(request)


def test_r3_one_line_is_rejected_by_the_simulated_kasubsi(api: Api) -> None:
    run = open_run(api)
    data = start(api, run["id"], "PLP-03").json()["data"]

    submitted = api.post("/api/v1/plp-requests", "tpka", submission_of(data))
    request = api.get(f"/api/v1/plp-requests/{submitted.json()['id']}", "tpka").json()

    lines = {ln["container_number"]: ln for ln in request["lines"]}
    rejected = data["rejected_containers"]
    assert request["status"] == "RELEASED", request
    assert lines[rejected]["approved"] is False
    assert all(ln["approved"] for n, ln in lines.items() if n != rejected)


def test_the_report_is_json_junit_xml_and_one_html_page(api: Api) -> None:
    from xml.etree import ElementTree

    run = open_run(api)
    start(api, run["id"], "PLP-01")
    finish(api, run["id"], "PLP-01")
    api.post(f"{RUNS}/{run['id']}/finish", "tpka")
    base = f"{RUNS}/{run['id']}/report"

    as_json = api.get(f"{base}.json", "tpka")
    as_xml = api.get(f"{base}.xml", "tpka")
    as_html = api.get(f"{base}.html?download=true", "tpka")
    other = api.get(f"{base}.html", "cfsb")

    assert as_json.status_code == 200 and as_json.json()["run"]["id"] == run["id"]
    assert as_json.json()["summary"]["failed"] == 1
    suite = ElementTree.fromstring(as_xml.content)  # noqa: S314 (our own output)
    assert as_xml.headers["content-type"].startswith("application/xml")
    assert len(suite.findall(".//testcase")) == len(run["scenarios"])
    assert as_html.headers["content-type"].startswith("text/html")
    assert as_html.headers["content-disposition"].startswith("attachment")
    assert "<script" not in as_html.text and "PLP-01" in as_html.text
    assert other.status_code == 404


def test_a_run_started_on_one_instance_observes_messages_sent_to_another(db_url: str) -> None:
    """Two instances on one database (SQLite, PostgreSQL); the run outlives the first."""
    with make_api(db_url) as one_client, make_api(db_url) as two_client:
        one, two = Api(one_client), Api(two_client)
        run = open_run(one)
        data = start(one, run["id"], "PLP-01").json()["data"]

        def observed_on_two() -> int:
            two.client.get("/api/v1/plp-requests", headers=two.auth("tpka"))
            return int(two.get(f"{RUNS}/{run['id']}", "tpka").json()["scenarios"][0]["messages"])

        seen = wait_until(observed_on_two, "the second instance observes the running scenario")
        submitted = two.post("/api/v1/plp-requests", "tpka", submission_of(data))
    with make_api(db_url) as restarted:
        graded = finish(Api(restarted), run["id"], "PLP-01")

    assert seen, "the second instance never observed the running scenario"
    assert submitted.status_code == 201, submitted.text
    assert graded.status_code == 200 and graded.json()["outcome"] == "passed", graded.json()


def test_plp13_over_rest_the_decision_is_pushed_twice_with_one_event_id(
    api: Api, sqlite_url: str
) -> None:
    from sqlalchemy import create_engine, text

    api.subscribe("decision", "tpka")
    run = open_run(api)
    data = start(api, run["id"], "PLP-13").json()["data"]

    submitted = api.post("/api/v1/plp-requests", "tpka", submission_of(data))

    engine = create_engine(sqlite_url)
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT event_id FROM push_delivery WHERE request_id = :r"),
            {"r": submitted.json()["id"]},
        ).all()
    engine.dispose()
    assert submitted.status_code == 201
    assert len(rows) == 2 and rows[0].event_id == rows[1].event_id
    report = api.get(f"{RUNS}/{run['id']}/report.json", "tpka").json()
    moves = [
        m["operation"]
        for s in report["scenarios"]
        if s["id"] == "PLP-13"
        for m in s["messages"]
        if m["direction"] == "simulator"
    ]
    assert "redeliver" in moves


def test_f1_f2_the_outage_turns_manual_at_once_and_ends_with_the_scenario(api: Api) -> None:
    run = open_run(api)
    data = start(api, run["id"], "PLP-15").json()["data"]

    during = api.post("/api/v1/plp-requests", "tpka", submission_of(data))
    graded = finish(api, run["id"], "PLP-15").json()
    after = api.post(
        "/api/v1/plp-requests", "tpka", submission_of(data) | {"ref_number": "TPKAAFTER15"}
    )

    assert during.status_code == 503 and during.json()["rule"] == "F2"
    assert graded["outcome"] == "passed", graded["checks"]
    assert after.status_code == 201, after.text  # online again: no stale mode in the cache
    report = api.get(f"{RUNS}/{run['id']}/report.json", "tpka").json()
    kept = next(s for s in report["scenarios"] if s["id"] == "PLP-15")["messages"]
    submit = next(m for m in kept if m["action"] == "submit")
    assert submit["details"]["manual"] == "1" and submit["details"]["outcome"] == "refused"
