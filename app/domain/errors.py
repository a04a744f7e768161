"""Errors the domain raises; adapters translate them to HTTP statuses or legacy KD_RES codes."""

from __future__ import annotations

from app.domain.messages import Message, msg


class PlpError(Exception):
    """Base of every error a caller can cause or meet."""

    rule: str | None = None

    def __init__(self, detail: str | Message) -> None:
        # a Message lets a channel word the detail in the reader's language (issue 18);
        # `detail` stays the English text every wire contract and test knows
        self.message = detail if isinstance(detail, Message) else None
        self.detail = detail.text if isinstance(detail, Message) else detail
        super().__init__(self.detail)


class RuleViolationError(PlpError):
    """A command breaks a rule of the procedure (the rule id says which)."""

    def __init__(self, rule: str, detail: str | Message) -> None:
        super().__init__(detail)
        self.rule = rule
        self.args = (f"{rule}: {self.detail}",)


class InvalidInputError(PlpError):
    """The input cannot be turned into a command: unknown codes, bad values."""

    def __init__(
        self, detail: str | Message, field: str | None = None, rule: str | None = None
    ) -> None:
        super().__init__(detail)
        self.field = field
        self.rule = rule  # a body a rule cannot accept (M2 seals): 422 naming the rule


class PlpNotFoundError(PlpError):
    """No request with that identity is visible to the caller."""

    def __init__(self, request_id: str) -> None:
        super().__init__(
            msg(
                "problems.plp.not_found",
                "PLP request {request_id} not found",
                request_id=request_id,
            )
        )
        self.request_id = request_id


class NotFoundError(PlpError):
    """A reference record (office, TPS, manifest, account) does not exist."""


class IllegalTransitionError(PlpError):
    """The request is not in a state that allows the command."""

    def __init__(self, request_id: str, status: str, action: str) -> None:
        super().__init__(
            msg(
                "problems.transition.illegal",
                "request {request_id} is {status}: cannot {action}",
                request_id=request_id,
                status=status,
                action=action,
            )
        )
        self.request_id, self.status, self.action = request_id, status, action


class ConflictError(PlpError):
    """The command conflicts with stored data (a reused reference, a concurrent change)."""

    def __init__(self, detail: str | Message, rule: str | None = None) -> None:
        super().__init__(detail)
        self.rule = rule


class ForbiddenError(PlpError):
    """The caller's role does not allow the command (RASCI, section 2)."""


class AuthenticationError(PlpError):
    """Credentials are missing, wrong or expired."""


class ManualProcedureInForceError(PlpError):
    """F2: the office works on the manual procedure; online submissions are refused."""

    rule = "F2"

    def __init__(self, office_code: str, since: str) -> None:
        super().__init__(
            msg(
                "problems.f2.manual_in_force",
                "office {office_code} works on the manual PLP procedure since {since}: "
                "submit the request on paper to the Kasubsi Administrasi Manifes",
                office_code=office_code,
                since=since,
            )
        )
        self.office_code, self.since = office_code, since


class DependencyUnavailableError(PlpError):
    """A service the simulator needs (the database, an outside API) does not answer."""


class DuplicateSubmissionError(PlpError):
    """A concurrent submission stored the same reference or goods first; the caller retries."""


class TooManyLoginsError(PlpError):
    """Too many failed logins for the account or the client address: wait `seconds`."""

    def __init__(self, seconds: int) -> None:
        super().__init__(
            msg(
                "problems.login.too_many",
                "too many failed logins: try again in {seconds} seconds",
                seconds=seconds,
            )
        )
        self.seconds = seconds
