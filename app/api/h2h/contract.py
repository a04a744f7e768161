"""The H2H contract tables in contracts/h2h/, read once: the tables drive the reader, the
response documents, the OpenAPI schemas and the contract tests alike."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from app.api.http.contract_files import table

MAX_TEXT = 1000  # ours: a bound for strings the note gives no length (nothing is unbounded)


@dataclass(frozen=True)
class FieldSpec:
    """One member of a request body or one query parameter, as the note's tables give it."""

    schema: str
    name: str
    type: str  # string, number, boolean, object, array
    ref: str  # the schema of an object, or of an array's items
    max_length: int | None  # the note's
    format: str  # "date" (dd-MM-yyyy), "datetime" (dd-MM-yyyy HH:mm:ss) or ""
    required: str  # "spec" (the note says so), "ours" (the simulator needs it) or ""
    aliases: tuple[str, ...]  # other spellings real clients send (note 9)
    our_max: int | None  # ours where we store less or the note gives none
    rule: str = ""  # the rule that needs a required field (E1, L1, ...): its refusal names it

    @property
    def limit(self) -> int | None:
        """The length we enforce; None for dates, numbers, booleans and containers."""
        if self.type != "string" or self.format:
            return None
        return self.our_max or self.max_length or MAX_TEXT


@dataclass(frozen=True)
class ResponseField:
    schema: str
    name: str
    type: str  # string, integer, number, boolean
    format: str  # "date" for dd-MM-yyyy strings


@dataclass(frozen=True)
class Code:
    """One answer of the surface: HTTP status, body code, result and detail template."""

    case: str
    http: int
    code: int
    result: str
    detail: str


def _int(text: str) -> int | None:
    return int(text) if text else None


@cache
def fields(schema: str) -> tuple[FieldSpec, ...]:
    rows = [r for r in table("h2h/fields.csv") if r["schema"] == schema]
    return tuple(
        FieldSpec(
            r["schema"],
            r["field"],
            r["type"],
            r["ref"],
            _int(r["max_length"]),
            r["format"],
            r["required"],
            tuple(filter(None, r["aliases"].split("|"))),
            _int(r["our_max"]),
            r.get("rule") or "",
        )
        for r in rows
    )


def field(schema: str, name: str) -> FieldSpec:
    return next(f for f in fields(schema) if f.name == name)


@cache
def request_schemas() -> tuple[str, ...]:
    return tuple(dict.fromkeys(r["schema"] for r in table("h2h/fields.csv")))


@cache
def response_fields(schema: str) -> tuple[ResponseField, ...]:
    return tuple(
        ResponseField(r["schema"], r["field"], r["type"], r["format"])
        for r in table("h2h/responses.csv")
        if r["schema"] == schema
    )


@cache
def response_schemas() -> tuple[str, ...]:
    return tuple(dict.fromkeys(r["schema"] for r in table("h2h/responses.csv")))


@cache
def codes() -> dict[str, Code]:
    return {
        r["case"]: Code(r["case"], int(r["http"]), int(r["code"]), r["result"], r["detail"])
        for r in table("h2h/codes.csv")
    }


def code(case: str) -> Code:
    return codes()[case]
