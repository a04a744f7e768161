"""The files of contracts/ (WSDL, code tables, the H2H field tables), found and read once:
the contract drives the code of the SOAP and H2H adapters alike."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

_HERE = Path(__file__).resolve()
# a built wheel carries contracts/ as app/_contracts (pyproject force-include); a checkout has it
# at the repository root
_CANDIDATES = (_HERE.parents[2] / "_contracts", _HERE.parents[3] / "contracts")


@cache
def contracts_dir() -> Path:
    for candidate in _CANDIDATES:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("contracts/ not found next to the app package")


@cache
def table(name: str) -> tuple[dict[str, str], ...]:
    """The rows of a CSV table under contracts/ (e.g. "kd_res.csv", "h2h/fields.csv")."""
    with (contracts_dir() / name).open(encoding="utf-8", newline="") as f:
        return tuple(csv.DictReader(f))


@cache
def text(name: str) -> str:
    return (contracts_dir() / name).read_text(encoding="utf-8")
