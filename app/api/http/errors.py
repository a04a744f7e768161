"""Every error a user can cause, as RFC 9457 problem details; status codes live only here."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.adapters.i18n import Translator, negotiate, translator
from app.adapters.sql.unit_of_work import domain_error
from app.domain import errors as e

log = logging.getLogger("plp.api")
PROBLEM = "application/problem+json"

STATUS_BY_ERROR: dict[type[e.PlpError], int] = {
    e.AuthenticationError: 401,
    e.ForbiddenError: 403,
    e.PlpNotFoundError: 404,
    e.NotFoundError: 404,
    e.IllegalTransitionError: 409,
    e.ConflictError: 409,
    e.DuplicateSubmissionError: 409,
    e.RuleViolationError: 409,
    e.InvalidInputError: 422,
    e.TooManyLoginsError: 429,
    e.ManualProcedureInForceError: 503,
    e.DependencyUnavailableError: 503,
}
TITLES = {  # the English titles; every language's are in problems.po as problems.title.<status>
    400: "Bad request",
    401: "Not authenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Request body too large",
    415: "Unsupported media type",
    422: "Invalid request",
    429: "Too many requests",
    500: "Internal error",
    503: "Service unavailable",
}


def problem_language(request: Request | None) -> str:
    """Issue 18: a problem speaks the language `Accept-Language` asks for (Indonesian first
    among ours); a client that asks for none gets the English every API client knows."""
    header = request.headers.get("accept-language") if request is not None else None
    return negotiate(None, header) if header and header.strip() else "en"


def problem_title(status: int, tr: Translator) -> str:
    key = f"problems.title.{status}" if status in TITLES else "problems.title.other"
    return tr(key)


def problem_detail(exc: e.PlpError, tr: Translator) -> str:
    """The detail of a domain error in `tr`'s language: its message's catalogue text, or the
    English detail when the error carries none (or no catalogue knows its key)."""
    message = exc.message
    if message is None or not tr.has(message.key):
        return exc.detail
    return message.worded(tr)


def problem(status: int, detail: str, request: Request | None = None, **extra: Any) -> JSONResponse:
    """A problem answer; with `request` its title speaks the language the request asks for."""
    language = problem_language(request)
    body = {
        "type": "about:blank",
        "title": problem_title(status, translator(language)),
        "status": status,
        "detail": detail,
    } | {k: v for k, v in extra.items() if v is not None}
    headers = {"Content-Language": language, "Vary": "Accept-Language"}
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def _status(exc: e.PlpError) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS_BY_ERROR:
            return STATUS_BY_ERROR[cls]
    return 400


async def _plp_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, e.PlpError)
    extra: dict[str, Any] = {"rule": exc.rule, "instance": request.url.path}
    detail = problem_detail(exc, translator(problem_language(request)))
    if isinstance(exc, e.InvalidInputError) and exc.field:
        extra["errors"] = [{"field": exc.field, "message": detail}]
    if isinstance(exc, e.ManualProcedureInForceError):
        extra |= {"office_code": exc.office_code, "manual_since": exc.since}
    if isinstance(exc, e.IllegalTransitionError):
        extra["current_status"] = str(exc.status)
    response = problem(_status(exc), detail, request, **extra)
    if isinstance(exc, e.TooManyLoginsError):
        response.headers["Retry-After"] = str(exc.seconds)
    return response


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        _malformed_json(err, exc.body)
        if err.get("type") == "json_invalid"
        else {
            "field": ".".join(str(p) for p in err["loc"] if p != "body") or "body",
            "message": err["msg"],
        }
        for err in exc.errors()
    ]
    first = errors[0] if errors else {"field": "body", "message": "invalid"}
    detail = first["message"] if "position" in first else f"{first['field']}: {first['message']}"
    if len(errors) > 1:
        detail += f" (and {len(errors) - 1} more)"
    return problem(422, detail, request, errors=errors, instance=request.url.path)


def _malformed_json(err: Any, document: Any) -> dict[str, Any]:
    """FastAPI puts the decoder's character offset where a field name goes (loc ("body", 18));
    a client needs it as a position, with the line and column an editor shows."""
    position = next((p for p in err["loc"] if isinstance(p, int)), 0)
    where = f"malformed JSON at character {position}"
    if isinstance(document, str):
        line = document.count("\n", 0, position) + 1
        column = position - (document.rfind("\n", 0, position) + 1) + 1
        where += f" (line {line}, column {column})"
    reason = (err.get("ctx") or {}).get("error")
    return {
        "field": "body",
        "position": position,
        "message": f"{where}: {reason}" if reason else where,
    }


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    response = problem(exc.status_code, str(exc.detail), request, instance=request.url.path)
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    return response


Handler = Callable[[Request, Exception], Awaitable[Response]]


def database_errors(known: Handler, unexpected: Handler) -> Handler:
    """A database error outside a unit of work (log-in, API keys) means what it means inside
    one (`domain_error`), answered by the surface's own `known` handler; any other is
    `unexpected`. One for REST and the H2H apps, each with its envelope."""

    async def handle(request: Request, exc: Exception) -> Response:
        error = domain_error(exc)
        return await (unexpected(request, exc) if error is None else known(request, error))

    return handle


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    tr = translator(problem_language(request))
    return problem(500, tr("problems.unexpected"), request, instance=request.url.path)


def install(app: FastAPI) -> None:
    app.add_exception_handler(e.PlpError, _plp_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(DBAPIError, database_errors(_plp_error, _unexpected))
    app.add_exception_handler(Exception, _unexpected)
