"""The response envelope of every TPS endpoint, `{result, detail, path, date, code, version,
data}` (note 3.1), and the answer to each refusal, from contracts/h2h/codes.csv."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from app.api.h2h import contract
from app.api.h2h.errors import H2hInputError, RejectedOnArrivalError
from app.domain.errors import PlpError

VERSION = "1.0.0"
WIB = ZoneInfo("Asia/Jakarta")


@dataclass(frozen=True)
class Outcome:
    """What an operation answers, before the envelope adds the path and the time."""

    case: str
    data: Any = None
    values: dict[str, object] | None = None


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any]


def stamp(at: datetime) -> str:
    """`dd-MM-yyyy HH:mm:ss:SS WIB`: two digits of fraction after a colon, as DJBC writes it."""
    local = at.astimezone(WIB)
    return local.strftime("%d-%m-%Y %H:%M:%S:") + f"{local.microsecond // 10_000:02d} WIB"


def answer(outcome: Outcome, path: str, at: datetime) -> Answer:
    code = contract.code(outcome.case)
    detail = code.detail.format_map(_Keep(outcome.values or {}))
    return Answer(code.http, body(code, detail, path, at, outcome.data))


def body(code: contract.Code, detail: str, path: str, at: datetime, data: Any) -> dict[str, Any]:
    return {
        "result": code.result,
        "detail": detail,
        "path": path,
        "date": stamp(at),
        "code": code.code,
        "version": VERSION,
        "data": data,
    }


def refusal(exc: PlpError, path: str, at: datetime) -> Answer:
    """A refusal's row: its own case (contract errors), else its rule or error class's."""
    case = getattr(exc, "case", None)
    code = contract.code(case) if isinstance(case, str) else _by_class(exc)
    detail = exc.detail if case else code.detail.format_map(_Keep(_values(exc)))
    return Answer(code.http, body(code, detail, path, at, _data(exc)))


def _by_class(exc: PlpError) -> contract.Code:
    codes = contract.codes()
    return next(codes[c.__name__] for c in type(exc).__mro__ if c.__name__ in codes)


def _values(exc: PlpError) -> dict[str, object]:
    return {"detail": exc.detail, "rule": exc.rule or ""}


def _data(exc: PlpError) -> Any:
    """The note saw `data` null on errors; we list what is wrong, since one detail cannot say
    which of sixty fields it is (no refNumber in it: a client's success test stays false)."""
    if isinstance(exc, H2hInputError):
        return {"errors": [{"field": p.field, "message": p.message} for p in exc.problems]}
    if isinstance(exc, RejectedOnArrivalError):
        found = [{"rule": f.rule, "line": f.line_no, "message": f.detail} for f in exc.findings]
        return {"errors": found}
    return None


class _Keep(dict[str, object]):
    """str.format_map that leaves an unknown placeholder as it is instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
