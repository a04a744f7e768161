"""Work queues: what waits for the caller's role, oldest first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.api import cursor, tags
from app.api.deps import ActorDep, ServicesDep
from app.api.schemas.plp_out import PageOut
from app.domain.queues import QueueSpec
from app.domain.services import queries

router = APIRouter(prefix="/api/v1/queue", tags=[tags.QUEUES])


@router.get("", summary="My work queue", response_model=PageOut)
def my_queue(
    actor: ActorDep,
    services: ServicesDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor_: Annotated[str | None, Query(alias="cursor", max_length=200)] = None,
) -> PageOut:
    """**Any role.** Manifest officer: requests without a manifest recommendation and refused
    releases to follow up; P2 officer: routed requests without a P2 recommendation; Kasubsi:
    requests ready for decision; supervisors: approved requests at their origin TPS / gated-out
    requests for their destination TPS; P2 section: discrepancies; TPS operator: released goods
    to gate out and entered goods to gate in."""
    spec = QueueSpec.for_actor(actor, limit, cursor.decode(cursor_))
    page = queries.work_queue(spec, services.uow(read_only=True))
    return PageOut.of(page, cursor.encode(page.next_after))
