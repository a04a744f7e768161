"""The one way a PLP request changes status: the NEXT table, and an audit event for each step."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.domain.actor import Actor
from app.domain.errors import IllegalTransitionError
from app.domain.events import AuditEvent
from app.domain.status import NEXT, PlpStatus


class StateChanges:
    """Every change of status goes through `_move` (the NEXT table) and leaves an audit event."""

    id: str
    status: PlpStatus
    new_events: list[AuditEvent]

    def _require_status(self, status: PlpStatus, action: str) -> None:
        if self.status is not status:
            raise IllegalTransitionError(self.id, self.status, action)

    def _move(
        self, target: PlpStatus, actor: Actor, at: datetime, action: str, **detail: Any
    ) -> None:
        if target is not self.status and target not in NEXT[self.status]:
            raise IllegalTransitionError(self.id, self.status, action)
        before, self.status = self.status, target
        self._log(actor, at, action, before, target, **detail)

    def _log(
        self,
        actor: Actor,
        at: datetime,
        action: str,
        before: PlpStatus | None,
        after: PlpStatus | None,
        **detail: Any,
    ) -> None:
        self.new_events.append(AuditEvent.by(actor, at, action, before, after, **detail))
