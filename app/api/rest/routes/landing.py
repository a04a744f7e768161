"""`/`: a small page pointing at everything the service serves (issue 16), in Indonesian and
English. Static, server-rendered, nothing loaded from elsewhere: the dashboard's strict CSP
with no script at all."""

from __future__ import annotations

from html import escape

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from app import __version__

router = APIRouter(include_in_schema=False)
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "form-action 'none'; base-uri 'none'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}
# (href, Indonesian label, English label, what it is)
LINKS = (
    ("/docs", "Dokumentasi API (Swagger UI)", "API documentation (Swagger UI)", "REST /api/v1"),
    ("/redoc", "Referensi API (ReDoc)", "API reference (ReDoc)", "REST /api/v1"),
    ("/tps/service.asmx?WSDL", "WSDL layanan TPS Online", "TPS Online service WSDL", "SOAP"),
    (
        "/h2h/v1/openapi-tpsonline/docs",
        "Dokumentasi H2H openapi-tpsonline",
        "H2H openapi-tpsonline documentation",
        "H2H REST",
    ),
    (
        "/h2h/v1/openapi-auth/docs",
        "Dokumentasi H2H openapi-auth (login)",
        "H2H openapi-auth documentation (login)",
        "H2H REST",
    ),
    ("/console/office", "Halaman kepala seksi (konsol)", "Section head's page (console)", "HTML"),
    ("/health/live", "Status layanan (hidup)", "Service health (live)", "JSON"),
    ("/health/ready", "Status layanan (siap)", "Service health (ready)", "JSON"),
)


def _page() -> str:
    items = "\n".join(
        f'<li><a href="{escape(href)}">{escape(id_label)}</a> <span>/ {escape(en_label)}</span>'
        f" <small>{escape(kind)}</small></li>"
        for href, id_label, en_label, kind in LINKS
    )
    return f"""<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>PLP Online</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem;
  color: #1b1b1b; }}
li {{ margin: .5rem 0; }} span {{ color: #555; }} small {{ color: #777; margin-left: .3rem; }}
</style>
</head>
<body>
<h1>PLP Online</h1>
<p>Simulator pertukaran data PLP (Pindah Lokasi Penimbunan) TPS Online.<br>
<span lang="en">Simulator of the TPS Online PLP (Pindah Lokasi Penimbunan) exchange.</span></p>
<ul>
{items}
</ul>
<p><small>versi / version {escape(__version__)}</small></p>
</body>
</html>
"""


PAGE = _page()


@router.get("/")
def landing() -> HTMLResponse:
    return HTMLResponse(PAGE, headers=HEADERS)
