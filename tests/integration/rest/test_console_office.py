"""The section head's page over HTTP (issue 18): /dashboard became /console/office; what it
shows to whom, in which language, which month it opens on, how late breached requests are,
the live part office.js refreshes, and the report files (the browser tests draw it)."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from tests.integration.rest.console_forms import console_login
from tests.support import Api, containers, now

WIB = ZoneInfo("Asia/Jakarta")


def _at(api: Api, moment: datetime) -> None:
    api.client.app.state.services.clock.set(moment)


def test_l3_the_old_dashboard_address_redirects_to_the_office_page(api: Api) -> None:
    r = api.client.get("/dashboard?office=050100", follow_redirects=False)

    assert r.status_code == 308
    assert r.headers["location"] == "/console/office?office=050100"


def test_l3_office_page_without_a_session_shows_the_login_form(api: Api) -> None:
    r = api.client.get("/console/office")

    assert r.status_code == 200 and 'id="login"' in r.text
    assert "script-src 'self'" in r.headers["content-security-policy"]


def test_l3_office_page_opens_on_the_month_in_progress_when_last_month_is_empty(api: Api) -> None:
    api.submit()
    console_login(api, "kasubsi")

    r = api.client.get("/console/office")

    assert r.status_code == 200 and 'lang="id"' in r.text
    for section in ('id="mode"', 'id="queues"', 'id="risks"', 'id="report"', 'id="month-picker"'):
        assert section in r.text
    assert "Kantor 040300" in r.text
    assert "Laporan bulanan November 2026 (L3)" in r.text  # test time is November 2026
    assert '<option value="2026-10">Oktober 2026 (tanpa data)</option>' in r.text
    assert r.text.count('src="data:image/svg+xml;base64,') == 2
    assert 'src="/console/office/office.js"' in r.text
    assert 'data-live="/console/office/live?office=040300"' in r.text
    assert "http://" not in r.text and "https://" not in r.text


def test_l3_a_month_without_data_says_so_in_words(api: Api) -> None:
    console_login(api, "kasubsi")

    r = api.client.get("/console/office?month=2026-09", headers={"Accept-Language": "en"})

    assert r.status_code == 200 and 'lang="en"' in r.text
    assert 'id="report-empty"' in r.text
    assert "No PLP request and no decision in September 2026" in r.text
    assert "data:image/svg+xml" not in r.text


def test_r4_breached_rows_say_how_late_and_every_row_links_to_its_request(api: Api) -> None:
    _at(api, datetime(2026, 11, 19, 9, tzinfo=WIB))  # due Tue 24 09:00: breached on the 25th
    late = api.submit(containers=containers("CSQU1001743")).json()["id"]
    _at(api, now())
    console_login(api, "kasubsi")

    id_page = api.client.get("/console/office").text
    en_page = api.client.get("/console/office", headers={"Accept-Language": "en"}).text

    assert f'href="/console/requests/{late}"' in id_page
    assert re.search(r"terlambat \d+ j \d{2} mnt", id_page)
    assert re.search(r"overdue by \d+ h \d{2} min", en_page)


def test_l3_the_live_part_is_served_alone_for_office_js(api: Api) -> None:
    anonymous = api.client.get("/console/office/live")
    console_login(api, "kasubsi")

    live = api.client.get("/console/office/live?office=040300")
    script = api.client.get("/console/office/office.js")

    assert anonymous.status_code == 401
    assert live.status_code == 200 and 'id="queue-table"' in live.text
    assert "<html" not in live.text and 'id="report"' not in live.text
    assert script.headers["content-type"].startswith("text/javascript")
    assert "data-live" in script.text  # the page names what to fetch


def test_l3_office_page_refuses_tps_operators_and_other_offices(api: Api) -> None:
    console_login(api, "tpka")
    tps = api.client.get("/console/office")
    console_login(api, "kasubsi")
    other = api.client.get("/console/office?office=050100")

    assert tps.status_code == 403 and 'id="problem"' in tps.text
    assert other.status_code == 403 and "050100" in other.text


def test_l3_office_page_lets_an_admin_choose_the_office(api: Api) -> None:
    console_login(api, "admin")

    r = api.client.get("/console/office?office=050100")

    assert r.status_code == 200
    assert "Kantor 050100" in r.text


def test_l3_office_page_report_files(api: Api) -> None:
    console_login(api, "kasubsi")

    xlsx = api.client.get("/console/office/report?month=2026-10&office=040300&format=xlsx")
    csv = api.client.get("/console/office/report?month=2026-10&office=040300&format=csv")
    api.client.cookies.clear()
    after = api.client.get("/console/office/report?month=2026-10&office=040300")

    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert csv.text.startswith("office,month,section,key,figure,value")
    assert after.status_code == 401


def test_office_pages_read_without_javascript_and_run_no_inline_code(api: Api) -> None:
    api.submit()
    console_login(api, "kasubsi")

    office = api.client.get("/console/office").text
    outages = api.client.get("/console/office/outages").text

    assert re.findall(r"<script[^>]*>", office) == [
        '<script src="/console/office/office.js" defer>',
        '<script src="/console/console.js">',
    ]
    assert re.findall(r"<script[^>]*>", outages) == ['<script src="/console/console.js">']
    for page in (office, outages):
        assert " style=" not in page and "<style" not in page and " onclick=" not in page
    assert 'id="queue-table"' in office and 'id="declare-form"' in outages
