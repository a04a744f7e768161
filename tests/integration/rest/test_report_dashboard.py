"""The section head's dashboard over HTTP: how it keeps a login, what it shows to whom, and
that it asks the browser to load nothing from elsewhere (the browser tests draw it)."""

from __future__ import annotations

from tests.support import Api


def open_session(api: Api, who: str) -> None:
    token = api.auth(who)["Authorization"].split()[1]
    r = api.client.post("/dashboard/session", json={"access_token": token})
    assert r.status_code == 204, r.text


def test_l3_dashboard_without_a_login_shows_the_login_form(api: Api) -> None:
    r = api.client.get("/dashboard")

    assert r.status_code == 200
    assert 'id="login"' in r.text and "/dashboard/login.js" in r.text
    policy = r.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert r.headers["cache-control"] == "no-store"


def test_l3_dashboard_keeps_the_token_in_an_httponly_strict_cookie(api: Api) -> None:
    token = api.auth("kasubsi")["Authorization"].split()[1]

    r = api.client.post("/dashboard/session", json={"access_token": token})

    cookie = r.headers["set-cookie"]
    assert cookie.startswith("plp_dashboard=")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/dashboard" in cookie
    assert "Max-Age=" in cookie


def test_l3_dashboard_refuses_a_forged_token(api: Api) -> None:
    r = api.client.post("/dashboard/session", json={"access_token": "not.a.token"})

    assert r.status_code == 401
    assert r.headers["content-type"].startswith("application/problem+json")


def test_l3_dashboard_shows_the_office_of_the_section_head(api: Api) -> None:
    api.submit()
    open_session(api, "kasubsi")

    r = api.client.get("/dashboard")

    assert r.status_code == 200
    for section in ('id="mode"', 'id="queues"', 'id="risks"', 'id="report"'):
        assert section in r.text
    assert "office 040300" in r.text
    assert "Monthly report 2026-10" in r.text  # test time is November 2026
    assert r.text.count('src="data:image/svg+xml;base64,') == 2
    assert "http://" not in r.text and "https://" not in r.text


def test_l3_dashboard_refuses_tps_operators_and_other_offices(api: Api) -> None:
    open_session(api, "tpka")
    assert api.client.get("/dashboard").status_code == 403
    open_session(api, "kasubsi")
    assert api.client.get("/dashboard?office=050100").status_code == 403


def test_l3_dashboard_lets_an_admin_choose_the_office(api: Api) -> None:
    open_session(api, "admin")

    r = api.client.get("/dashboard?office=050100")

    assert r.status_code == 200
    assert "office 050100" in r.text


def test_l3_dashboard_report_files_and_logout(api: Api) -> None:
    open_session(api, "kasubsi")

    xlsx = api.client.get("/dashboard/report?month=2026-10&office=040300&format=xlsx")
    csv = api.client.get("/dashboard/report?month=2026-10&office=040300&format=csv")
    out = api.client.post("/dashboard/logout", follow_redirects=False)
    after = api.client.get("/dashboard/report?month=2026-10&office=040300")

    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert csv.text.startswith("office,month,section,key,figure,value")
    assert out.status_code == 303
    assert 'plp_dashboard=""' in out.headers["set-cookie"]
    assert after.status_code == 401
