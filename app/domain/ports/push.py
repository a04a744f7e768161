"""Ports of push delivery (issue 5): the outbox events are written to."""

from __future__ import annotations

from typing import Protocol

from app.domain.push import PushEvent


class Outbox(Protocol):
    def add(self, events: list[PushEvent]) -> None:
        """Queue events for the callbacks registered for them, in the caller's transaction."""
