"""D1: the printable approval of a PLP (*Surat Persetujuan PLP*), as a PDF."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response

from app.adapters.documents.approval_pdf import FpdfApprovalRenderer
from app.api.http import tags
from app.api.http.wiring import Services, ServicesDep
from app.api.rest.deps import ActorDep
from app.domain.approval_letter import References
from app.domain.services import approval_letters
from app.domain.services.approval_letters import LetterSources

router = APIRouter(prefix="/api/v1/plp-requests")
RENDERERS = {"id": FpdfApprovalRenderer("id"), "en": FpdfApprovalRenderer("en")}
VERIFY_PATH = "/verify"
PROBLEMS: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {}}, "description": "the approval, A4 PDF"},
    401: {"description": "not logged in"},
    404: {"description": "unknown, or not a request the caller may read"},
    409: {"description": "D1: the request is not (or no longer) an approved PLP"},
}


def letter_sources(services: Services) -> LetterSources:
    return LetterSources(services.reference, services.accounts, References(services.token_secret))


def verify_base(request: Request, services: Services) -> str:
    """Where the QR code points: the configured public URL, else the one the caller used."""
    root = services.settings.public_url or str(request.base_url)
    return root.rstrip("/") + VERIFY_PATH


@router.get(
    "/{request_id}/approval.pdf",
    tags=[tags.ORIGIN_GATE],
    summary="Print the approval (Surat Persetujuan PLP, D1)",
    response_class=Response,
    responses=PROBLEMS,
)
def approval_pdf(
    request_id: str,
    request: Request,
    actor: ActorDep,
    services: ServicesDep,
    lang: Annotated[
        Literal["id", "en"],
        Query(
            description="`id`: the Indonesian document (English glosses in brackets); "
            "`en`: its English reading"
        ),
    ] = "id",
) -> Response:
    """**Any role that may read the request** (both TPS, the office's officers, admins).

    The approval the applicant prints in one copy and hands to the origin supervisor (SOP
    10.b): office, PLP number and date, applicant, both TPS and gudang, BC 1.1 and vessel, the
    goods with their customs seals, the decision and who took it (titled as the office's
    `manifest_head` setting), and the supervisors' notes once recorded. Its verification
    reference and QR code open `/verify/{reference}`, which tells whether this print still
    matches the record. Only an approved PLP, not cancelled, has one (409 naming D1).
    `lang=en` prints the same letter in English, for a reader without Indonesian."""
    printed = approval_letters.print_approval(
        actor,
        request_id,
        services.uow(read_only=True),
        letter_sources(services),
        RENDERERS[lang],
        verify_base(request, services),
    )
    name = re.sub(r"[^A-Za-z0-9]+", "-", printed.letter.plp_number).strip("-")
    return Response(
        printed.document,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="persetujuan-plp-{name}.pdf"',
            "Cache-Control": "no-store",
            "X-Verification-Reference": printed.reference,
        },
    )
