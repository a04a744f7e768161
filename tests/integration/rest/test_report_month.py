"""L3: the monthly report of a generated month with known numbers (report_month.py tells the
story), every figure checked, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.chart import BarChart
from sqlalchemy import text

from tests.conftest import _pg_admin_engine, _pg_url_for, fresh_sqlite
from tests.integration.rest.report_month import build_month
from tests.support import Api, make_api

AUGUST = "/api/v1/reports/monthly/040300/2026-08"
# Working hours from request to decision, and each request's allowance (to its deadline):
# 26.25 from a Monday-Thursday start, 25.25 when a short Friday falls inside. The report's
# working days are 3 x the share of the allowance used.
HOURS = {"A": 8.75, "B": 3.5, "C": 35.0, "F": 3.25, "G": 16.5, "I": 6.25}
ALLOWANCE = {"A": 26.25, "B": 26.25, "C": 26.25, "F": 26.25, "G": 25.25, "I": 25.25}
DAYS = {k: 3 * HOURS[k] / ALLOWANCE[k] for k in HOURS}
# Working hours from request to the gate-in of the last line (SOP 1.a): A Mon 3 08:00 to Wed 5
# 15:00 (8.25 + 8.75 + 6.75), F Tue 11 09:00 to Thu 13 10:00 (7.25 + 8.75 + 2.5).
GATE_IN_HOURS = {"A": 23.75, "F": 18.5}
GATE_IN_DAYS = {k: 3 * GATE_IN_HOURS[k] / ALLOWANCE[k] for k in GATE_IN_HOURS}
# C's deadline (Thu 6 10:00) passed without a decision: decided Fri 7 10:00, 6.25 + 2.5 late.
OVERDUE_HOURS = {"C": 8.75}


def median(values: list[float]) -> float:
    s, n = sorted(values), len(values)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def p90(values: list[float]) -> float:  # nearest rank
    s = sorted(values)
    return s[-(-9 * len(s) // 10) - 1]


def times(*labels: str, breaches: int = 0) -> dict[str, Any]:
    hours, days = [HOURS[k] for k in labels], [DAYS[k] for k in labels]
    return {
        "decided": len(labels),
        "within_norm": len(labels) - breaches,
        "breaches": breaches,
        "median_working_hours": round(median(hours), 2) if hours else None,
        "p90_working_hours": round(p90(hours), 2) if hours else None,
        "median_working_days": round(median(days), 2) if days else None,
        "p90_working_days": round(p90(days), 2) if days else None,
    }


def gate_in_times(*labels: str) -> dict[str, Any]:
    hours, days = [GATE_IN_HOURS[k] for k in labels], [GATE_IN_DAYS[k] for k in labels]
    return {
        "gated_in": len(labels),
        "within_norm": len(labels),
        "after_deadline": 0,
        "median_working_hours": round(median(hours), 2) if hours else None,
        "p90_working_hours": round(p90(hours), 2) if hours else None,
        "median_working_days": round(median(days), 2) if days else None,
        "p90_working_days": round(p90(days), 2) if days else None,
    }


def deadline_breaches(*decided_late: str) -> dict[str, Any]:
    hours = [OVERDUE_HOURS[k] for k in decided_late]
    return {
        "breached": len(decided_late),
        "undecided": 0,
        "decided_late": len(decided_late),
        "max_overdue_working_hours": max(hours, default=None),
    }


NAMES = [
    *("requests", "rejected_on_arrival", "approvals", "rejections"),
    *("cancellations", "cancelled_requests", "origin_checks", "origin_mismatches"),
    *("destination_checks", "destination_mismatches", "gated_out", "movements_completed"),
]
# The figures above in their order, the requests decided in the month (their working time is
# in HOURS) and how many of those were decided after their deadline.
EXPECTED = {
    # office: requests A B C D E F H I J (G was filed in July, K at another office); refused
    # on arrival D E; approved G A C F; rejected B I; cancelled C J; origin checks A and F
    # twice (refused once); destination checks A and F (a discrepancy); A and F moved.
    ("office", "040300"): ((9, 2, 4, 2, 2, 2, 3, 1, 2, 1, 2, 2), "GACFBI", 1),
    ("tps", "KOJA"): ((2, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0), "CI", 1),
    ("tps", "TPKA"): ((7, 2, 3, 1, 1, 1, 3, 1, 2, 1, 2, 2), "GAFB", 0),
    ("reason", "NO_LCL_SPACE"): ((6, 2, 3, 1, 1, 1, 2, 1, 1, 1, 1, 1), "GCFB", 1),
    ("reason", "SPECIAL_FACILITY"): ((1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0), "", 0),
    ("reason", "YOR_SOR"): ((2, 0, 1, 1, 0, 0, 1, 0, 1, 0, 1, 1), "AI", 0),
}


# The requests gated in during the month (A, F) and those whose deadline passed without a
# decision (C), per group.
GATED_IN = {"040300": "AF", "TPKA": "AF", "NO_LCL_SPACE": "F", "YOR_SOR": "A"}
BREACHED = {"040300": "C", "KOJA": "C", "NO_LCL_SPACE": "C"}


def expected(section: str, key: str) -> dict[str, Any]:
    counts, decided, breaches = EXPECTED[(section, key)]
    figures: dict[str, Any] = dict(zip(NAMES, counts, strict=True))
    return figures | {
        "decision_time": times(*decided, breaches=breaches),
        "gate_in_time": gate_in_times(*GATED_IN.get(key, "")),
        "deadline_breaches": deadline_breaches(*BREACHED.get(key, "")),
    }


TOTALS = expected("office", "040300")
BY_TPS = {key: expected(s, key) for s, key in EXPECTED if s == "tps"}
BY_REASON = {key: expected(s, key) for s, key in EXPECTED if s == "reason"}
DECISION_DAYS = {  # day of August -> (approvals, rejections, rejected on arrival)
    3: (1, 0, 0),  # G
    4: (1, 0, 0),  # A
    5: (0, 0, 2),  # D E
    7: (1, 0, 0),  # C
    11: (1, 0, 0),  # F
    18: (0, 1, 0),  # B, after the holiday weekend
    19: (0, 1, 0),  # I
}


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def month_api(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Api]:
    """The demo database with the generated August, once per module and database."""
    if request.param == "sqlite":
        url = fresh_sqlite(request.getfixturevalue("sqlite_template"), tmp_path_factory.mktemp("m"))
        yield from _month_on(url)
        return
    admin, name = _pg_admin_engine(), f"plp_rpt_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        template = request.getfixturevalue("pg_template")
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    try:
        yield from _month_on(_pg_url_for(name))
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _month_on(url: str) -> Iterator[Api]:
    with make_api(url) as client:
        api = Api(client)
        build_month(api)
        yield api


def test_l3_every_figure_of_a_generated_month(month_api: Api) -> None:
    r = month_api.get(AUGUST, "kasubsi")

    assert r.status_code == 200, r.text
    report = r.json()
    assert report["complete"] is True
    assert report["period_start"] == "2026-08-01T00:00:00+07:00"
    assert report["period_end"] == "2026-09-01T00:00:00+07:00"
    assert report["totals"] == TOTALS
    assert report["by_tps"] == BY_TPS
    assert report["by_reason"] == BY_REASON
    assert report["rejections_by_rule"] == {"E2": 1, "E3": 2, "R3": 2}  # E: E3 and E2; D: E3
    expected_days = {d: DECISION_DAYS.get(d, (0, 0, 0)) for d in range(1, 32)}
    got_days = {
        int(d["day"][-2:]): (d["approvals"], d["rejections"], d["rejected_on_arrival"])
        for d in report["days"]
    }
    assert got_days == expected_days
    [breach] = report["breaches"]
    assert breach["ref_number"] == "KOJA-RPT-C" and breach["undecided"] is False
    assert breach["deadline_at"] == "2026-08-06T10:00:00+07:00"  # in the office's zone
    assert breach["decided_at"] == "2026-08-07T10:00:00+07:00"
    assert breach["overdue_working_hours"] == 8.75


def test_l3_r4_decision_over_a_holiday_weekend_counts_working_time_only(month_api: Api) -> None:
    # B: Friday 14 August 15:00 to Tuesday 18 August 09:00 is 2 h + 1 h 30 of working time:
    # Saturday, Sunday and Independence Day (Monday 17) do not count.
    assert HOURS["B"] == 2 + 1.5
    assert DAYS["B"] == pytest.approx(0.4)

    histogram = month_api.get(AUGUST, "kasubsi").json()["decision_time_histogram"]

    counts = {(b["lower"], b["upper"]): b["count"] for b in histogram}
    assert counts[(0.0, 0.5)] == 2  # F 0.37, B 0.40
    assert counts[(0.5, 1.0)] == 2  # I 0.74, A 1.00
    assert counts[(1.5, 2.0)] == 1  # G 1.96
    assert counts[(3.5, 4.0)] == 1  # C 4.00: a day past the norm
    assert sum(counts.values()) == 6
    assert [b["within_norm"] for b in histogram] == [
        b["upper"] is not None and b["upper"] <= 3 for b in histogram
    ]


def test_l3_csv_has_every_figure_of_the_json(month_api: Api) -> None:
    r = month_api.get(f"{AUGUST}?format=csv", "kasubsi")

    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert 'filename="plp-report-040300-2026-08.csv"' in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    got = {(x["section"], x["key"], x["figure"]): x["value"] for x in rows}
    assert got[("office", "040300", "requests")] == "9"
    assert got[("office", "040300", "median_working_days")] == str(
        TOTALS["decision_time"]["median_working_days"]
    )
    assert got[("tps", "KOJA", "breaches")] == "1"
    assert got[("reason", "SPECIAL_FACILITY", "median_working_hours")] == ""
    assert got[("rejections_by_rule", "E3", "requests")] == "2"
    assert got[("day", "2026-08-18", "rejections")] == "1"
    assert got[("office", "040300", "gate_in_median_working_hours")] == str(
        TOTALS["gate_in_time"]["median_working_hours"]
    )
    assert got[("office", "040300", "deadlines_breached")] == "1"
    assert got[("office", "040300", "breached_undecided")] == "0"
    assert got[("breach", "KOJA-RPT-C", "overdue_working_hours")] == "8.75"
    assert got[("breach", "KOJA-RPT-C", "decided_at")] == "2026-08-07T10:00:00+07:00"
    nested = ("decision_time", "gate_in_time", "deadline_breaches")
    figures_per_group = len(TOTALS) - len(nested) + sum(len(TOTALS[n]) for n in nested)
    breach_figures = 5
    assert got[("excluded", "load_runs", "requests")] == "0"  # issue 16.11
    assert len(rows) == figures_per_group * (1 + 2 + 3) + 3 + 31 * 3 + breach_figures + 1


def test_l3_xlsx_a_section_head_can_forward(month_api: Api) -> None:
    r = month_api.get(f"{AUGUST}?format=xlsx", "kasubsi")

    assert r.status_code == 200
    book = load_workbook(io.BytesIO(r.content))
    assert book.sheetnames == [
        "Ringkasan",
        "Per TPS asal",
        "Per alasan",
        "Penolakan per aturan",
        "Per hari",
        "Waktu keputusan",
        "Tenggat terlampaui",
        "Grafik",
    ]
    summary = book["Ringkasan"]
    assert summary["A1"].value == "Laporan Bulanan PLP (L3)"
    values = {row[0].value: row[1] for row in summary.iter_rows() if row[0].value}
    assert values["Permohonan"].value == 9
    assert values["Diputus setelah tenggat"].value == 1
    p90_hours = values["P90 jam kerja s.d. keputusan"]
    assert (p90_hours.value, p90_hours.number_format) == (35.0, "0.00")
    gate_in = values["Median jam kerja s.d. gate-in"]
    assert gate_in.value == TOTALS["gate_in_time"]["median_working_hours"]
    assert values["Tenggat terlampaui"].value == 1
    assert values["Terlampaui, belum diputus"].value == 0
    assert summary.column_dimensions["A"].width >= 40

    tps = book["Per TPS asal"]
    rows = list(tps.iter_rows(values_only=True))
    assert rows[0] == ("Indikator / TPS asal", "KOJA", "TPKA")
    by_title = {row[0]: row[1:] for row in rows[1:]}
    assert by_title["Permohonan"] == (2, 7)
    assert by_title["Tenggat terlampaui"] == (1, 0)
    assert by_title["Median jam kerja s.d. gate-in"] == (
        None,
        BY_TPS["TPKA"]["gate_in_time"]["median_working_hours"],
    )
    assert all("_" not in str(title) for title in by_title)  # no code names
    assert len(by_title) == len(set(by_title)) == 30  # every figure, each with its own title
    assert tps.freeze_panes == "B2"
    assert tps["B2"].number_format == "#,##0"
    assert tps["B17"].number_format == "0.00"  # a median of working hours

    days = list(book["Per hari"].iter_rows(values_only=True))
    assert len(days) == 1 + 31
    assert days[18][1:] == (0, 1, 0)  # 18 August: B rejected
    assert book["Per hari"]["A2"].number_format == "dd-mm-yyyy"

    breaches = list(book["Tenggat terlampaui"].iter_rows(values_only=True))
    assert breaches[0][0] == "Nomor referensi"
    assert breaches[1][0] == "KOJA-RPT-C"
    assert breaches[1][3:] == (
        datetime(2026, 8, 6, 10, 0),  # office time, named in the column title
        datetime(2026, 8, 7, 10, 0),
        "diputus terlambat",
        8.75,
    )

    charts = book["Grafik"]._charts
    assert len(charts) == 2
    assert not book["Grafik"]._images  # native charts, not pictures
    assert all(isinstance(chart, BarChart) for chart in charts)
    assert [len(chart.series) for chart in charts] == [3, 2]
    refs = [s.val.numRef.f for chart in charts for s in chart.series]
    assert refs[0] == "'Per hari'!$B$2:$B$32"
    assert refs[3] == "'Waktu keputusan'!$B$2:$B$12"


def test_l3_xlsx_in_english_by_accept_language(month_api: Api) -> None:
    headers = month_api.auth("kasubsi") | {"Accept-Language": "en-GB,en;q=0.9"}

    r = month_api.client.get(f"{AUGUST}?format=xlsx", headers=headers)

    book = load_workbook(io.BytesIO(r.content))
    assert book.sheetnames == [
        "Summary",
        "Per origin TPS",
        "Per reason",
        "Rejections by rule",
        "Per day",
        "Decision time",
        "Deadlines breached",
        "Charts",
    ]
    summary = book["Summary"]
    assert summary["A1"].value == "Monthly PLP report (L3)"
    values = {row[0].value: row for row in summary.iter_rows() if row[0].value}
    assert values["Requests"][1].value == 9
    assert values["Requests"][2].value == "requests submitted in the month"
    assert values["Decided after the deadline"][1].value == 1
    rows = list(book["Per origin TPS"].iter_rows(values_only=True))
    assert rows[0] == ("Figure / Origin TPS", "KOJA", "TPKA")
    breaches = list(book["Deadlines breached"].iter_rows(values_only=True))
    assert breaches[0][:4] == ("Reference", "Origin TPS", "Reason", "Deadline (Asia/Jakarta)")
    assert breaches[1][5] == "decided late"
    charts = book["Charts"]._charts
    assert charts[0].series[0].val.numRef.f == "'Per day'!$B$2:$B$32"


@pytest.mark.parametrize("chart", ["decisions-per-day", "decision-times"])
def test_l3_charts_as_png_and_svg(month_api: Api, chart: str) -> None:
    png = month_api.get(f"{AUGUST}/charts/{chart}", "kasubsi")
    svg = month_api.get(f"{AUGUST}/charts/{chart}?format=svg", "kasubsi")

    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert svg.status_code == 200 and svg.headers["content-type"] == "image/svg+xml"
    assert b"<svg" in svg.content
    assert b"<text" not in svg.content  # text drawn as paths: no font needed from anywhere
    assert b'href="http' not in svg.content
    assert b"url(http" not in svg.content


@pytest.mark.parametrize(
    ("who", "path", "status"),
    [
        ("tpka", AUGUST, 403),  # a TPS would see its competitors' figures
        ("kasubsi", "/api/v1/reports/monthly/050100/2026-08", 403),  # another office
        ("admin", "/api/v1/reports/monthly/050100/2026-08", 200),
        ("admin", "/api/v1/reports/monthly/999999/2026-08", 404),
        ("kasubsi", "/api/v1/reports/monthly/040300/2026-13", 422),
        ("kasubsi", "/api/v1/reports/monthly/040300/2026-09", 200),
    ],
)
def test_l3_who_may_read_which_report(month_api: Api, who: str, path: str, status: int) -> None:
    assert month_api.get(path, who).status_code == status


def test_l3_another_office_counts_only_its_own_requests(month_api: Api) -> None:
    report = month_api.get("/api/v1/reports/monthly/050100/2026-08", "admin").json()

    assert report["totals"]["requests"] == 1  # K
    assert report["totals"]["rejected_on_arrival"] == 1
    assert report["rejections_by_rule"] == {"E1": 1, "E2": 1}


def test_l3_a_month_that_has_not_begun_is_refused(month_api: Api) -> None:
    r = month_api.get("/api/v1/reports/monthly/040300/2026-10", "kasubsi")  # clock: 1 September

    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "month"


@pytest.mark.parametrize("month", ["0001-01", "9999-12"])
@pytest.mark.parametrize(
    "suffix", ["", "?format=csv", "/charts/decisions-per-day", "/charts/decision-times"]
)
def test_l3_a_month_at_the_edge_of_the_calendar_is_a_422_naming_the_month(
    month_api: Api, month: str, suffix: str
) -> None:
    """0001-01 at office time begins in year 0 in UTC, 9999-12 ends in year 10000: both were a
    500 (OverflowError) on the report and both charts."""
    r = month_api.get(f"/api/v1/reports/monthly/040300/{month}{suffix}", "kasubsi")

    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    problem = r.json()
    assert problem["errors"] == [{"field": "month", "message": problem["detail"]}]
    assert problem["detail"].startswith(f"month {month} cannot be reported: ")


def test_l3_the_first_month_whole_in_the_calendar_is_an_empty_report(month_api: Api) -> None:
    r = month_api.get("/api/v1/reports/monthly/040300/0001-02", "kasubsi")

    assert r.status_code == 200, r.text
    assert r.json()["totals"]["requests"] == 0
