"""Clocks: the system's, and one that demo and test mode may move forward (issue 4 tests)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class AdjustableClock:
    """The system time plus an offset, or a frozen instant: never enabled in production."""

    def __init__(self) -> None:
        self._offset = timedelta()
        self._frozen: datetime | None = None
        self._lock = threading.Lock()

    def now(self) -> datetime:
        frozen = self._frozen
        return frozen if frozen is not None else datetime.now(UTC) + self._offset

    def set(self, at: datetime, frozen: bool = False) -> None:
        with self._lock:
            self._frozen = at if frozen else None
            self._offset = at - datetime.now(UTC)

    def advance(self, by: timedelta) -> None:
        with self._lock:
            if self._frozen is not None:
                self._frozen += by
            self._offset += by

    def reset(self) -> None:
        with self._lock:
            self._frozen, self._offset = None, timedelta()
