"""Every answer of the TPS sub-application is the note's envelope, refusals too: the domain's
errors, the contract's, an unknown path, a body over the limit, a bug."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException

from app.api.h2h import envelope
from app.api.h2h.envelope import Answer, Outcome
from app.api.h2h.errors import bad_value
from app.api.h2h.state import relative_path, state_of
from app.api.http.errors import database_errors
from app.domain.errors import PlpError

log = logging.getLogger("plp.h2h")
_BY_STATUS = {404: "path_not_found", 405: "method_not_allowed", 413: "too_large"}
_BY_STATUS |= {429: "too_many_requests"}


def respond(request: Request, outcome: Outcome) -> JSONResponse:
    state = state_of(request)
    return reply(envelope.answer(outcome, relative_path(request), state.now()))


def reply(answer: Answer, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse(answer.body, status_code=answer.status, headers=headers)


async def _plp_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, PlpError)
    answer = envelope.refusal(exc, relative_path(request), state_of(request).now())
    return reply(answer, {"WWW-Authenticate": "Bearer"} if answer.status == 401 else None)


async def _validation(request: Request, exc: Exception) -> JSONResponse:
    """Parameters are read by the contract reader; this is only FastAPI's own checks."""
    assert isinstance(exc, RequestValidationError)
    first = next(iter(exc.errors()), {"loc": ("body",), "msg": "invalid"})
    field = ".".join(str(p) for p in first["loc"])
    return await _plp_error(request, bad_value(field, f"{field}: {first['msg']}"))


async def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    case = _BY_STATUS.get(exc.status_code, "bad_value")  # anything else: a bad request
    path = relative_path(request)
    limit = state_of(request).services.settings.max_body_bytes
    values = {"path": path, "limit": limit, "message": str(exc.detail)}
    answer = envelope.answer(Outcome(case, values=values), path, state_of(request).now())
    return reply(answer, exc.headers)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("H2H %s %s failed unexpectedly", request.method, request.url.path)
    return reply(
        envelope.answer(Outcome("internal"), relative_path(request), state_of(request).now())
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(PlpError, _plp_error)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(DBAPIError, database_errors(_plp_error, _unexpected))
    app.add_exception_handler(Exception, _unexpected)
