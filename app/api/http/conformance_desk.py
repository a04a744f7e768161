"""The conformance pack's ports for one running app, built once: the REST routes, the CLI and
the observation tap of every channel use the same desk (and its cached "any open run?")."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import jwt
from anyio import to_thread

from app.adapters.clock import AdjustableClock
from app.adapters.sql.repositories.conformance_goods import SqlScenarioGoods
from app.adapters.sql.repositories.conformance_repository import (
    SqlConformanceRuns,
    SqlPushRedelivery,
)
from app.api.http.wiring import Services
from app.domain.conformance.run import ActiveScenario
from app.domain.services.conformance_moves import ProcedureMoves
from app.domain.services.conformance_runs import ConformanceDesk

log = logging.getLogger("plp.conformance")
REFRESH_SECONDS = 1.0  # another instance's run is seen within this


def desk_of(services: Services, moves: bool = True) -> ConformanceDesk:
    """`moves`: this process plays the officers and moves its test clock (the server does; the
    command line leaves the moves to the server, whose clock is the one that counts)."""
    runs = SqlConformanceRuns(services.database)
    clock = services.clock
    executor = None
    if moves and isinstance(clock, AdjustableClock):
        executor = ProcedureMoves(
            runs,
            services.uow,
            clock,
            services.reference,
            services.calendars,
            services.submission_context(),
            pushes=SqlPushRedelivery(services.database),
            clock_moved=lambda: _tell(services.clock_listeners),
            modes_changed=services.reference.invalidate,
        )
    return ConformanceDesk(
        runs=runs,
        goods=SqlScenarioGoods(services.database),
        accounts=services.accounts,
        reference=services.reference,
        clock=services.clock,
        enabled=services.settings.allows_test_controls,
        executor=executor,
    )


def _tell(listeners: list[Callable[[], None]]) -> None:
    for listener in listeners:
        listener()


@dataclass
class ActiveRuns:
    """The running scenarios by account, read at most once a second: with no run open the
    hot path costs one clock read and a comparison."""

    desk: ConformanceDesk
    _by_account: dict[str, ActiveScenario] = field(default_factory=dict)
    _until: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def of(self, account: str) -> ActiveScenario | None:
        return self._by_account.get(account)

    async def current(self) -> dict[str, ActiveScenario]:
        """On the event loop: the database is read in a worker thread, once a second."""
        if time.monotonic() >= self._until:
            await to_thread.run_sync(self.refresh)
        return self._by_account

    def refresh(self) -> None:
        """A database that cannot answer (down, not migrated yet) means no run is observed
        until it can: the tap never fails a request of its own accord."""
        with self._lock:
            now = time.monotonic()
            if now < self._until:
                return
            self._until = now + REFRESH_SECONDS
            try:
                self._by_account = {a.account: a for a in self.desk.runs.active()}
            except Exception as exc:  # any driver error: observe nothing
                log.warning("conformance runs unreadable, none observed: %s", exc)
                self._by_account = {}

    def forget(self) -> None:
        """A scenario started or finished on this instance is seen at once."""
        self._until = 0.0


@dataclass(frozen=True)
class TokenFacts:
    subject: str | None
    issued_at: float | None  # seconds since the epoch


def token_facts(secret: str) -> Callable[[str], TokenFacts]:
    """The account of a REST or H2H bearer token and when it was issued, its signature
    checked; an expired token still names who sent it (its message is evidence too)."""
    known: dict[str, TokenFacts] = {}

    def facts(token: str) -> TokenFacts:
        if token not in known:
            try:
                claims = jwt.decode(
                    token,
                    secret,
                    algorithms=["HS256"],
                    options={"verify_exp": False, "verify_aud": False, "verify_iss": False},
                )
            except jwt.PyJWTError:
                claims = {}
            if len(known) >= 10_000:
                known.clear()
            sub, iat = claims.get("sub"), claims.get("iat")
            known[token] = TokenFacts(
                sub if isinstance(sub, str) else None,
                float(iat) if isinstance(iat, int | float) else None,
            )
        return known[token]

    return facts
