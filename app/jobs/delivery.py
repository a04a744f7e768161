"""Push delivery (issue 5): every tick claims due outbox rows and hands each callback URL's
rows to a worker thread, then returns; the next tick claims more for the idle endpoints.

So a slow or dead endpoint holds at most one worker and only its own rows (its URL is "busy"
until its worker is done, and the first unanswered call puts its other rows back until the
retry), while the other endpoints go on. Requests never wait for any of this: the outbox row
was committed with the change and this job runs on its own thread.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from concurrent.futures import Future, ThreadPoolExecutor, wait
from datetime import datetime, timedelta

import httpx

from app.adapters.http.push_sender import (
    HttpPushSender,
    Resolver,
    SendResult,
    push_client,
    system_resolver,
)
from app.adapters.sql.repositories.outbox_repository import ClaimedDelivery, SqlPushDeliveries
from app.domain.callback_address import CallbackPolicy
from app.domain.push import retry_at
from app.jobs.context import JobContext

log = logging.getLogger("plp.jobs.push")


class PushDelivery:
    def __init__(
        self,
        ctx: JobContext,
        sender: HttpPushSender | None = None,
        resolve: Resolver = system_resolver,
    ) -> None:
        """`sender`: instead of one built from the settings; `resolve`: of callback hosts."""
        settings = ctx.settings
        self._ctx = ctx
        self._client: httpx.Client | None = None
        if sender is None:
            policy = CallbackPolicy.for_mode(
                settings.mode, tuple(settings.callback_allowed_networks)
            )
            self._client = push_client(settings.push_timeout_seconds, 64, policy, resolve)
            sender = HttpPushSender(self._client, policy)
        self._sender = sender
        self._pool = ThreadPoolExecutor(settings.push_workers, thread_name_prefix="push")
        self._busy: set[str] = set()
        self._guard = threading.Lock()
        self._batch = settings.push_batch
        # the lease outlives the slowest batch an endpoint can take: then it is safe to resend
        self._lease = timedelta(seconds=settings.push_timeout_seconds * self._batch + 30)

    def run(self, wait_for_sends: bool = False) -> int:
        """One tick: claim and dispatch; with wait_for_sends, return only when all are sent."""
        with self._guard:
            busy = frozenset(self._busy)
        with self._ctx.database.session() as session:
            claimed = SqlPushDeliveries(session).claim(
                self._ctx.clock.now(), self._lease, self._batch, busy
            )
        groups: dict[str, list[ClaimedDelivery]] = defaultdict(list)
        for d in claimed:
            groups[d.url].append(d)
        futures: list[Future[None]] = []
        for url, rows in groups.items():
            with self._guard:
                self._busy.add(url)
            futures.append(self._pool.submit(self._deliver, url, rows))
        if wait_for_sends:
            wait(futures)
        return len(claimed)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        if self._client is not None:
            self._client.close()

    def _deliver(self, url: str, rows: list[ClaimedDelivery]) -> None:
        try:
            for i, d in enumerate(rows):
                result = self._sender.send(
                    d.url, d.event_id, d.event_type, d.body, d.secret, d.attempts
                )
                again = self._record(d, result)
                if result.endpoint_down and again is not None:
                    self._put_back(rows[i + 1 :], again)
                    break
        except Exception:  # a worker must never die silently: the rows come back by lease
            log.exception("push delivery to %s failed unexpectedly", url)
        finally:
            with self._guard:
                self._busy.discard(url)

    def _record(self, d: ClaimedDelivery, result: SendResult) -> datetime | None:
        """Mark the row; returns when it will be tried again (None: delivered or dead)."""
        now = self._ctx.clock.now()
        with self._ctx.database.session() as session:
            store = SqlPushDeliveries(session)
            if result.ok:
                store.delivered(d, now, result.status_code or 200)
                return None
            if result.refused:  # the address is not allowed: retrying changes nothing
                store.failed(d, None, None, result.error)
                log.warning("push event %s to %s refused: %s", d.event_id, d.url, result.error)
                return None
            again = retry_at(d.attempts, now)
            if again >= d.expires_at:  # 24 hours of retries are over
                store.failed(d, None, result.status_code, result.error)
                log.warning("push event %s to %s is dead: %s", d.event_id, d.url, result.error)
                return None
            store.failed(d, again, result.status_code, result.error)
            return again

    def _put_back(self, rows: list[ClaimedDelivery], again: datetime) -> None:
        with self._ctx.database.session() as session:
            store = SqlPushDeliveries(session)
            for d in rows:
                store.release(d, again)
