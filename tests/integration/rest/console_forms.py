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
