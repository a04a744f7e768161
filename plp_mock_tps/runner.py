"""Runs scenarios and says, per step, what was expected and what came back. Officers' steps
are taken by the client (`officers="client"`, the officer accounts over REST) or left to the
simulator's auto-officer (`"auto"`): when its policy leaves a step to humans, the scenario
stops there, as a TPS integration test waiting for a real officer would."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from plp_mock_tps import steps as s
from plp_mock_tps.connection import Connection
from plp_mock_tps.goods import GoodsPool
from plp_mock_tps.receiver import CallbackReceiver, Received
from plp_mock_tps.scenario import Scenario, Step, StepResult
from plp_mock_tps.tps import Tps, make_tps, new_ref

T = TypeVar("T")
DEFAULT_REQUEST: dict[str, Any] = {
    "origin_tps": "TPKA", "origin_gudang": "TPKA", "destination_tps": "CFSB",
    "destination_gudang": "CFB1", "reason": "SPECIAL_FACILITY", "applicant_name": "MOCK TPS",
    "containers": 1,
}  # fmt: skip
ACTIONS: dict[str, Callable[[ScenarioRun, Step], dict[str, Any]]] = {
    "submit": s.submit,
    "officer": s.officer,
    "response": s.response,
    "gate_out": lambda run, step: s.gate(run, step, gate_in=False),
    "gate_in": lambda run, step: s.gate(run, step, gate_in=True),
    "cancel": s.cancel,
    "status": s.status,
    "push": s.push,
    "outage": s.outage,
    "clock": s.clock,
    "office": s.office,
    "setting": s.setting,
    "watch": s.watch,
}


@dataclass
class RunOptions:
    protocol: str = "rest"  # rest, soap, or soap:<flavour> (php12 php11 java curl odoo zeep)
    officers: str = "auto"  # auto: the simulator's auto-officer; client: officer accounts
    timeout: float = 20.0  # per waiting step
    parallel: int = 4  # scenarios at once (exclusive ones run alone, last)
    poll_interval: float = 0.2
    receiver: CallbackReceiver | None = None  # also check pushed responses
    goods: GoodsPool | None = None  # None: seed a fresh manifest as the admin
    accounts: dict[str, str] = field(default_factory=dict)  # TPS code -> account
    admin: str = "admin"


@dataclass
class ScenarioResult:
    scenario: str
    protocol: str
    outcome: str  # passed, stopped (at an officer's step left to humans) or failed
    steps: list[StepResult]
    seconds: float

    @property
    def passed(self) -> bool:
        return self.outcome == "passed"

    @property
    def stopped_at(self) -> int | None:
        return next((r.index for r in self.steps if r.stopped), None)


class ScenarioRun:
    def __init__(
        self, scenario: Scenario, connection: Connection, options: RunOptions, goods: GoodsPool
    ) -> None:
        self.scenario, self.connection, self.options, self.goods = (
            scenario,
            connection,
            options,
            goods,
        )
        self.request_id: str | None = None
        self.body: dict[str, Any] = {}
        self.cancel_ref: str | None = None
        self.outage_id: str | None = None
        self._tps: dict[str, Tps] = {}
        self._policy: dict[str, Any] | None = None

    def account(self, tps_code: str) -> str:
        return self.options.accounts.get(tps_code, tps_code.lower())

    def tps(self, code: str) -> Tps:
        if code not in self._tps:
            self._tps[code] = make_tps(self.connection, self.account(code), self.options.protocol)
        return self._tps[code]

    def path(self) -> str:
        if self.request_id is None:
            raise AssertionError("no request filed yet in this scenario")
        return f"/api/v1/plp-requests/{self.request_id}"

    def read(self) -> dict[str, Any]:
        r = self.connection.call("GET", self.path(), self.account(self.scenario.applicant))
        r.raise_for_status()
        return dict(r.json())

    def until(
        self,
        probe: Callable[[], T | None],
        what: str,
        seconds: float | None = None,
        quiet: bool = False,
    ) -> T:
        deadline = time.monotonic() + (seconds or self.options.timeout)
        while True:
            found = probe()
            if found is not None:
                return found
            if time.monotonic() > deadline:
                if quiet:
                    return None  # type: ignore[return-value]
                raise s.WaitTimeoutError(f"waited {seconds or self.options.timeout:g} s for {what}")
            time.sleep(self.options.poll_interval)

    def wait(self, done: Callable[[dict[str, Any]], bool], what: str) -> dict[str, Any]:
        def probe() -> dict[str, Any] | None:
            request = self.read()
            return request if done(request) else None

        return self.until(probe, what)

    def policy(self) -> dict[str, Any]:
        if self._policy is None:
            office = self.goods.office_code
            r = self.connection.call(
                "GET",
                f"/api/v1/simulation/policies/{office}",
                self.account(self.scenario.applicant),
            )
            self._policy = dict(r.json()) if r.status_code == 200 else {}
        return self._policy

    def office_mode(self) -> str:
        path = f"/api/v1/offices/{self.goods.office_code}/service"
        r = self.connection.call("GET", path, self.account(self.scenario.applicant))
        return str(r.json().get("mode"))

    def server_now(self) -> datetime:
        """The service's (test) clock, as the admin reads it."""
        r = self.connection.call("GET", "/api/v1/test/clock", self.options.admin)
        r.raise_for_status()
        return datetime.fromisoformat(r.json()["now"])

    def pushed(self, event_type: str, any_request: bool = False) -> Received | None:
        receiver = self.options.receiver
        if receiver is None:
            return None
        return receiver.wait_for(
            lambda e: (
                e.event_type == event_type
                and (any_request or e.body["data"].get("request_id") == self.request_id)
            ),
            self.options.timeout,
        )

    def body_for(self, overrides: dict[str, Any]) -> dict[str, Any]:
        spec = DEFAULT_REQUEST | self.scenario.request | overrides
        spec.setdefault("letter_number", f"MOCK/{self.scenario.name}"[:40])
        g = self.goods
        body = {k: v for k, v in spec.items() if k not in ("containers", "packages")}
        body |= {
            "office_code": g.office_code, "ref_number": new_ref(self.scenario.applicant),
            "letter_date": datetime.now(UTC).date().isoformat(), "bc11_number": g.bc11_number,
            "bc11_date": g.bc11_date.isoformat(), "vessel_name": "MV MOCK TPS",
            "call_sign": "9VMCK", "voyage": "001M",
        }  # fmt: skip
        body["containers"] = self._containers(spec.get("containers", 0))
        body["packages"] = self._packages(spec.get("packages", 0))
        return body

    def _containers(self, spec: Any) -> list[dict[str, str]]:
        if spec == "$previous":
            return list(self.body.get("containers", []))
        if isinstance(spec, int):
            return self.goods.take_containers(spec) if spec else []
        found: list[dict[str, str]] = []
        for item in spec:
            if item == "$first":
                found.append(found[0])
            else:
                found.append(item if isinstance(item, dict) else s.special_container(item, self))
        return found

    def _packages(self, spec: Any) -> list[dict[str, Any]]:
        if spec == "$previous":
            return list(self.body.get("packages", []))
        return self.goods.take_packages(int(spec)) if spec else []

    def execute(self) -> ScenarioResult:
        started, results, outcome = time.monotonic(), [], "passed"
        for i, step in enumerate(self.scenario.steps):
            result = self._step(i, step)
            results.append(result)
            if not result.ok:
                outcome = "stopped" if result.stopped else "failed"
                break
        elapsed = time.monotonic() - started
        return ScenarioResult(self.scenario.name, self.options.protocol, outcome, results, elapsed)

    def _step(self, i: int, step: Step) -> StepResult:
        try:
            got = ACTIONS[step.kind](self, step)
        except s.StoppedError as exc:
            return StepResult(i, step.label, False, step.expect, {}, str(exc), stopped=True)
        except Exception as exc:  # a report, not a crash: the next scenario runs
            return StepResult(i, step.label, False, step.expect, {}, f"{type(exc).__name__}: {exc}")
        if "status" in step.expect:
            got["status"] = self.read()["status"]
        ok, why = _matches(step.expect, got)
        return StepResult(i, step.label, ok, step.expect, got, why)


def _matches(expect: dict[str, Any], got: dict[str, Any]) -> tuple[bool, str]:
    for key, wanted in expect.items():
        value = got.get(key)
        if key == "rules":
            missing = [r for r in wanted if r not in (value or [])]
            if missing:
                return False, f"rules {missing} not reported"
        elif isinstance(wanted, list):
            if value not in wanted:
                return False, f"{key}: expected one of {wanted}, got {value!r}"
        elif value != wanted:
            return False, f"{key}: expected {wanted!r}, got {value!r}"
    return True, ""
