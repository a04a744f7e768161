"""Idempotency-Key on the officers' and operators' actions: a client that lost the reply sends
the same request again with the same key and gets the first answer back (200,
`Idempotent-Replayed: true`) instead of a 409 for a step already taken; the same key with
another request is a 409. Keys are the caller's own: another account's key never matches."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, FastAPI, Header, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from app.adapters.sql.repositories.idempotency_repository import (
    SqlIdempotencyRecords,
    StoredAnswer,
)
from app.api.http.wiring import ServicesDep
from app.api.rest.deps import ActorDep
from app.domain.errors import ConflictError, InvalidInputError

HEADER = "Idempotency-Key"
_KEY = re.compile(r"^[\x21-\x7e]{1,200}$")  # visible ASCII, as clients send UUIDs or hashes


class ReplayedAnswerError(Exception):
    """A retry: answered with what the first request got (not an error for the client)."""

    def __init__(self, answer: StoredAnswer) -> None:
        super().__init__("replayed")
        self.answer = answer


@dataclass(frozen=True)
class Idempotency:
    """The key of one action, if its client sent one, and what it must match."""

    store: SqlIdempotencyRecords
    username: str
    key: str | None
    fingerprint: str

    def remember(self, out: bytes, status: int = 200) -> None:
        """`out`: the answer as sent, so that a replay is the same bytes."""
        if self.key is not None:
            answer = StoredAnswer(self.fingerprint, status, out.decode())
            self.store.remember(self.username, self.key, answer)


async def idempotency(
    request: Request,
    actor: ActorDep,
    services: ServicesDep,
    key: Annotated[
        str | None,
        Header(
            alias=HEADER,
            description="Any unique string (a UUID) per action: a retry with the same key and "
            "body gets the first answer again, with `Idempotent-Replayed: true`.",
        ),
    ] = None,
) -> Idempotency:
    body = await request.body()  # cached by Starlette: the route still reads it
    fingerprint = hashlib.sha256(f"{request.method} {request.url.path}\n".encode() + body)
    found = Idempotency(services.idempotency, actor.username, key, fingerprint.hexdigest())
    if key is None:
        return found
    if not _KEY.match(key):
        raise InvalidInputError("Idempotency-Key: 1 to 200 visible ASCII characters", HEADER)
    stored = await run_in_threadpool(services.idempotency.find, actor.username, key)
    if stored is None:
        return found
    if stored.fingerprint != found.fingerprint:
        raise ConflictError(f"this {HEADER} was used for another request; use a new key")
    raise ReplayedAnswerError(stored)


IdempotencyDep = Annotated[Idempotency, Depends(idempotency)]


async def _replay(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ReplayedAnswerError)
    headers = {"Idempotent-Replayed": "true"}
    return Response(exc.answer.body, exc.answer.status, headers, "application/json")


def install(app: FastAPI) -> None:
    app.add_exception_handler(ReplayedAnswerError, _replay)
