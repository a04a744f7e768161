"""The console's login form: a plain HTML form POST (works with JavaScript off), bound to its
own cookie against login CSRF; the same accounts as Swagger UI's Authorize."""

from __future__ import annotations

from html import escape

from fastapi.responses import HTMLResponse

from app.api.rest.console.layout import View, page


def login_page(view: View, csrf: str, message: str = "", status: int = 200) -> HTMLResponse:
    tr = view.tr
    error = f'<p class="problem" role="alert" id="problem">{escape(message)}</p>' if message else ""
    main = (
        f'<section class="card" id="login-card"><h2>{escape(tr("console.login.title"))}</h2>'
        f"<p>{escape(tr('console.login.intro'))}</p>{error}"
        f'<form method="post" action="/console/login" id="login">'
        f'<input type="hidden" name="csrf" value="{escape(csrf)}">'
        f'<input type="hidden" name="next" value="{escape(view.path)}">'
        f'<label for="username">{escape(tr("console.login.username"))}</label>'
        f'<input id="username" name="username" autocomplete="username" required autofocus>'
        f'<label for="password">{escape(tr("console.login.password"))}</label>'
        f'<input id="password" name="password" type="password" '
        f'autocomplete="current-password" required>'
        f'<p><button type="submit" id="login-button">{escape(tr("console.login.submit"))}'
        f"</button></p></form></section>"
    )
    return page(view, tr("console.login.heading"), main, status=status)
