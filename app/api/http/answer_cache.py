"""Whole read answers kept until the database commits anything (issue 13).

A kept answer is served only while three things hold: the database revision read before it
was built is still the current one (no commit by any instance since: `DatabaseRevision`), the
clock is inside the span over which its time-derived parts stay as shown (the SLA's whole
minutes and state, `SlaStatus.shown_until`), and it was not built on reference data older than
the revision: offices and closed days are re-read every REFERENCE_TTL seconds, so an answer
built within that time of a new revision is kept only until then. Anything else builds the
answer again, so a reader on any instance gets what an uncached read would give."""

from __future__ import annotations

import asyncio
import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime

from app.adapters.metrics import ANSWER_CACHE
from app.adapters.sql.repositories.reference_data_repository import REFERENCE_TTL
from app.adapters.sql.revision import DatabaseRevision

_HIT, _MISS, _BYPASS = (ANSWER_CACHE.labels(o) for o in ("hit", "miss", "bypass"))


@dataclass(frozen=True)
class _Kept:
    body: bytes
    since: datetime  # the clock once the answer was built
    until: datetime | None  # None: no clock in it runs
    at: datetime | None  # a clock standing still: the one instant it was built at
    expires: float | None  # monotonic; None: not before the revision or the clock moves on


class AnswerCache:
    """One per process, bounded by the bytes of the answers it keeps (least recently used
    first out)."""

    def __init__(self, revision: DatabaseRevision | None, max_bytes: int) -> None:
        self._source = revision if max_bytes > 0 else None
        self._max_bytes = max_bytes
        self._kept: OrderedDict[Hashable, _Kept] = OrderedDict()
        self._bytes = 0
        self._revision: object | None = None
        self._revision_seen = 0.0  # monotonic
        self._lock = threading.Lock()
        self._next_read: asyncio.Future[object | None] | None = None

    async def revision(self) -> object | None:
        """Read before the data the answer is built from; None: build it, keep nothing.

        On PostgreSQL the reads that are ready at once share one round trip: each joins the
        next read not yet sent, which the event loop sends once they have all run up to here,
        so it still starts after every one of them arrived (what makes it exact for them)."""
        source = self._source
        if source is None:
            return None
        if not source.round_trip:  # SQLite: cheaper than any sharing
            return source.current()
        loop = asyncio.get_running_loop()
        shared = self._next_read
        if shared is None or shared.get_loop() is not loop:
            shared = self._next_read = loop.create_future()
            loop.call_soon(self._read, shared)
        # shielded: a reader that goes away must not cancel the others' read
        return await asyncio.shield(shared)

    def _read(self, shared: asyncio.Future[object | None]) -> None:
        if self._next_read is shared:  # readers from now on wait for the next one
            self._next_read = None
        if not shared.done():
            shared.set_result(self._source.current() if self._source is not None else None)

    def get(self, key: Hashable, revision: object | None, now: datetime) -> bytes | None:
        if revision is None:
            _BYPASS.inc()
            return None
        with self._lock:
            if revision != self._revision:  # something was committed: nothing kept is true
                self._kept.clear()
                self._bytes, self._revision = 0, revision
                self._revision_seen = time.monotonic()
            kept = self._kept.get(key)
            if kept is not None and _fresh(kept, now):
                self._kept.move_to_end(key)
                _HIT.inc()
                return kept.body
        _MISS.inc()
        return None

    def keep(
        self,
        key: Hashable,
        revision: object | None,
        body: bytes,
        started: datetime,
        finished: datetime,
        until: datetime | None,
    ) -> None:
        """`started`/`finished`: the clock before and after the build; `until`: when its
        time-derived parts next change (None: they do not)."""
        if revision is None or len(body) > self._max_bytes:
            return
        at = started if started == finished else None
        with self._lock:
            if revision != self._revision:  # built on what was current before the last commit
                return
            # reference data re-read since the revision appeared is as new as the revision
            settled = self._revision_seen + REFERENCE_TTL
            kept = _Kept(body, finished, until, at, settled if time.monotonic() < settled else None)
            old = self._kept.pop(key, None)
            self._bytes += len(body) - (len(old.body) if old else 0)
            self._kept[key] = kept
            while self._bytes > self._max_bytes:
                _, dropped = self._kept.popitem(last=False)
                self._bytes -= len(dropped.body)

    def close(self) -> None:
        if self._source is not None:
            self._source.close()


def _fresh(kept: _Kept, now: datetime) -> bool:
    if kept.expires is not None and time.monotonic() >= kept.expires:
        return False
    if kept.until is None or now == kept.at:
        return True
    return kept.since <= now < kept.until
