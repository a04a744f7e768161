"""D1: `/verify/{reference}`, the page an officer opens from the QR code of a printed approval:
the record as it is now and whether the print still shows it. No login (the reference is
unguessable and names one document); read-only; nothing loaded from elsewhere."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from app.api.http.wiring import ServicesDep
from app.api.rest import verify_page
from app.api.rest.routes.approval import letter_sources
from app.api.rest.routes.dashboard import HEADERS
from app.domain.services import approval_letters

router = APIRouter(prefix="/verify", include_in_schema=False)


@router.get("/{reference}")
def verify(reference: str, services: ServicesDep) -> HTMLResponse:
    found = None
    if len(reference) <= 160:
        found = approval_letters.verify(
            reference, services.uow(read_only=True), letter_sources(services)
        )
    if found is None:
        return HTMLResponse(verify_page.unknown_page(), 404, headers=HEADERS)
    return HTMLResponse(verify_page.verification_page(found), headers=HEADERS)
