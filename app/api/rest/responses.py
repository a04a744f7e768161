"""Answers serialised once, in the route (a schema's json_of): a route that returns its model
instead makes FastAPI validate it again against the response model, on one more thread hop (a
plain `def` route), and only then serialise it. The response model still documents it."""

from __future__ import annotations

from fastapi import Response


def json_answer(
    body: bytes, status_code: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return Response(body, status_code=status_code, headers=headers, media_type="application/json")
