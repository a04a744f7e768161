"""The hot reads' answers, kept while they stay true (issue 13; `AnswerCache` says when)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable
from datetime import datetime

from fastapi import Response

from app.api.http.wiring import Services
from app.api.rest.responses import json_answer

Built = tuple[bytes, datetime | None]  # the answer, and when its clocks next change it


async def kept_answer(
    services: Services, key: Hashable, build: Callable[[], Awaitable[Built]]
) -> Response:
    """`key` names everything the answer depends on besides the data and the clock: the
    route, its arguments, the caller as authenticated, the language."""
    answers, clock = services.answers, services.clock
    revision = await answers.revision()  # before the data is read
    started = clock.now()
    body = answers.get(key, revision, started)
    if body is None:
        body, until = await build()
        answers.keep(key, revision, body, started, clock.now(), until)
    return json_answer(body)
