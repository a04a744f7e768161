"""The one hook of push delivery: every stored change of a request writes its push events to
the outbox in the same transaction, so an event exists exactly when its change committed."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.adapters.sql.repositories.plp_repository import SqlPlpRequestRepository
from app.domain.plp_request import PlpRequest
from app.domain.ports.push import Outbox
from app.domain.push import events_of_request


class PublishingPlpRequestRepository(SqlPlpRequestRepository):
    def __init__(self, session: Session, outbox: Outbox) -> None:
        super().__init__(session)
        self._outbox = outbox

    def add(self, request: PlpRequest) -> None:
        events = events_of_request(request, request.new_events)  # storing clears new_events
        super().add(request)
        self._outbox.add(events)

    def save(self, request: PlpRequest) -> None:
        events = events_of_request(request, request.new_events)
        super().save(request)
        self._outbox.add(events)
