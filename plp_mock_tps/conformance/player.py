"""Plays a conformance run: for each listed scenario, start it over the conformance API, act
as the TPS over the run's protocol (the scenario's handler), finish it and keep the grade."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from plp_mock_tps.conformance.api import ConformanceApi
from plp_mock_tps.conformance.client import Client, NoAnswerError
from plp_mock_tps.conformance.h2h_wire import H2hWire
from plp_mock_tps.conformance.handlers import HANDLERS, Play
from plp_mock_tps.conformance.profiles import Profile
from plp_mock_tps.conformance.rest_wire import RestWire
from plp_mock_tps.conformance.scenario_data import goods_of, params_of
from plp_mock_tps.conformance.soap_wire import SoapWire
from plp_mock_tps.conformance.wire import SESSION_SETTLE_SECONDS, Wire, WireError
from plp_mock_tps.connection import Connection


@dataclass
class PlayedScenario:
    id: str
    outcome: str  # the simulator's grade: passed, failed (not_attempted: no handler)
    seconds: float
    checks: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def failed_checks(self) -> list[dict[str, Any]]:
        return [c for c in self.checks if not c.get("passed")]


@dataclass
class PlayedRun:
    run_id: str
    protocol: str
    profile: str
    scenarios: list[PlayedScenario]
    seconds: float

    def ids(self, outcome: str) -> list[str]:
        return [s.id for s in self.scenarios if s.outcome == outcome]


@dataclass
class Options:
    profile: Profile
    admin: str | None = "admin"  # reads the test clock and issues an H2H key in demo mode
    api_key: str | None = None  # H2H's beacukai-api-key
    timeout: float = 60.0  # per response awaited
    only: tuple[str, ...] = ()  # scenario ids; empty: every listed one
    keep_new_password: bool = False  # PLP-16: otherwise the old one is set again after it
    on_scenario: Callable[[PlayedScenario], None] | None = None


def play(connection: Connection, account: str, run_id: str, options: Options) -> PlayedRun:
    started = time.monotonic()
    api = ConformanceApi(connection, account)
    run = api.run(run_id)
    wire = make_wire(connection, account, str(run["tps"]), str(run["protocol"]), options)
    played = []
    try:
        for listed in run["scenarios"]:
            if options.only and listed["id"] not in options.only:
                continue
            result = _scenario(api, wire, connection, account, run, listed["id"], options)
            played.append(result)
            if options.on_scenario is not None:
                options.on_scenario(result)
        api.finish_run(run_id)
    finally:
        wire.close()
    seconds = time.monotonic() - started
    return PlayedRun(run_id, str(run["protocol"]), options.profile.name, played, seconds)


def _scenario(
    api: ConformanceApi,
    wire: Wire,
    connection: Connection,
    account: str,
    run: dict[str, Any],
    sid: str,
    options: Options,
) -> PlayedScenario:
    began = time.monotonic()
    scenario = api.start(str(run["id"]), sid)
    data = scenario.get("data") or {}
    old_password = connection.password(account)

    def now() -> datetime:
        return api.server_now(options.admin) or datetime.now(UTC)

    def switch(password: str) -> bool:
        # the service's instances take a moment to see the change (wire.py): a login at once
        # may get a session they refuse, which reads as the old password's
        time.sleep(SESSION_SETTLE_SECONDS)
        connection.set_password(account, password)
        if isinstance(wire, H2hWire):
            wire.login()
        return True

    client = Client(wire, options.profile, params_of(scenario), now, timeout=options.timeout)
    today = now().date()
    goods = goods_of(data, run, sid)
    new_password = f"{old_password}-{str(run['id'])[:6]}"
    current = Play(sid, goods, client, today, switch, new_password)
    handler = HANDLERS.get(sid)
    if handler is None:
        current.notes.append("no handler for this scenario in this client")
    else:
        try:
            handler(current)
        except (NoAnswerError, WireError, NotImplementedError) as exc:
            current.notes.append(f"{type(exc).__name__}: {exc}")
    graded = api.finish(str(run["id"]), sid)
    if connection.password(account) != old_password and not options.keep_new_password:
        _restore(client, connection, account, old_password, wire)
    return PlayedScenario(
        sid,
        str(graded.get("outcome")),
        time.monotonic() - began,
        list(graded.get("checks") or []),
        current.notes + client.notes,
    )


def _restore(client: Client, connection: Connection, account: str, old: str, wire: Wire) -> None:
    """After the scenario's window: the account's password as it was, so the next run (and
    the vendor's own tools) still log in."""
    if client.change_password(old).accepted:
        time.sleep(SESSION_SETTLE_SECONDS)
        connection.set_password(account, old)
        if isinstance(wire, H2hWire):
            wire.login()


def make_wire(
    connection: Connection, account: str, tps: str, protocol: str, options: Options
) -> Wire:
    if protocol in ("soap11", "soap12"):
        return SoapWire(connection, account, tps, soap12=protocol == "soap12")
    if protocol == "h2h":
        key = options.api_key or issue_api_key(connection, account, options.admin)
        return H2hWire(connection, account, tps, key)
    if protocol == "rest":
        return RestWire(connection, account, tps)
    raise ValueError(f"unknown protocol {protocol!r}")


def issue_api_key(connection: Connection, account: str, admin: str | None) -> str:
    """Demo and test mode: the admin issues the account a beacukai-api-key."""
    if not admin:
        raise WireError("H2H needs the account's beacukai-api-key (--api-key)")
    r = connection.call("POST", f"/api/v1/admin/accounts/{account}/api-key", admin)
    if r.status_code != 200:
        raise WireError(f"no API key for {account}: {r.status_code} {r.text[:200]}")
    return str(r.json()["api_key"])
