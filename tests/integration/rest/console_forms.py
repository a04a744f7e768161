"""Helpers of the console's tests: log in through the HTML form, read a page's CSRF token."""

from __future__ import annotations

import re
from typing import Any

from tests.support import Api

CSRF = re.compile(r'name="csrf" value="([^"]*)"')


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "no CSRF field on the page"
    return found.group(1)


def console_login(api: Api, who: str, password: str | None = None) -> Any:
    """Logs `who` in through the console's form; the client keeps the session cookie."""
    api.client.cookies.clear()
    form = api.client.get("/console")
    return api.client.post(
        "/console/login",
        data={
            "username": who,
            "password": password or f"{who}-demo",
            "csrf": csrf_of(form.text),
            "next": "/console",
        },
        follow_redirects=False,
    )


VERSION = re.compile(r'name="version" value="(\d+)"')
NUMBER = re.compile(r'type="hidden" name="number" value="([^"]*)"')


def page_of(api: Api, request_id: str) -> Any:
    r = api.client.get(f"/console/requests/{request_id}")
    assert r.status_code == 200, r.text
    return r


def form_fields(html: str) -> dict[str, str]:
    """The hidden fields every step form carries: its CSRF token and the request's version."""
    version = VERSION.search(html)
    assert version, "no step form on the page"
    fields = {"csrf": csrf_of(html), "version": version.group(1)}
    number = NUMBER.search(html)  # a cancellation decision names its cancellation
    return fields | ({"number": number.group(1)} if number else {})


def take_step(api: Api, request_id: str, slug: str, data: dict[str, Any]) -> Any:
    """Opens the request page, fills the step's form with `data` (its field names), posts it."""
    fields = form_fields(page_of(api, request_id).text)
    return api.client.post(
        f"/console/requests/{request_id}/{slug}", data=fields | data, follow_redirects=False
    )
