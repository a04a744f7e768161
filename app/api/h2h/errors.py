"""Refusals of the H2H surface: each names its case in contracts/h2h/codes.csv."""

from __future__ import annotations

from dataclasses import dataclass

from app.api.h2h import contract
from app.domain.errors import AuthenticationError, ForbiddenError, InvalidInputError, PlpError
from app.domain.plp_parts import Finding


@dataclass(frozen=True)
class Problem:
    """One field or parameter that breaks the contract."""

    field: str  # its path in the body, e.g. "header.kodeTpsAsal", or the parameter's name
    case: str  # required, too_long, bad_date, bad_datetime, wrong_type, bad_value
    message: str


class H2hInputError(InvalidInputError):
    """The body or the query breaks the contract; the first problem is the detail."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0].message, problems[0].field)
        self.problems = problems
        self.case = problems[0].case


def problem(field: str, case: str, **values: object) -> Problem:
    return Problem(field, case, contract.code(case).detail.format(field=field, **values))


def bad_value(field: str, message: str) -> H2hInputError:
    return H2hInputError([problem(field, "bad_value", message=message)])


class MalformedJsonError(InvalidInputError):
    """The body is not JSON at all."""

    case = "malformed_json"

    def __init__(self, message: str) -> None:
        super().__init__(contract.code(self.case).detail.format(message=message), "body")


class ScopeError(ForbiddenError):
    """Note 2.8: a TPS, kantor or gudang code outside the account's scope (exact 403 text)."""

    def __init__(self, case: str, code: str) -> None:
        super().__init__(contract.code(case).detail.format(code=code))
        self.case = case


class TokenError(AuthenticationError):
    """A missing, invalid or expired token, or a missing or wrong beacukai-api-key."""

    def __init__(self, case: str) -> None:
        super().__init__(contract.code(case).detail)
        self.case = case


class RejectedOnArrivalError(PlpError):
    """E1-E6, A1/A2: the request is stored REJECTED; the upload is answered as refused."""

    case = "rejected_on_arrival"

    def __init__(self, findings: tuple[Finding, ...]) -> None:
        words = "; ".join(f"{f.rule}: {f.detail}" for f in findings)
        super().__init__(contract.code(self.case).detail.format(findings=words))
        self.findings = findings
