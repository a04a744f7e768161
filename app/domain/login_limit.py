"""The brute-force limit on logins, per account and client address together and per address
alone, with delays that double after a few failures of a pair: an attacker guessing from one
address locks out only that address, never an officer logging in from another. Failures are
counted atomically as they happen, and only those within the limit are told the password was
wrong, so concurrent guesses cannot all pass a check made before any was counted. The counts
live behind a port: every instance sees them."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.domain.errors import TooManyLoginsError
from app.domain.ports.accounts import Attempts, LoginThrottle

PAIR, ADDRESS = "p", "a"


@dataclass(frozen=True)
class LoginAttempt:
    """The keys one attempt counts under: the pair's first, then the address's."""

    keys: list[str]


@dataclass
class LoginLimit:
    throttle: LoginThrottle
    window: timedelta
    max_per_pair: int  # failed logins of one account from one address, per window
    max_per_address: int  # failed logins from one address, any account, per window
    free_failures: int  # failures of a pair before the delays start
    first_delay: timedelta  # then doubled at each failure, never longer than the window
    now: Callable[[], datetime]

    def begin(self, username: str, client: str | None) -> LoginAttempt:
        """Before the password is checked: TooManyLoginsError while the pair or the address
        is at its limit or inside its delay."""
        keys = [self.throttle.key(PAIR, f"{username}\n{client or ''}")]
        if client:
            keys.append(self.throttle.key(ADDRESS, client))
        attempt = LoginAttempt(keys)
        self._refuse_if_limited(attempt, with_delay=True)
        return attempt

    def failed(self, attempt: LoginAttempt) -> None:
        """Count the failure; TooManyLoginsError if it went over a limit (it is not answered
        as a wrong password)."""
        now = self.now()
        counted = self.throttle.record_failure(attempt.keys, now, self.window)
        ends = [
            c.window_start + self.window
            for key, c in counted.items()
            if c.count > self._limit(key, attempt)
        ]
        if ends:
            raise TooManyLoginsError(_seconds(max(ends) - now))

    def succeeded(self, attempt: LoginAttempt) -> None:
        """The right password, unless failures counted meanwhile reached a limit. The pair
        starts again; the address keeps its failures (one valid account must not let an
        address go on guessing others)."""
        self._refuse_if_limited(attempt, with_delay=False)
        self.throttle.clear(attempt.keys[0])

    def _refuse_if_limited(self, attempt: LoginAttempt, with_delay: bool) -> None:
        now = self.now()
        known = self.throttle.failures(attempt.keys, now - self.window)
        waits = [self._wait(key, attempt, c, now, with_delay) for key, c in known.items()]
        if waits and max(waits) > 0:
            raise TooManyLoginsError(_seconds(timedelta(seconds=max(waits))))

    def _wait(
        self, key: str, attempt: LoginAttempt, known: Attempts, now: datetime, with_delay: bool
    ) -> float:
        if known.count >= self._limit(key, attempt):
            return (known.window_start + self.window - now).total_seconds()
        if not with_delay or key != attempt.keys[0] or known.last_failed_at is None:
            return 0.0
        if known.count < self.free_failures:
            return 0.0
        doublings = min(known.count - self.free_failures, 30)
        delay = min(self.first_delay * (1 << doublings), self.window)
        return (known.last_failed_at + delay - now).total_seconds()

    def _limit(self, key: str, attempt: LoginAttempt) -> int:
        return self.max_per_pair if key == attempt.keys[0] else self.max_per_address


def _seconds(wait: timedelta) -> int:
    return max(1, math.ceil(wait.total_seconds()))
