"""The brute-force limit on logins: after too many failures in a window, an account, or a
client address, is refused until the window ends, even with the right password. The counts
live behind a port, so the limit holds across instances."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.domain.errors import TooManyLoginsError
from app.domain.ports.accounts import LoginThrottle

ACCOUNT, ADDRESS = "u", "a"


@dataclass
class LoginLimit:
    throttle: LoginThrottle
    window: timedelta
    max_per_account: int
    max_per_address: int
    now: Callable[[], datetime]

    def check(self, username: str, client: str | None) -> None:
        """TooManyLoginsError while the account or the address is over its limit."""
        keys = self._keys(username, client)
        now = self.now()
        limits = {keys[0]: self.max_per_account} | dict.fromkeys(keys[1:], self.max_per_address)
        wait = 0.0
        for key, (failures, start) in self.throttle.failures(keys, now - self.window).items():
            if failures >= limits.get(key, self.max_per_account):
                wait = max(wait, (start + self.window - now).total_seconds())
        if wait > 0:
            raise TooManyLoginsError(max(1, math.ceil(wait)))

    def failed(self, username: str, client: str | None) -> None:
        self.throttle.record_failure(self._keys(username, client), self.now(), self.window)

    def succeeded(self, username: str) -> None:
        """The account's count starts again; the address's does not (one valid account must
        not let an address go on guessing others)."""
        self.throttle.clear(self.throttle.key(ACCOUNT, username))

    def _keys(self, username: str, client: str | None) -> list[str]:
        keys = [self.throttle.key(ACCOUNT, username)]
        if client:
            keys.append(self.throttle.key(ADDRESS, client))
        return keys
