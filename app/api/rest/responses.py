"""Answers serialised once, in the route: a route that returns its model instead makes FastAPI
validate it again against the response model, on one more thread hop (a plain `def` route),
and only then serialise it. The response model still documents the answer."""

from __future__ import annotations

from fastapi import Response
from pydantic import BaseModel


def json_answer(
    out: BaseModel, status_code: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return Response(
        out.model_dump_json(),
        status_code=status_code,
        headers=headers,
        media_type="application/json",
    )
