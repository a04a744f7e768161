"""L3: requests still undecided past their deadline are breaches of the month the deadline fell
in, on SQLite and PostgreSQL. The shape seen in production: 18 such requests showed "decided
after the deadline: 0" because only decisions were counted.

September 2026 at office 040300: on Monday 7 at 09:00 TPKA files 21 requests. Their deadline is
Thursday 10 at 09:00. Eighteen are never decided; one is approved on Friday 11 at 09:00 (late);
one is approved on Wednesday 9 (in time); one is withdrawn on Friday 11 (no service owed, sla).
The report is read on Monday 5 October at 08:00.
"""

from __future__ import annotations

import io
from functools import partial
from typing import Any

from openpyxl import load_workbook

from tests.integration.rest.console_forms import console_login
from tests.integration.rest.report_month import MANIFEST, Month, container
from tests.support import Api

SEPTEMBER = "/api/v1/reports/monthly/040300/2026-09"
UNDECIDED = [f"U{n:02d}" for n in range(18)]
# Thursday 10 09:00 to Monday 5 October 08:00 in working time: Thu 7.25, Fri 11 7.75, then
# three whole weeks (Mon-Thu 8.75, Fri 7.75: 42.75 each), Mon 5 October 07:30-08:00 0.5.
UNDECIDED_OVERDUE = 7.25 + 7.75 + 3 * 42.75 + 0.5
LATE_OVERDUE = 7.25 + 1.5  # to Friday 11, 09:00


def _september(api: Api) -> None:
    items = [
        {
            "pos_number": f"{n:04d}00000000",
            "bl_number": f"HBL-OPEN-{n:04d}",
            "bl_date": "2026-09-01",
            "containers": [{"number": container(100 + n), "size": "20", "iso_type": "22G1"}],
        }
        for n in range(1, 22)
    ]
    manifest = MANIFEST | {
        "number": "009001",
        "date": "2026-09-03",
        "arrival_date": "2026-09-02",
        "discharged_at": {"tps": "TPKA", "at": "2026-09-03T06:00:00+07:00"},
        "items": items,
    }
    assert api.post("/api/v1/admin/manifests", "admin", manifest).status_code == 200
    m = Month(api)
    header: dict[str, Any] = {"bc11_number": "009001", "bc11_date": "2026-09-03"}
    rec = {"approve": True, "note": "in order"}
    for n, label in enumerate([*UNDECIDED, "LATE", "IN_TIME", "WITHDRAWN"], start=1):
        m.at("2026-09-07T09:00", partial(m.submit, label, "tpka", [container(100 + n)], **header))
    for label in ("LATE", "IN_TIME"):
        m.at(
            "2026-09-08T09:00",
            partial(m.step, label, "recommendations/manifest", "manifest", **rec),
        )
    m.at("2026-09-09T10:00", lambda: m.step("IN_TIME", "decision", "kasubsi", approve=True))
    m.at("2026-09-11T09:00", lambda: m.step("LATE", "decision", "kasubsi", approve=True))
    m.at("2026-09-11T10:00", lambda: m.step("WITHDRAWN", "cancellation", "tpka", reason="gone"))
    m.at("2026-10-05T08:00", lambda: None)
    m.run()


def test_l3_eighteen_undecided_requests_past_their_deadline_are_breaches_of_their_month(
    api_any_db: Api,
) -> None:
    _september(api_any_db)

    report = api_any_db.get(SEPTEMBER, "kasubsi").json()

    totals = report["totals"]
    assert totals["decision_time"]["breaches"] == 1  # LATE: the only decision made late
    assert totals["deadline_breaches"] == {
        "breached": 19,
        "undecided": 18,
        "decided_late": 1,
        "max_overdue_working_hours": UNDECIDED_OVERDUE,
    }
    assert report["by_tps"]["TPKA"]["deadline_breaches"]["undecided"] == 18
    assert report["by_reason"]["NO_LCL_SPACE"]["deadline_breaches"]["breached"] == 19
    by_ref = {b["ref_number"]: b for b in report["breaches"]}
    assert set(by_ref) == {f"TPKA-RPT-{label}" for label in [*UNDECIDED, "LATE"]}
    late = by_ref["TPKA-RPT-LATE"]
    assert (late["undecided"], late["overdue_working_hours"]) == (False, LATE_OVERDUE)
    for label in UNDECIDED:
        breach = by_ref[f"TPKA-RPT-{label}"]
        assert breach["undecided"] is True and breach["decided_at"] is None
        assert breach["overdue_working_hours"] == UNDECIDED_OVERDUE


def test_l3_open_breaches_reach_the_csv_the_xlsx_and_the_dashboard(api_any_db: Api) -> None:
    _september(api_any_db)

    rows = api_any_db.get(f"{SEPTEMBER}?format=csv", "kasubsi").text.splitlines()
    book = load_workbook(io.BytesIO(api_any_db.get(f"{SEPTEMBER}?format=xlsx", "kasubsi").content))
    console_login(api_any_db, "kasubsi")
    page = api_any_db.client.get("/console/office").text  # last month: September

    assert "040300,2026-09,office,040300,breached_undecided,18" in rows
    assert "040300,2026-09,office,040300,deadlines_breached,19" in rows
    sheet = list(book["Tenggat terlampaui"].iter_rows(values_only=True))
    assert len(sheet) == 1 + 19
    undecided = [r for r in sheet[1:] if r[5] == "belum diputus"]
    assert len(undecided) == 18
    assert {r[6] for r in undecided} == {UNDECIDED_OVERDUE}
    assert {r[4] for r in undecided} == {None}
    assert "Laporan bulanan September 2026 (L3)" in page
    assert 'id="breaches"' in page
    breaches = page.split('id="report-breaches"')[1].split("</table>")[0]
    assert breaches.count('<a href="/console/requests/') == 19  # every row links
    assert 'masih belum diputuskan (R4)</th><td class="n">18</td>' in page
    overdue = round(UNDECIDED_OVERDUE * 60)
    assert f"{overdue // 60} j {overdue % 60:02d} mnt" in page
