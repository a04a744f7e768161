"""The push outbox: events written in the caller's transaction, claimed by the delivery job
with a lease (FOR UPDATE SKIP LOCKED on PostgreSQL), marked after each send.

At-least-once: a claim only leases a row; if the process dies between the send and the mark,
the lease runs out and the row is sent again with the same event id.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Integer, String, Text, bindparam, insert, literal, or_, select, update
from sqlalchemy.orm import Session

from app.adapters.sql.tables.outbox_tables import (
    PushAccountRow,
    PushDeliveryRow,
    PushSubscriptionRow,
)
from app.adapters.sql.types import UtcDateTime
from app.domain.push import RETRY_FOR, DeliveryStatus, PushEvent

D = PushDeliveryRow.__table__  # type: ignore[attr-defined]
SUB = PushSubscriptionRow.__table__  # type: ignore[attr-defined]
ACC = PushAccountRow.__table__  # type: ignore[attr-defined]
_COLUMNS = [
    "event_id",
    "event_type",
    "tps_code",
    "username",
    "url",
    "request_id",
    "body",
    "status",
    "attempts",
    "created_at",
    "next_attempt_at",
    "expires_at",
]


def _fan_out() -> object:
    """One outbox row per callback registered for the event's TPS and type: one statement."""
    when = {name: bindparam(name, type_=UtcDateTime) for name in ("at", "due", "expires")}
    chosen = select(
        bindparam("event_id", type_=String),
        SUB.c.event_type,
        SUB.c.tps_code,
        SUB.c.username,
        SUB.c.url,
        bindparam("request_id", type_=String),
        bindparam("body", type_=Text),
        literal(DeliveryStatus.PENDING.value, String),
        literal(0, Integer),
        when["at"],
        when["due"],
        when["expires"],
    ).where(SUB.c.tps_code == bindparam("tps"), SUB.c.event_type == bindparam("type"))
    return insert(D).from_select(_COLUMNS, chosen)


_FAN_OUT = _fan_out()


class SqlOutbox:
    """Implements the Outbox port on the unit of work's session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, events: list[PushEvent]) -> None:
        if not events:
            return
        params = [
            {
                "event_id": e.id,
                "request_id": e.request_id,
                "body": json.dumps(e.body(), separators=(",", ":")),
                "at": e.at,
                "due": e.at,
                "expires": e.at + RETRY_FOR,
                "tps": e.tps_code,
                "type": e.type.value,
            }
            for e in events
        ]
        self._session.connection().execute(_FAN_OUT, params)  # type: ignore[call-overload]


@dataclass(frozen=True)
class ClaimedDelivery:
    id: int
    event_id: str
    event_type: str
    url: str
    body: str
    attempts: int  # including this one
    secret: str
    expires_at: datetime
    claim: str


class SqlPushDeliveries:
    """What the delivery job and the admin do with the outbox; each call is one transaction."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def claim(
        self, now: datetime, lease: timedelta, limit: int, busy_urls: frozenset[str]
    ) -> list[ClaimedDelivery]:
        due = select(D.c.id).where(
            D.c.status == DeliveryStatus.PENDING.value,
            D.c.next_attempt_at <= now,
            or_(D.c.locked_until.is_(None), D.c.locked_until < now),
        )
        if busy_urls:  # an endpoint still busy with the last batch gets nothing more now
            due = due.where(D.c.url.not_in(sorted(busy_urls)))
        due = due.order_by(D.c.next_attempt_at).limit(limit).with_for_update(skip_locked=True)
        ids = list(self._session.execute(due).scalars())
        if not ids:
            self._session.rollback()
            return []
        token = uuid.uuid4().hex
        self._session.execute(
            update(D)
            .where(D.c.id.in_(ids))
            .values(locked_until=now + lease, claim=token, attempts=D.c.attempts + 1)
        )
        rows = self._session.execute(
            select(D, ACC.c.secret)
            .join(ACC, ACC.c.username == D.c.username)
            .where(D.c.id.in_(ids))
            .order_by(D.c.next_attempt_at, D.c.id)
        ).all()
        self._session.commit()
        return [
            ClaimedDelivery(
                r.id,
                r.event_id,
                r.event_type,
                r.url,
                r.body,
                r.attempts,
                r.secret,
                r.expires_at,
                token,
            )
            for r in rows
        ]

    def delivered(self, d: ClaimedDelivery, now: datetime, status_code: int) -> bool:
        return self._mark(
            d,
            status=DeliveryStatus.DELIVERED.value,
            delivered_at=now,
            last_status=status_code,
            last_error=None,
        )

    def failed(
        self, d: ClaimedDelivery, retry_at: datetime | None, status_code: int | None, error: str
    ) -> bool:
        """retry_at None: the 24 hours are over, the delivery is dead."""
        values: dict[str, object] = {"last_status": status_code, "last_error": error[:500]}
        if retry_at is None:
            values["status"] = DeliveryStatus.DEAD.value
        else:
            values["next_attempt_at"] = retry_at
        return self._mark(d, **values)

    def release(self, d: ClaimedDelivery, retry_at: datetime) -> bool:
        """Not tried (its endpoint just failed): back in the queue, the attempt not counted."""
        return self._mark(d, next_attempt_at=retry_at, attempts=D.c.attempts - 1)

    def _mark(self, d: ClaimedDelivery, **values: object) -> bool:
        result = self._session.execute(
            update(D)
            .where(D.c.id == d.id, D.c.claim == d.claim)  # a lease taken over is not ours
            .values(locked_until=None, claim=None, **values)
        )
        self._session.commit()
        return bool(result.rowcount)  # type: ignore[attr-defined]
