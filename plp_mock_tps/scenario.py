"""Scenarios are data: a YAML (or JSON) file names the applicant, the request and the steps,
each step with what it expects. The built-in ones are in `scenarios/`; users write their own
in the same format (see scenarios/README.md)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

BUILTIN = Path(__file__).with_name("scenarios")
STEP_KINDS = frozenset(
    {
        "submit",  # file a request: {<request field>: value} over the scenario's request
        "officer",  # recommend_manifest, recommend_p2, decide, check_origin, check_destination,
        #             follow_up, investigate: done by the client (officer accounts) or awaited
        "response",  # decision | cancellation: read the answer the TPS's way (and by push)
        "gate_out",  # M3, by the origin TPS
        "gate_in",  # M5, by the destination TPS
        "cancel",  # L1, by the applicant
        "status",  # only check the request's status
        "push",  # wait for a pushed event of this type (needs the callback receiver)
        "outage",  # declare | end (as the Kasubsi)
        "clock",  # until_manual: advance the test clock a day at a time until F1 switched;
        #           {advance_hours: N}: move it N hours on
        "office",  # online | manual: wait for the office's mode
        "setting",  # {approval_validity_hours, transit_hours}: the office's T1 settings (admin)
        "watch",  # approval_lapsed | transit_overdue: wait for the T1 transit watch's flag
    }
)


@dataclass(frozen=True)
class Step:
    kind: str
    arg: Any
    expect: dict[str, Any]
    options: dict[str, Any]

    @property
    def label(self) -> str:
        arg = self.arg if isinstance(self.arg, str) else ""
        return f"{self.kind} {arg}".strip()

    @property
    def is_officer(self) -> bool:
        return self.kind == "officer"


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    applicant: str  # TPS code of the applicant
    request: dict[str, Any]
    steps: tuple[Step, ...]
    rules: tuple[str, ...] = ()
    exclusive: bool = False  # changes shared state (the clock, an office's mode): runs alone
    source: str = ""
    protocols: tuple[str, ...] = ()  # rest, soap: the only ones it runs over; () all

    def runs_over(self, protocol: str) -> bool:
        """A scenario needing what a wire format cannot carry is left out over that one."""
        return not self.protocols or protocol.split(":")[0] in self.protocols

    @property
    def first_officer_step(self) -> int | None:
        return next((i for i, s in enumerate(self.steps) if s.is_officer), None)


def load_scenario(path: str | Path) -> Scenario:
    p = Path(path)
    text = p.read_text(encoding="utf-8")
    data = json.loads(text) if p.suffix == ".json" else yaml.safe_load(text)
    return parse(data, str(p))


def parse(data: dict[str, Any], source: str = "") -> Scenario:
    steps = []
    for i, raw in enumerate(data.get("steps", [])):
        raw = dict(raw)
        expect = raw.pop("expect", {}) or {}
        kinds = [k for k in raw if k in STEP_KINDS]
        if len(kinds) != 1:
            raise ValueError(f"{source}: step {i + 1} needs exactly one of {sorted(STEP_KINDS)}")
        kind = kinds[0]
        arg = raw.pop(kind)
        steps.append(Step(kind, arg if arg is not None else {}, dict(expect), raw))
    return Scenario(
        name=str(data["name"]),
        description=str(data.get("description", "")),
        applicant=str(data.get("applicant", "TPKA")).upper(),
        request=dict(data.get("request", {})),
        steps=tuple(steps),
        rules=tuple(data.get("rules", ())),
        exclusive=bool(data.get("exclusive", False)),
        source=source,
        protocols=tuple(data.get("protocols", ())),
    )


def builtin_scenarios() -> list[Scenario]:
    return [load_scenario(p) for p in sorted(BUILTIN.glob("*.yaml"))]


def select(names: list[str] | None, files: list[str] | None = None) -> list[Scenario]:
    """Built-ins by name (all when none) plus scenario files."""
    found = [load_scenario(f) for f in files or []]
    if names or not found:
        builtins = {s.name: s for s in builtin_scenarios()}
        unknown = [n for n in names or [] if n not in builtins]
        if unknown:
            raise ValueError(f"unknown scenarios: {', '.join(unknown)}")
        found += [builtins[n] for n in names] if names else list(builtins.values())
    return found


@dataclass
class StepResult:
    index: int
    label: str
    ok: bool
    expected: dict[str, Any] = field(default_factory=dict)
    got: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    stopped: bool = False  # an officer's step left to a human: the scenario ends here
