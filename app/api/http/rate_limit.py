"""Brute-force limit on logins (REST /auth/token and SOAP credentials): after too many failures
in a window, an account, or a client address, is refused until the window ends, even with
the right password. Counts live in the database, so the limit holds across instances.

A verified SOAP pair stays in the credential cache, so a client already working is not cut off
by someone else guessing its password; only new logins are refused.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta

from fastapi import Request
from starlette.exceptions import HTTPException

from app.adapters import metrics
from app.adapters.log_format import CLIENT_ADDRESS
from app.adapters.sql.database import Database
from app.adapters.sql.repositories.login_throttle_repository import SqlLoginThrottle, throttle_key
from app.config import Settings

# The seconds a SOAP refusal asks to wait, for the Retry-After header of its answer.
SOAP_RETRY_AFTER: ContextVar[int | None] = ContextVar("plp_soap_retry_after", default=None)


class TooManyLoginsError(HTTPException):
    def __init__(self, seconds: int) -> None:
        super().__init__(
            429,
            f"too many failed logins: try again in {seconds} seconds",
            headers={"Retry-After": str(seconds)},
        )
        self.seconds = seconds


class LoginLimiter:
    def __init__(
        self,
        database: Database,
        settings: Settings,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._store, self._now = SqlLoginThrottle(database), now
        self._window = timedelta(seconds=settings.login_window_seconds)
        self._limits = {"u": settings.login_max_failures, "a": settings.login_max_failures_client}

    def check(self, username: str, client: str | None, channel: str) -> None:
        """Raise TooManyLoginsError while the account or the address is over its limit."""
        keys = self._keys(username, client)
        now = self._now()
        wait = 0.0
        for key, (failures, start) in self._store.failures(keys, now - self._window).items():
            if failures >= self._limits[key[0]]:
                wait = max(wait, (start + self._window - now).total_seconds())
        if wait > 0:
            metrics.LOGIN_THROTTLED.labels(channel).inc()
            raise TooManyLoginsError(max(1, math.ceil(wait)))

    def failed(self, username: str, client: str | None) -> None:
        self._store.record_failure(self._keys(username, client), self._now(), self._window)

    def succeeded(self, username: str) -> None:
        """The account's count starts again; the address's does not (one valid account must
        not let an address go on guessing others)."""
        self._store.clear(throttle_key("u", username))

    @staticmethod
    def _keys(username: str, client: str | None) -> list[str]:
        keys = [throttle_key("u", username)]
        if client:
            keys.append(throttle_key("a", client))
        return keys


def limiter_of(request: Request) -> LoginLimiter:
    limiter: LoginLimiter = request.app.state.login_limiter
    return limiter


def client_address(request: Request | None = None) -> str | None:
    """The peer (behind trusted proxies, the forwarded client: PLP_FORWARDED_ALLOW_IPS)."""
    if request is not None and request.client is not None:
        return request.client.host
    return CLIENT_ADDRESS.get()
