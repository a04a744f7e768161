"""Errors of the SOAP adapter: protocol errors become Faults, fStream errors become KD_RES."""

from __future__ import annotations

from app.domain.errors import InvalidInputError


class SoapFaultError(Exception):
    """A protocol error (not XML, DTD, unknown operation, bad credentials): a SOAP Fault."""

    def __init__(
        self, message: str, sender: bool = True, status: int = 500, retry_after: int | None = None
    ) -> None:
        super().__init__(message)
        self.message, self.sender, self.status = message, sender, status
        self.retry_after = retry_after  # seconds, for the Retry-After header of a 429


class FStreamError(InvalidInputError):
    """The fStream cannot be read into a command; its class names its KD_RES (contracts/)."""


class MalformedDocumentError(FStreamError):
    """Not well-formed, or not the document the operation expects."""


class MissingElementError(FStreamError):
    """A mandatory element is missing or empty."""


class BadValueError(FStreamError):
    """A value has the wrong format or length."""


class UnsupportedDocumentError(FStreamError):
    """Valid, but outside what the simulator handles (movements other than PLP)."""
