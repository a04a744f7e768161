"""Reading a JSON body or the query parameters against the contract tables (Tolerant Reader):
unknown members are ignored and scalars are coerced as Jackson does by default (DJBC's server
is Spring: its schemas carry Java date patterns), so a number may stand for a string and a
numeric string for a number; lengths and date formats are checked as the note's tables say.
Every problem is collected, so one answer lists them all."""

from __future__ import annotations

import contextlib
import json
import math
import re
from datetime import date, datetime
from typing import Any

from app.api.h2h import contract
from app.api.h2h.contract import FieldSpec
from app.api.h2h.errors import H2hInputError, MalformedJsonError, Problem, problem

MAX_ITEMS = 1000  # per list, as the REST API allows
_DATE = re.compile(r"^\d{2}-\d{2}-\d{4}$")
# dd-MM-yyyy HH:mm:ss with one space (examples), two (SPEC) or a T (one PM example), note 4
_MOMENT = re.compile(r"^(\d{2}-\d{2}-\d{4})(?: {1,2}|T)(\d{2}:\d{2}(?::\d{2})?)$")
_TYPE_WORDS = {"string": "teks", "number": "angka", "boolean": "boolean", "object": "objek"}
_TYPE_WORDS["array"] = "array"
_SURROGATE = re.compile("[\ud800-\udfff]")


def parse_json(raw: bytes) -> Any:
    """The body as JSON; NaN and Infinity are not JSON and are refused like any other junk, and
    so is text that is not Unicode: a lone surrogate, escaped (`\\ud800`) or encoded as bytes,
    which no database can store and no answer can echo (it was a 500 wherever it went)."""
    try:  # strict decoding refuses encoded surrogates; json.loads(bytes) would let them pass
        text = raw.decode(json.detect_encoding(raw))
        value = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError and bad UTF-8 are ValueErrors
        raise MalformedJsonError(str(exc)[:200]) from exc
    if "\\u" in text and (where := _lone_surrogate(value)) is not None:
        raise MalformedJsonError(f"{where} is not Unicode text (a lone surrogate)")
    return value


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON value")


def _lone_surrogate(value: Any, where: str = "body") -> str | None:
    """The path of the first string (a value or a member name) holding a surrogate: json.loads
    joins an escaped pair into one character, so any surrogate left is a lone one."""
    if isinstance(value, str):
        return where if _SURROGATE.search(value) else None
    if isinstance(value, list):
        members = [(f"{where}[{i}]", item) for i, item in enumerate(value)]
    elif isinstance(value, dict):
        if any(_SURROGATE.search(name) for name in value):
            return f"a member name in {where}"
        inside = "" if where == "body" else f"{where}."
        members = [(inside + name, item) for name, item in value.items()]
    else:
        return None
    return next((p for path, item in members if (p := _lone_surrogate(item, path))), None)


def read(value: Any, schema: str) -> dict[str, Any]:
    """The members of `schema` (absent ones as None, lists as []), or every problem found."""
    problems: list[Problem] = []
    found = _object(value, schema, "", problems)
    if problems:
        raise H2hInputError(problems)
    return found


def _object(value: Any, schema: str, where: str, problems: list[Problem]) -> dict[str, Any]:
    if not isinstance(value, dict):
        problems.append(problem(where or "body", "wrong_type", type=_TYPE_WORDS["object"]))
        return {}
    out: dict[str, Any] = {}
    for spec in contract.fields(schema):
        name = f"{where}.{spec.name}" if where else spec.name
        raw = next((value[k] for k in (spec.name, *spec.aliases) if not _empty(value.get(k))), None)
        if _empty(raw):
            if spec.required and spec.rule:  # issue 16.5: the refusal names the rule too
                problems.append(problem(name, "required_by_rule", rule=spec.rule))
            elif spec.required:
                problems.append(problem(name, "required"))
            out[spec.name] = [] if spec.type == "array" else None
        else:
            out[spec.name] = _value(raw, spec, name, problems)
    return out


def _empty(value: Any) -> bool:
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def _value(raw: Any, spec: FieldSpec, name: str, problems: list[Problem]) -> Any:
    if spec.type == "object":
        return _object(raw, spec.ref, name, problems)
    if spec.type == "array":
        return _array(raw, spec, name, problems)
    try:
        return _SCALARS[spec.type](raw, spec)
    except _WrongValueError as exc:
        problems.append(problem(name, exc.case, **exc.values))
        return None


def _array(raw: Any, spec: FieldSpec, name: str, problems: list[Problem]) -> list[Any]:
    if not isinstance(raw, list):
        problems.append(problem(name, "wrong_type", type=_TYPE_WORDS["array"]))
        return []
    if len(raw) > MAX_ITEMS:
        problems.append(problem(name, "bad_value", message=f"{name}: lebih dari {MAX_ITEMS} baris"))
        return []
    return [_object(item, spec.ref, f"{name}[{i}]", problems) for i, item in enumerate(raw)]


class _WrongValueError(Exception):
    def __init__(self, case: str, **values: object) -> None:
        super().__init__(case)
        self.case, self.values = case, values


def _string(raw: Any, spec: FieldSpec) -> str | date | datetime:
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise _WrongValueError("wrong_type", type=_TYPE_WORDS["string"])
    text = raw.strip() if isinstance(raw, str) else str(raw)
    if spec.format == "date":
        return day(text)
    if spec.format == "datetime":
        return moment(text)
    limit = spec.limit
    if limit is not None and len(text) > limit:
        raise _WrongValueError("too_long", max=limit)
    return text


def _number(raw: Any, spec: FieldSpec) -> float:
    number: float | None = None
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        number = float(raw)
    elif isinstance(raw, str):
        with contextlib.suppress(ValueError):
            number = float(raw.strip())
    if number is None or not math.isfinite(number):  # "NaN" and "inf" parse, but are no count
        raise _WrongValueError("wrong_type", type=_TYPE_WORDS["number"])
    return number


def _boolean(raw: Any, spec: FieldSpec) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in ("true", "false"):
        return raw.strip().lower() == "true"
    raise _WrongValueError("wrong_type", type=_TYPE_WORDS["boolean"])


_SCALARS = {"string": _string, "number": _number, "boolean": _boolean}


def day(text: str) -> date:
    """dd-MM-yyyy, the only date format of request bodies and query parameters (note 4)."""
    try:
        if _DATE.match(text):
            return datetime.strptime(text, "%d-%m-%Y").date()  # noqa: DTZ007 (a date)
    except ValueError:
        pass
    raise _WrongValueError("bad_date")


def moment(text: str) -> datetime:
    """dd-MM-yyyy HH:mm:ss, the office's local time (no offset); seconds may be left out."""
    found = _MOMENT.match(text)
    if found:
        clock = found.group(2) if found.group(2).count(":") == 2 else found.group(2) + ":00"
        try:
            return datetime.strptime(f"{found.group(1)} {clock}", "%d-%m-%Y %H:%M:%S")  # noqa: DTZ007
        except ValueError:
            pass
    raise _WrongValueError("bad_datetime")
