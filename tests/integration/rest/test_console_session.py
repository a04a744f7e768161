"""The console's plumbing over HTTP (issue 18): the login form and its HttpOnly cookie, the
CSRF token every form carries, the policy headers, and the language toggle remembered per
account."""

from __future__ import annotations

import re

from tests.integration.rest.console_forms import console_login, csrf_of
from tests.support import Api


def test_console_without_a_session_shows_the_login_form_in_indonesian(api: Api) -> None:
    r = api.client.get("/console")

    assert r.status_code == 200
    assert 'id="login"' in r.text and 'lang="id"' in r.text
    assert "Masuk ke Konsol Petugas" in r.text
    policy = r.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert "style-src 'self'" in policy and "unsafe-inline" not in policy
    assert r.headers["cache-control"] == "no-store"
    assert "http://" not in r.text and "https://" not in r.text


def test_console_follows_accept_language_before_any_choice(api: Api) -> None:
    r = api.client.get("/console", headers={"Accept-Language": "en-GB,en;q=0.9"})

    assert 'lang="en"' in r.text and "Log in to the officers&#x27; console" in r.text


def test_console_login_keeps_the_token_in_an_httponly_strict_cookie_for_the_site(
    api: Api,
) -> None:
    r = console_login(api, "kasubsi")

    assert r.status_code == 303 and r.headers["location"] == "/console"
    cookie = next(c for c in r.headers.get_list("set-cookie") if c.startswith("plp_session="))
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/;" in cookie
    page = api.client.get("/console")
    assert page.status_code == 200 and 'id="who"' in page.text and "kasubsi" in page.text


def test_console_login_refuses_a_wrong_password_and_a_form_without_its_token(api: Api) -> None:
    wrong = console_login(api, "kasubsi", password="nope")
    forged = api.client.post(
        "/console/login",
        data={"username": "kasubsi", "password": "kasubsi-demo", "csrf": "x"},
        follow_redirects=False,
    )

    assert wrong.status_code == 401 and 'id="problem"' in wrong.text
    assert forged.status_code == 403
    assert "plp_session" not in api.client.cookies


def test_console_forms_refuse_a_missing_or_foreign_csrf_token(api: Api) -> None:
    console_login(api, "kasubsi")

    r = api.client.post("/console/logout", data={"csrf": "0" * 64}, follow_redirects=False)

    assert r.status_code == 403
    assert api.client.get("/console").text.count('id="who"') == 1  # still logged in


def test_console_logout_ends_the_session(api: Api) -> None:
    console_login(api, "kasubsi")
    csrf = csrf_of(api.client.get("/console").text)

    r = api.client.post("/console/logout", data={"csrf": csrf}, follow_redirects=False)

    assert r.status_code == 303
    assert 'id="login"' in api.client.get("/console").text


def test_console_language_toggle_is_remembered_on_the_account(api: Api) -> None:
    console_login(api, "kasubsi")
    csrf = csrf_of(api.client.get("/console").text)

    r = api.client.post(
        "/console/language",
        data={"csrf": csrf, "language": "en", "next": "/console?sla=breached"},
        follow_redirects=False,
    )

    assert r.status_code == 303 and r.headers["location"] == "/console?sla=breached"
    assert 'lang="en"' in api.client.get("/console").text
    api.client.cookies.clear()  # another browser: the account still reads English
    console_login(api, "kasubsi")
    assert 'lang="en"' in api.client.get("/console").text
    assert api.get("/api/v1/auth/me/language", "kasubsi").json() == {"language": "en"}


def test_console_language_toggle_never_redirects_off_the_console(api: Api) -> None:
    console_login(api, "kasubsi")
    csrf = csrf_of(api.client.get("/console").text)

    r = api.client.post(
        "/console/language",
        data={"csrf": csrf, "language": "id", "next": "https://evil.example/"},
        follow_redirects=False,
    )

    assert r.headers["location"] == "/console"


def test_account_language_over_the_api(api: Api) -> None:
    put = api.client.put(
        "/api/v1/auth/me/language", json={"language": "en"}, headers=api.auth("manifest")
    )
    bad = api.client.put(
        "/api/v1/auth/me/language", json={"language": "fr"}, headers=api.auth("manifest")
    )

    assert put.status_code == 200 and put.json() == {"language": "en"}
    assert bad.status_code == 422
    console_login(api, "manifest")
    assert 'lang="en"' in api.client.get("/console").text


def test_console_assets_are_our_own(api: Api) -> None:
    css = api.client.get("/console/console.css")
    js = api.client.get("/console/console.js")

    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert js.status_code == 200 and "data-refresh" in js.text


def test_console_pages_read_without_javascript_and_run_no_inline_code(api: Api) -> None:
    rid = api.submit().json()["id"]
    console_login(api, "manifest")

    pages = [api.client.get("/console"), api.client.get(f"/console/requests/{rid}")]

    for page in pages:
        scripts = re.findall(r"<script[^>]*>", page.text)
        assert scripts == ['<script src="/console/console.js">'], scripts
        assert " style=" not in page.text and "<style" not in page.text
        assert " on" + "click=" not in page.text
        assert 'id="queue"' in page.text or 'id="summary"' in page.text  # the data is in the HTML
