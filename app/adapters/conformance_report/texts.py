"""What the three writers say the same way: a scenario's texts, outcome names, times, quirks."""

from __future__ import annotations

import re
from datetime import datetime

from app.adapters.i18n import Translator
from app.domain.conformance.model import Outcome, RunReport, ScenarioSpec


def title(spec: ScenarioSpec, tr: Translator) -> str:
    return tr(f"{spec.key}.title")


def simulator_part(spec: ScenarioSpec, tr: Translator) -> str:
    return tr(f"{spec.key}.simulator")


def client_part(spec: ScenarioSpec, tr: Translator) -> str:
    return tr(f"{spec.key}.client")


def outcome_name(outcome: Outcome, tr: Translator) -> str:
    return tr(f"conformance_report.outcome.{outcome.value}")


def quirk_text(name: str, tr: Translator) -> str:
    """The quirk's description when a catalogue has one; its name is always shown beside it."""
    key = f"conformance.quirk.{name}"
    return tr(key) if tr.has(key) else ""


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
