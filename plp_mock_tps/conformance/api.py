"""The simulator's conformance REST API, as the TPS account under test calls it: open a run,
read it, start and finish each scenario, finish the run. Only these calls go over REST; the
TPS's own messages go over the run's protocol."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from plp_mock_tps.conformance.wire import SESSION_SETTLE_SECONDS
from plp_mock_tps.connection import Connection

RUNS = "/api/v1/conformance/runs"


class ConformanceError(RuntimeError):
    pass


class ConformanceApi:
    def __init__(self, connection: Connection, account: str) -> None:
        self.connection, self.account = connection, account

    def open(self, protocol: str, quirks: bool = False) -> dict[str, Any]:
        return self._ok("POST", RUNS, {"protocol": protocol, "quirks": quirks}, 201)

    def run(self, run_id: str) -> dict[str, Any]:
        return self._ok("GET", f"{RUNS}/{run_id}")

    def start(self, run_id: str, scenario: str) -> dict[str, Any]:
        return self._ok("POST", f"{RUNS}/{run_id}/scenarios/{scenario}/start")

    def finish(self, run_id: str, scenario: str) -> dict[str, Any]:
        return self._ok("POST", f"{RUNS}/{run_id}/scenarios/{scenario}/finish")

    def finish_run(self, run_id: str) -> dict[str, Any]:
        return self._ok("POST", f"{RUNS}/{run_id}/finish")

    def server_now(self, admin: str | None) -> datetime | None:
        """The simulator's (test) clock, which the admin may read in demo and test mode."""
        if not admin:
            return None
        r = self.connection.call("GET", "/api/v1/test/clock", admin)
        return datetime.fromisoformat(r.json()["now"]) if r.status_code == 200 else None

    def _ok(self, method: str, path: str, body: Any = None, status: int = 200) -> dict[str, Any]:
        kw = {} if body is None else {"json": body}
        r = self.connection.call(method, path, self.account, **kw)
        if r.status_code == 401:  # just after a password change (wire.py says why)
            time.sleep(SESSION_SETTLE_SECONDS)
            r = self.connection.call(method, path, self.account, **kw)
        if r.status_code not in (status, 200):
            raise ConformanceError(f"{method} {path}: {r.status_code} {r.text[:300]}")
        return dict(r.json())
