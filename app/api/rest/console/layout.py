"""Every console page in one frame: header with the role-aware menu, the language toggle and
logout, the strict policy headers, the one style sheet and the one script of our own."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path
from string import Template
from urllib.parse import quote, urlsplit

from fastapi.responses import HTMLResponse

from app.adapters.i18n import LANGUAGE_NAMES, LANGUAGES, Translator
from app.domain.actor import OFFICER_ROLES, Actor, Role

TEMPLATES = Path(__file__).parent / "templates"
LAYOUT = Template((TEMPLATES / "layout.html").read_text(encoding="utf-8"))
CSS = (TEMPLATES / "console.css").read_text(encoding="utf-8")
SCRIPT = (TEMPLATES / "console.js").read_text(encoding="utf-8")
HEADERS = {
    # Nothing from anywhere else: no inline script or style, the charts are data: images.
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; style-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}
OFFICE_ROLES = OFFICER_ROLES | {Role.ADMIN}  # who sees the office page (CON-B's)


@dataclass(frozen=True)
class View:
    """What every page knows of its caller: language, account, the session's CSRF token and
    the path it was asked at (the toggle and logout come back to it)."""

    tr: Translator
    actor: Actor | None
    csrf: str
    path: str

    @property
    def lang(self) -> str:
        return self.tr.language

    def csrf_field(self) -> str:
        return f'<input type="hidden" name="csrf" value="{escape(self.csrf)}">'


def page(
    view: View,
    title: str,
    main: str,
    *,
    status: int = 200,
    current: str = "",
    refresh: int | None = None,
) -> HTMLResponse:
    tr = view.tr
    html = LAYOUT.substitute(
        lang=view.lang,
        title=escape(f"{title} - {tr('console.brand')}"),
        skip=escape(tr("console.skip")),
        brand=escape(tr("console.brand")),
        nav_label=escape(tr("console.nav.label")),
        nav=_nav(view, current),
        who=_who(view),
        refresh=f' data-refresh="{refresh}"' if refresh else "",
        heading=escape(title),
        main=main,
    )
    return HTMLResponse(html, status_code=status, headers=HEADERS)


def _nav(view: View, current: str) -> str:
    tr, actor = view.tr, view.actor
    if actor is None:
        return ""
    items = [("queue", "/console", tr("console.nav.queue"))]
    if actor.role in OFFICE_ROLES:
        items.append(("office", "/console/office", tr("console.nav.office")))
    items.append(("docs", "/docs", tr("console.nav.api")))
    here = ' aria-current="page"'
    return "".join(
        f'<a href="{href}"{here if key == current else ""}>{escape(text)}</a>'
        for key, href, text in items
    )


def _who(view: View) -> str:
    tr, actor = view.tr, view.actor
    parts = [_toggle(view)]
    if actor is not None:
        role = tr(f"console.role.{actor.role.value}")
        parts.insert(0, f'<span id="who">{escape(actor.username)} ({escape(role)})</span>')
        parts.append(
            f'<form method="post" action="/console/logout">{view.csrf_field()}'
            f'<button id="logout">{escape(tr("console.logout"))}</button></form>'
        )
    return "".join(parts)


def _toggle(view: View) -> str:
    """A form, so the toggle works with JavaScript off; it comes back to the same page."""
    other = next(language for language in LANGUAGES if language != view.lang)
    return (
        f'<form method="post" action="/console/language">{view.csrf_field()}'
        f'<input type="hidden" name="next" value="{escape(view.path)}">'
        f'<button id="language" name="language" value="{other}" lang="{other}">'
        f"{escape(LANGUAGE_NAMES[other])}</button></form>"
    )


def safe_next(path: str | None) -> str:
    """Only a path of the console itself (no open redirect)."""
    if not path or "\\" in path:
        return "/console"
    parts = urlsplit(path)
    inside = parts.path == "/console" or parts.path.startswith("/console/")
    if parts.scheme or parts.netloc or not inside or "//" in parts.path:
        return "/console"
    return quote(path, safe="/?=&-_.~%")
