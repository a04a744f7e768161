"""What the three writers say the same way: a scenario's texts, outcome names, times, quirks."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime

from app.adapters.i18n import Translator
from app.domain.conformance.catalogue import SCENARIOS
from app.domain.conformance.model import (
    Check,
    Outcome,
    Protocol,
    RunReport,
    ScenarioResult,
    ScenarioSpec,
)


def values_of(result: ScenarioResult) -> dict[str, str]:
    """What a scenario's texts may name: its stated limits and the goods given to the client."""
    return {**result.scenario.params, **result.data}


def say(key: str, tr: Translator, values: Mapping[str, str]) -> str:
    """The text of `key` with the scenario's values in its placeholders. A placeholder with no
    value stays as written: one missing datum must not cost the vendor the whole report."""
    text = tr(key)
    try:
        return text.format_map(_Keep(values))
    except (ValueError, IndexError, AttributeError):
        return text


class _Keep(dict[str, str]):
    def __missing__(self, name: str) -> str:
        return "{" + name + "}"


def title(spec: ScenarioSpec, tr: Translator, values: Mapping[str, str] | None = None) -> str:
    return say(f"{spec.key}.title", tr, spec.params if values is None else values)


def simulator_part(spec: ScenarioSpec, tr: Translator, values: Mapping[str, str]) -> str:
    return say(f"{spec.key}.simulator", tr, values)


def client_part(spec: ScenarioSpec, tr: Translator, values: Mapping[str, str]) -> str:
    return say(f"{spec.key}.client", tr, values)


def check_text(check: Check, tr: Translator, values: Mapping[str, str]) -> str:
    return say(check.key, tr, values)


def outcome_name(outcome: Outcome, tr: Translator) -> str:
    return tr(f"conformance_report.outcome.{outcome.value}")


def quirk_text(name: str, tr: Translator) -> str:
    """What a named DJBC quirk is, when the catalogue knows it; the name is always shown too."""
    key = f"conformance_report.quirk.{name}"
    return tr(key) if tr.has(key) else ""


def move_text(operation: str, tr: Translator) -> str:
    """A simulated officer's (or the simulator's) move, in words when the pack names it."""
    key = f"conformance.move.{operation}"
    return tr(key) if tr.has(key) else operation


def not_listed(report: RunReport, tr: Translator) -> tuple[tuple[ScenarioSpec, str], ...]:
    """The pack's scenarios this run does not list, each with why: the protocol cannot carry
    what it tests, or it runs only with the DJBC quirks switch on."""
    ran = {r.scenario.id for r in report.results}
    missing = []
    for spec in SCENARIOS:
        if spec.id in ran:
            continue
        if report.protocol not in spec.protocols:
            over = ", ".join(p.value for p in Protocol if p in spec.protocols)
            why = tr(
                "conformance_report.unlisted.protocol",
                protocol=report.protocol.value,
                protocols=over,
            )
        elif spec.quirks_only and not report.quirks:
            why = tr("conformance_report.unlisted.quirks")
        else:
            continue
        detail = f"conformance_report.unlisted.{spec.key.rsplit('.', 1)[-1]}"
        missing.append((spec, f"{why} {tr(detail)}" if tr.has(detail) else why))
    return tuple(missing)


def moment(at: datetime | None) -> str:
    """ISO 8601 to the second with its offset: unambiguous to a reader and to a machine."""
    return at.isoformat(timespec="seconds") if at else ""


def seconds(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return round(max((end - start).total_seconds(), 0.0), 3)


def run_quirks(report: RunReport) -> tuple[str, ...]:
    """Every quirk reproduced in the run, once, in the order they first appeared."""
    seen: dict[str, None] = {}
    for result in report.results:
        seen.update(dict.fromkeys(result.quirks))
    return tuple(seen)


# XML 1.0 allows no C0 control but tab, newline and carriage return (nor lone surrogates, nor
# U+FFFE/U+FFFF); a malformed reply kept as evidence may hold any of them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """The text with every character XML cannot carry shown as its code, e.g. `\\x00`."""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
