"""Ports of the health monitor (F1): the dependencies it probes."""

from __future__ import annotations

from typing import Protocol


class DependencyProbe(Protocol):
    """One dependency TPS Online needs (a health URL, the database)."""

    name: str

    def check(self) -> str | None:
        """None when healthy; otherwise what went wrong, for the outage's cause."""
