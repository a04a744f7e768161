"""Callback registrations and signing secrets of TPS accounts, and the admin's view of the
outbox (dead deliveries, redelivery)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from app.adapters.sql.repositories.outbox_repository import D
from app.adapters.sql.tables.outbox_tables import PushAccountRow, PushSubscriptionRow
from app.domain.push import RETRY_FOR, DeliveryStatus


@dataclass(frozen=True)
class Subscription:
    event_type: str
    url: str
    created_at: datetime


@dataclass(frozen=True)
class DeliveryRecord:
    id: int
    event_id: str
    event_type: str
    tps_code: str
    username: str
    url: str
    request_id: str | None
    status: str
    attempts: int
    created_at: datetime
    next_attempt_at: datetime
    expires_at: datetime
    delivered_at: datetime | None
    last_status: int | None
    last_error: str | None


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


class SqlPushSubscriptions:
    def __init__(self, session: Session) -> None:
        self._session = session

    def put(self, username: str, tps_code: str, event_type: str, url: str, now: datetime) -> None:
        self._session.merge(
            PushSubscriptionRow(
                username=username, event_type=event_type, tps_code=tps_code, url=url, created_at=now
            )
        )

    def ensure_secret(self, username: str, tps_code: str, now: datetime) -> str | None:
        """A new account's secret (to be shown once); None when it has one already."""
        if self._session.get(PushAccountRow, username) is not None:
            return None
        return self.rotate(username, tps_code, now)

    def rotate(self, username: str, tps_code: str, now: datetime) -> str:
        secret = new_secret()
        self._session.merge(
            PushAccountRow(
                username=username, tps_code=tps_code, secret=secret, secret_created_at=now
            )
        )
        return secret

    def secret_created_at(self, username: str) -> datetime | None:
        row = self._session.get(PushAccountRow, username)
        return row.secret_created_at if row else None

    def of(self, username: str) -> list[Subscription]:
        t = PushSubscriptionRow.__table__  # type: ignore[attr-defined]
        rows = self._session.execute(
            select(t).where(t.c.username == username).order_by(t.c.event_type)
        )
        return [Subscription(r.event_type, r.url, r.created_at) for r in rows]

    def remove(self, username: str, event_type: str) -> bool:
        t = PushSubscriptionRow.__table__  # type: ignore[attr-defined]
        result = self._session.execute(
            delete(t).where(t.c.username == username, t.c.event_type == event_type)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


class SqlDeliveryAdmin:
    def __init__(self, session: Session) -> None:
        self._session = session

    def list(
        self, status: str | None, tps_code: str | None, username: str | None, limit: int
    ) -> list[DeliveryRecord]:
        query = select(D).order_by(D.c.created_at.desc(), D.c.id.desc()).limit(limit)
        for column, value in ((D.c.status, status), (D.c.tps_code, tps_code)):
            if value:
                query = query.where(column == value)
        if username:
            query = query.where(D.c.username == username)
        return [_record(r) for r in self._session.execute(query)]

    def get(self, delivery_id: int) -> DeliveryRecord | None:
        row = self._session.execute(select(D).where(D.c.id == delivery_id)).first()
        return _record(row) if row else None

    def redeliver(self, delivery_id: int, now: datetime) -> bool:
        """Due now, with another 24 hours of retries; a delivered one is sent again too."""
        result = self._session.execute(
            update(D)
            .where(D.c.id == delivery_id)
            .values(
                status=DeliveryStatus.PENDING.value,
                next_attempt_at=now,
                expires_at=now + RETRY_FOR,
                locked_until=None,
                claim=None,
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


def _record(r: object) -> DeliveryRecord:
    m = r._mapping  # type: ignore[attr-defined]
    return DeliveryRecord(**{k: m[k] for k in DeliveryRecord.__dataclass_fields__})
