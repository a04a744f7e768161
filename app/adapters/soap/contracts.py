"""The code tables and the WSDL in contracts/, read once: the contract drives the code."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

_HERE = Path(__file__).resolve()
# a built wheel carries contracts/ as app/_contracts (pyproject force-include); a checkout has it
# at the repository root
_CANDIDATES = (_HERE.parents[2] / "_contracts", _HERE.parents[3] / "contracts")


def contracts_dir() -> Path:
    for candidate in _CANDIDATES:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("contracts/ not found next to the app package")


@cache
def table(name: str) -> tuple[dict[str, str], ...]:
    """The rows of a CSV code table, as dicts keyed by its header."""
    with (contracts_dir() / name).open(encoding="utf-8", newline="") as f:
        return tuple(csv.DictReader(f))


@cache
def text(name: str) -> str:
    return (contracts_dir() / name).read_text(encoding="utf-8")
