"""The audit trail: one event for every change of a request."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.domain.actor import Actor


@dataclass(frozen=True)
class AuditEvent:
    """Who did what to a request, when, through which channel, and what it changed."""

    at: datetime
    actor: str
    role: str
    channel: str
    action: str
    from_status: str | None
    to_status: str | None
    detail: dict[str, Any] = field(default_factory=dict)
    simulated: bool = False

    @classmethod
    def by(
        cls,
        actor: Actor,
        at: datetime,
        action: str,
        from_status: str | None,
        to_status: str | None,
        **detail: Any,
    ) -> AuditEvent:
        return cls(
            at,
            actor.username,
            actor.role.value,
            actor.channel.value,
            action,
            from_status,
            to_status,
            detail,
            actor.simulated,
        )
